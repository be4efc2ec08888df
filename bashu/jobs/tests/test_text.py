"""Segmentation and synonyms."""

from __future__ import annotations

from bashu.jobs.text import expand, query_terms, segment


def test_segment_normalises_and_drops_stopwords() -> None:
    assert segment("我想找一份ＪＡＶＡ开发工作") == ["java", "开发"]


def test_synonyms_expand_both_ways() -> None:
    group = expand("程序员")
    assert {"程序员", "软件工程师"} <= set(group)
    assert set(expand("软件工程师")) == set(group)
    assert expand("不存在的词") == ("不存在的词",)


def test_query_keeps_whole_synonym_terms() -> None:
    concepts = query_terms("成都 软件工程师")
    assert any("程序员" in c for c in concepts)
    assert ("成都",) in concepts
