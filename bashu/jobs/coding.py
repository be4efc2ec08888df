"""Automatic occupation coding (职业自动编码): a posting's or a seeker's occupation inferred
from the title, description and skills, as the O*NET-SOC AutoCoder and ESCO's occupation
classifier do, with a confidence and the next alternatives.

Plain Python over the shipped data, no Django, no network. Each detailed occupation of
``core/data/occupations.csv`` (职业分类大典 2022, 1,639 codes) is a weighted bag of features
(character bigrams and rjieba words) built from its name, its name without the generic
ending (工程技术人员, 专业人员, 人员…), its minor and medium groups' names and, for the 121
occupations that have one, ``occupation_profiles.json`` (posting titles, skills, duties), and the titles employers write of
``occupation_titles.csv`` (美工, 叉车司机). A posting is featurised the same way, the title weighted above skills and skills above the
description, the title's words widened by their synonym groups (``text.expand``) and by the
classification's word for an employer's (``occupation_terms.csv``: 司机 → 驾驶员). Score: a
tf-idf cosine; a title that is exactly an occupation's name or profile title adds a bonus.

Confidence is the winner's share of a softmax over the best scores (``TEMPERATURE``); below
``CONFIRM_BELOW`` the caller asks a caseworker to confirm (职业待确认). The figures of
``bench/coding/run.py`` (``bench/results/coding-*.md``) are what this is worth.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bashu.core.english import occupation_words_for
from bashu.core.loaders import data_file_load
from bashu.jobs.text import expand, normalise, segment

DATA = Path(__file__).resolve().parent / "data"
OCCUPATIONS = Path(__file__).resolve().parent.parent / "core" / "data" / "occupations.csv"

#: Longest text looked at, per field: a posting's description beyond this adds nothing
#: a classifier needs, and bounds the work (bounded input).
MAX_TITLE = 60
MAX_DESCRIPTION = 600
MAX_SKILLS = 30
#: Softmax temperature over the cosine scores (tuned on bench/coding/tuning.csv).
TEMPERATURE = 0.3
#: Below this confidence an inferred code waits for a caseworker (职业待确认).
CONFIRM_BELOW = 0.7
#: How many alternatives an answer carries besides the best.
ALTERNATIVES = 3

# Field weights of an occupation's document and of a posting's query.
_DOC_WEIGHTS = {
    "name": 3.0,
    "core": 2.0,
    "title": 3.0,
    "skill": 1.0,
    "duty": 0.4,
    "minor": 1.0,
    "medium": 0.4,
}
_QUERY_WEIGHTS = {"title": 3.0, "synonym": 1.0, "term": 2.0, "skills": 1.2, "description": 0.6}
_EXACT_BONUS = 2.0
#: Generic endings of occupation names (计算机软件工程技术人员 → 计算机软件), longest first.
_ENDINGS = ("工程技术人员", "专业人员", "技术人员", "人员", "操作工", "管理员", "工", "员", "师")
#: What employers add to a title that says nothing of the occupation (招聘启事的修饰语):
#: calls (急招, 诚聘, 高薪招聘), brackets of benefits (（双休）, 【急聘】, +五险一金, /月休4天).
#: Left in, 招聘 alone would vote for 招聘师.
_DECORATIONS = re.compile(
    r"^(?:【[^】]{0,8}】|\[[^\]]{0,8}\])|高薪招聘|高薪诚聘|急招|急聘|诚聘|招聘(?!师|专员|主管|经理|助理|顾问)|高薪|"
    r"^直招(?!士官|军士)|^招(?![商标聘生])(?=.{2})|"
    r"[（(](?:双休|单休|包吃住|包住|长白班|两班倒|应届可|可兼职|兼职可|提成高|日结)[）)]|"
    r"\+?五险一金|/?月休\d天|-(?:成都|重庆)\w{0,4}$|[（(](?:成都|重庆)\w{0,4}[）)]"
)
_WORD = re.compile(r"[a-z0-9+#.]+|[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Candidate:
    """One occupation a posting may be: its code, name and share of the confidence."""

    code: str
    name: str
    confidence: float


@dataclass(frozen=True)
class Coding:
    """The inferred occupation (``best``), its confidence in [0, 1] and the next
    ``ALTERNATIVES`` candidates; ``needs_confirmation`` when below ``CONFIRM_BELOW``."""

    best: Candidate | None
    alternatives: tuple[Candidate, ...]

    @property
    def confidence(self) -> float:
        return self.best.confidence if self.best else 0.0

    @property
    def needs_confirmation(self) -> bool:
        return self.best is None or self.best.confidence < CONFIRM_BELOW


def features(text: str) -> dict[str, float]:
    """Character bigrams (a lone character as itself) of each run of Chinese, each Latin
    word, and rjieba's words (``w:`` prefixed), counted."""
    found: dict[str, float] = defaultdict(float)
    cleaned = normalise(text)
    for run in _WORD.findall(cleaned):
        if run.isascii():
            found[run] += 1.0
            continue
        if len(run) == 1:
            found[run] += 1.0
        for index in range(len(run) - 1):
            found[run[index : index + 2]] += 1.0
    for word in segment(cleaned):
        if len(word) > 1:
            found["w:" + word] += 1.0
    return found


def _core(name: str) -> str:
    for ending in _ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return name[: -len(ending)]
    return name


def _add(target: dict[str, float], source: dict[str, float], weight: float) -> None:
    for feature, count in source.items():
        target[feature] += weight * (1.0 + math.log(count))


@dataclass(frozen=True)
class _Index:
    names: dict[str, str]
    postings: dict[str, list[tuple[int, float]]]  # feature → (document, weight)
    codes: list[str]
    exact: dict[str, set[int]]  # a whole title → documents that carry it


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows = data_file_load(OCCUPATIONS)
    names = {row["code"]: row["name"] for row in rows}
    parent = {row["code"]: row["parent_code"] for row in rows}
    profiles = json.loads((DATA / "occupation_profiles.json").read_text(encoding="utf-8"))
    codes = [row["code"] for row in rows if row["level"] == "detailed"]
    titles: dict[str, list[str]] = defaultdict(list)
    for row in data_file_load(DATA / "occupation_titles.csv"):
        titles[row["code"]].append(row["title"])
    documents: list[dict[str, float]] = []
    exact: dict[str, set[int]] = defaultdict(set)
    for number, code in enumerate(codes):
        document: dict[str, float] = defaultdict(float)
        name = names[code]
        _add(document, features(name), _DOC_WEIGHTS["name"])
        _add(document, features(_core(name)), _DOC_WEIGHTS["core"])
        minor = parent[code]
        if names.get(minor) != name:
            _add(document, features(names.get(minor, "")), _DOC_WEIGHTS["minor"])
        medium = parent.get(minor, "")
        if names.get(medium) not in (name, names.get(minor)):
            _add(document, features(names.get(medium, "")), _DOC_WEIGHTS["medium"])
        exact[normalise(name)].add(number)
        for title in titles.get(code, ()):
            _add(document, features(title), _DOC_WEIGHTS["title"])
            exact[normalise(title)].add(number)
        profile = profiles.get(code)
        if profile:
            for title in profile["titles"]:
                _add(document, features(title), _DOC_WEIGHTS["title"])
                exact[normalise(title)].add(number)
            for skill in profile["skills"]:
                _add(document, features(skill), _DOC_WEIGHTS["skill"])
            for duty in profile["duties"]:
                _add(document, features(duty), _DOC_WEIGHTS["duty"])
        documents.append(document)
    frequency: dict[str, int] = defaultdict(int)
    for document in documents:
        for feature in document:
            frequency[feature] += 1
    total = len(documents)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, document in enumerate(documents):
        weighted = {f: w * math.log(1.0 + total / frequency[f]) for f, w in document.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        for feature, weight in weighted.items():
            postings[feature].append((number, weight / norm))
    idf = {f: math.log(1.0 + total / n) for f, n in frequency.items()}
    # the query side's idf is folded into the postings so a query needs no table of its own
    for feature, entries in postings.items():
        postings[feature] = [(n, w * idf[feature]) for n, w in entries]
    return _Index(names, dict(postings), codes, dict(exact))


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, str], ...]:
    """Employers' words and the classification's (``occupation_terms.csv``)."""
    rows = data_file_load(DATA / "occupation_terms.csv")
    return tuple((normalise(row["written"]), row["means"]) for row in rows)


def _query(title: str, description: str, skills: Sequence[str]) -> dict[str, float]:
    query: dict[str, float] = defaultdict(float)
    _add(query, features(title), _QUERY_WEIGHTS["title"])
    written = normalise(title)
    for term, means in _terms():
        if term in written:
            _add(query, features(means), _QUERY_WEIGHTS["term"])
    for word in segment(title):
        for synonym in expand(word):
            if synonym != word:
                _add(query, features(synonym), _QUERY_WEIGHTS["synonym"])
    _add(query, features(" ".join(skills)), _QUERY_WEIGHTS["skills"])
    _add(query, features(description), _QUERY_WEIGHTS["description"])
    return query


def occupation_scores(
    *, title: str, description: str = "", skills: Iterable[str] = ()
) -> dict[str, float]:
    """Every occupation the posting shares a feature with → its score (a cosine, plus the
    exact-title bonus). Input beyond ``MAX_TITLE`` / ``MAX_DESCRIPTION`` / ``MAX_SKILLS``
    is cut, never refused."""
    title = _DECORATIONS.sub(" ", normalise(title or "")[:MAX_TITLE]).strip()
    # an English title also reads as the Chinese words it means (Welder → 焊工)
    meant = [w for word in re.findall(r"[a-z]+", title) for w in occupation_words_for(word)]
    if meant:
        title = " ".join([title, *meant])
    description = (description or "")[:MAX_DESCRIPTION]
    skill_list = [str(s)[:MAX_TITLE] for s in itertools.islice(skills, MAX_SKILLS)]
    index = _index()
    query = _query(title, description, skill_list)
    scores: dict[int, float] = defaultdict(float)
    for feature, weight in query.items():
        for number, doc_weight in index.postings.get(feature, ()):
            scores[number] += weight * doc_weight
    norm = math.sqrt(sum(w * w for w in query.values())) or 1.0
    for number in index.exact.get(normalise(title).strip(), ()):
        if number in scores:
            scores[number] += _EXACT_BONUS * norm
    return {index.codes[n]: score / norm for n, score in scores.items()}


def coding_from_scores(scores: dict[str, float]) -> Coding:
    """The best of ``scores``, its softmax share of the ten best (``TEMPERATURE``) as the
    confidence, and the next ``ALTERNATIVES``."""
    if not scores:
        return Coding(None, ())
    names = _index().names
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:10]
    top = ranked[0][1]
    weights = [math.exp((score - top) / TEMPERATURE) for _code, score in ranked]
    total = sum(weights)
    candidates = [
        Candidate(code, names[code], round(w / total, 4))
        for (code, _score), w in zip(ranked, weights, strict=True)
    ]
    return Coding(candidates[0], tuple(candidates[1 : 1 + ALTERNATIVES]))


def occupation_infer(*, title: str, description: str = "", skills: Iterable[str] = ()) -> Coding:
    """The occupation a posting (or profile) most likely is, with its confidence and the
    next alternatives; an input that shares nothing with any occupation answers none
    (confidence 0)."""
    return coding_from_scores(
        occupation_scores(title=title, description=description, skills=skills)
    )
