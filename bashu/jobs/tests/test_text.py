"""Segmentation and synonyms."""

from __future__ import annotations

from bashu.core.loaders import data_file_load
from bashu.jobs.text import DATA, expand, query_terms, segment


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


def test_a_broader_term_reaches_its_narrower_groups_only_downwards() -> None:
    assert {"前端开发", "java开发"} <= set(expand("程序员"))
    assert "程序员" not in expand("前端开发") and "java开发" not in expand("前端开发")
    assert {"货车司机", "网约车司机"} <= set(expand("司机"))


def test_the_broader_relation_names_only_synonym_groups_and_has_no_cycle() -> None:
    groups = {row["group"] for row in data_file_load(DATA / "synonyms.csv")}
    broader = {row["group"]: row["broader"] for row in data_file_load(DATA / "synonym_broader.csv")}
    assert set(broader) | set(broader.values()) <= groups
    for group in broader:
        seen, at = {group}, group
        while at in broader:
            at = broader[at]
            assert at not in seen, f"cycle through {group}"
            seen.add(at)
