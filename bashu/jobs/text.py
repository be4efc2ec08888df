"""Chinese text for search and matching: segmentation (rjieba) and synonyms (data).

Pure functions, no Django: the index, the query parser, the matcher and the benchmark's
PostgreSQL full-text comparison all segment text the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import rjieba

from bashu.core.english import occupation_words_for
from bashu.core.loaders import data_file_load

DATA = Path(__file__).resolve().parent / "data"

# Tokens that carry no meaning in a job search ("我想找一份工作").
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "我",
        "想",
        "找",
        "要",
        "一份",
        "一个",
        "有",
        "是",
        "等",
        "能",
        "会",
        "可",
        "对",
        "将",
        "并",
        "把",
        "被",
        "为",
        "以",
        "于",
        "上",
        "下",
        "中",
        "请",
        "有关",
        "相关",
        "进行",
        "具有",
        "具备",
        "负责",
        "能够",
        "工作",
        "岗位",
        "职位",
        "招聘",
        "诚聘",
        "急招",
        "高薪",
    ]
)
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case: ``ＪＡＶＡ`` and ``java`` are one token."""
    return unicodedata.normalize("NFKC", text or "").lower()


def segment(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Words of ``text`` by rjieba, normalised, without punctuation (and stopwords)."""
    words = []
    for word in rjieba.cut(normalise(text)):
        word = word.strip()
        if not word or _PUNCT.match(word):
            continue
        if not keep_stopwords and word in STOPWORDS:
            continue
        words.append(word)
    return words


def segmented(text: str) -> str:
    """The segmentation as one space-separated string (for whitespace-tokenized fields)."""
    return " ".join(segment(text, keep_stopwords=True))


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """term → every term a query for it finds: its group (itself included) from
    ``data/synonyms.csv``, and the groups narrower than it (``data/synonym_broader.csv``, to
    any depth): 程序员 finds 前端开发 and Java开发; 前端 does not find 程序员."""
    groups: dict[str, list[str]] = defaultdict(list)
    path = DATA / "synonyms.csv"
    if path.exists():
        for row in data_file_load(path):
            groups[row["group"]].append(normalise(row["term"]).strip())
    narrower: dict[str, list[str]] = defaultdict(list)
    broader_path = DATA / "synonym_broader.csv"
    if broader_path.exists():
        for row in data_file_load(broader_path):
            narrower[row["broader"]].append(row["group"])

    def reach(group: str, seen: frozenset[str] = frozenset()) -> list[str]:
        terms = list(groups.get(group, ()))
        for child in narrower.get(group, ()):
            if child not in seen:
                terms += reach(child, seen | {group})
        return terms

    by_term: dict[str, tuple[str, ...]] = {}
    for group, terms in groups.items():
        found = tuple(dict.fromkeys(reach(group)))
        for term in terms:
            by_term[term] = found
    return by_term


def expand(token: str) -> tuple[str, ...]:
    """A query token and its synonyms (the token alone when it has none)."""
    return synonym_groups().get(token, (token,))


@lru_cache(maxsize=1)
def _terms_longest_first() -> tuple[str, ...]:
    return tuple(t for t in sorted(synonym_groups(), key=len, reverse=True) if len(t) > 1)


@lru_cache(maxsize=4096)
def query_terms(q: str) -> tuple[tuple[str, ...], ...]:
    """The query as a list of alternatives per concept.

    Whole synonym terms found in the query are taken first (``软件工程师`` stays one concept
    even though rjieba splits it); the rest is segmented.
    """
    text = normalise(q).strip()
    concepts: list[tuple[str, ...]] = []
    for term in _terms_longest_first():
        if term in text:
            concepts.append(expand(term))
            text = text.replace(term, " ")
    for token in segment(text):
        # an English job word also finds what the Chinese postings call it (welder → 焊工)
        meant = tuple(t for word in occupation_words_for(token) for t in expand(word))
        concepts.append(tuple(dict.fromkeys(expand(token) + meant)))
    seen: set[tuple[str, ...]] = set()
    unique = []
    for concept in concepts:
        if concept not in seen:
            seen.add(concept)
            unique.append(concept)
    return tuple(unique)
