"""Explained matching (人岗匹配) of seekers and postings: plain functions over plain data.

The score is a weighted sum of signals in [0, 1]; weights, distances and the high-speed
corridor are data (``data/match_weights.json``). Every result carries its reasons.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bashu.core.codes import region_prefix
from bashu.core.loaders import data_file_load

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Model:
    """The matching model in force: weights and geography, with its source and date."""

    version: str
    effective_from: str
    source: str
    weights: dict[str, float]
    near_km: float
    far_km: float
    corridor: tuple[str, ...]


@lru_cache(maxsize=1)
def model() -> Model:
    raw = data_file_load(DATA / "match_weights.json")
    return Model(
        version=raw["version"],
        effective_from=raw["effective_from"],
        source=raw["source"],
        weights={k: float(v) for k, v in raw["weights"].items()},
        near_km=float(raw["near_km"]),
        far_km=float(raw["far_km"]),
        corridor=tuple(raw["corridor"]),
    )


@dataclass(frozen=True)
class Place:
    code: str
    longitude: float
    latitude: float


@dataclass(frozen=True)
class SeekerFeatures:
    id: int
    occupations: tuple[str, ...]
    skills: frozenset[str]
    tokens: Counter[str]
    place: Place
    desired_regions: tuple[str, ...]
    salary_expectation: int
    education_rank: int
    experience_years: int

    @property
    def norm(self) -> float:
        return _norm(self.tokens)


@dataclass(frozen=True)
class PostingFeatures:
    id: int
    occupation: str
    skills: frozenset[str]
    tokens: Counter[str]
    place: Place
    salary_min: int
    salary_max: int
    education_rank: int
    experience_years: int
    # Lower case → as the employer wrote it.
    skill_names: dict[str, str] = field(default_factory=dict)
    norm: float = 0.0  # of ``tokens``; computed on creation

    def __post_init__(self) -> None:
        if not self.norm:
            object.__setattr__(self, "norm", _norm(self.tokens))


@dataclass
class Match:
    seeker_id: int
    posting_id: int
    score: float
    signals: dict[str, float]
    reasons: dict[str, Any] = field(default_factory=dict)


def occupation_proximity(wanted: tuple[str, ...], code: str) -> float:
    """1 for the same occupation, then ¾, ½, ¼ for a shared minor, medium, major group."""
    best = 0.0
    target = code.split("-")
    for candidate in wanted:
        parts = candidate.split("-")
        shared = 0
        for a, b in zip(parts, target, strict=False):
            if a != b:
                break
            shared += 1
        depth = max(len(target), 1)
        # A wanted group (e.g. "2-02") contains every occupation below it.
        if shared == len(parts) and len(parts) < len(target):
            best = max(best, 0.5 + 0.5 * shared / depth)
        else:
            best = max(best, shared / 4)
    return min(best, 1.0)


def skill_overlap(
    seeker: frozenset[str], posting: frozenset[str]
) -> tuple[float, list[str], list[str]]:
    """Share of the posting's skills the seeker has; the matched and the missing ones."""
    if not posting:
        return 0.5, [], []
    matched = sorted(seeker & posting)
    missing = sorted(posting - seeker)
    return len(matched) / len(posting), matched, missing


def _norm(tokens: Counter[str]) -> float:
    return math.sqrt(sum(n * n for n in tokens.values()))


def text_similarity(
    a: Counter[str], b: Counter[str], norm_a: float | None = None, norm_b: float | None = None
) -> float:
    """Cosine of the two texts' word counts (norms may be passed in when already known)."""
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b, norm_a, norm_b = b, a, norm_b, norm_a
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    norm = (norm_a if norm_a is not None else _norm(a)) * (
        norm_b if norm_b is not None else _norm(b)
    )
    return dot / norm if norm else 0.0


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two county seats."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _on_corridor(code: str, corridor: tuple[str, ...]) -> bool:
    return any(code.startswith(prefix) for prefix in corridor)


def commute(seeker: SeekerFeatures, posting: PostingFeatures, m: Model) -> tuple[float, float, str]:
    """Score, distance and why: a desired county or a short distance is near; two places on the
    Chengdu–Chongqing high-speed corridor count as near however far apart."""
    km = distance_km(seeker.place, posting.place)
    if any(posting.place.code.startswith(region_prefix(r)) for r in seeker.desired_regions):
        return 1.0, km, "desired_region"
    if km <= m.near_km:
        return 1.0, km, "near"
    if _on_corridor(seeker.place.code, m.corridor) and _on_corridor(posting.place.code, m.corridor):
        return 0.8, km, "high_speed_corridor"
    if km >= m.far_km:
        return 0.0, km, "far"
    return 1.0 - (km - m.near_km) / (m.far_km - m.near_km), km, "distance"


def salary_fit(expectation: int, low: int, high: int) -> tuple[float, int]:
    """1 when the range reaches the expectation; the gap (CNY a month) otherwise."""
    if expectation <= 0 or high >= expectation:
        return 1.0, 0
    gap = expectation - high
    return max(0.0, 1.0 - gap / expectation * 2), gap


def score(seeker: SeekerFeatures, posting: PostingFeatures, m: Model | None = None) -> Match:
    """The explained match of one seeker and one posting."""
    m = m or model()
    skills, matched, missing = skill_overlap(seeker.skills, posting.skills)
    near, km, why = commute(seeker, posting, m)
    salary, gap = salary_fit(seeker.salary_expectation, posting.salary_min, posting.salary_max)
    signals = {
        "occupation": occupation_proximity(seeker.occupations, posting.occupation),
        "skills": skills,
        "text": text_similarity(seeker.tokens, posting.tokens),
        "commute": near,
        "salary": salary,
        "education": 1.0 if seeker.education_rank >= posting.education_rank else 0.3,
        "experience": 1.0
        if seeker.experience_years >= posting.experience_years
        else seeker.experience_years / max(posting.experience_years, 1),
    }
    total = sum(m.weights.get(name, 0.0) * value for name, value in signals.items())
    weight_sum = sum(m.weights.get(name, 0.0) for name in signals) or 1.0
    return Match(
        seeker_id=seeker.id,
        posting_id=posting.id,
        score=round(total / weight_sum, 4),
        signals={k: round(v, 3) for k, v in signals.items()},
        reasons={
            "matched_skills": [posting.skill_names.get(s, s) for s in matched],
            "missing_skills": [posting.skill_names.get(s, s) for s in missing],
            "distance_km": round(km, 1),
            "commute": why,
            "salary_gap": gap,
            "education_ok": seeker.education_rank >= posting.education_rank,
            "experience_ok": seeker.experience_years >= posting.experience_years,
        },
    )


def quick_score(
    seeker: SeekerFeatures, posting: PostingFeatures, m: Model, seeker_norm: float
) -> float:
    """The same total as ``score`` without building the reasons (for ranking many candidates)."""
    w = m.weights
    skills = len(seeker.skills & posting.skills) / len(posting.skills) if posting.skills else 0.5
    near = commute(seeker, posting, m)[0]
    salary = salary_fit(seeker.salary_expectation, posting.salary_min, posting.salary_max)[0]
    experience = (
        1.0
        if seeker.experience_years >= posting.experience_years
        else seeker.experience_years / max(posting.experience_years, 1)
    )
    total = (
        w.get("occupation", 0) * occupation_proximity(seeker.occupations, posting.occupation)
        + w.get("skills", 0) * skills
        + w.get("text", 0)
        * text_similarity(seeker.tokens, posting.tokens, seeker_norm, posting.norm)
        + w.get("commute", 0) * near
        + w.get("salary", 0) * salary
        + w.get("education", 0) * (1.0 if seeker.education_rank >= posting.education_rank else 0.3)
        + w.get("experience", 0) * experience
    )
    return total / (sum(w.values()) or 1.0)


def rank(
    seeker: SeekerFeatures,
    postings: list[PostingFeatures],
    *,
    limit: int = 10,
    m: Model | None = None,
) -> list[Match]:
    """The ``limit`` best postings for a seeker, explained; candidates are ranked cheaply first."""
    m = m or model()
    norm = seeker.norm
    quick = sorted(
        ((quick_score(seeker, p, m, norm), p) for p in postings), key=lambda x: (-x[0], x[1].id)
    )
    matches = [score(seeker, p, m) for _, p in quick[: limit * 2]]
    matches.sort(key=lambda x: (-x.score, x.posting_id))
    return matches[:limit]


def rank_seekers(
    posting: PostingFeatures,
    seekers: list[SeekerFeatures],
    *,
    limit: int = 10,
    m: Model | None = None,
) -> list[Match]:
    """The ``limit`` best seekers for a posting, explained; ranked cheaply first, like ``rank``."""
    m = m or model()
    quick = sorted(
        ((quick_score(s, posting, m, s.norm), s) for s in seekers), key=lambda x: (-x[0], x[1].id)
    )
    matches = [score(s, posting, m) for _, s in quick[: limit * 2]]
    matches.sort(key=lambda x: (-x.score, x.seeker_id))
    return matches[:limit]
