"""Explained matching (人岗匹配) of seekers and postings: plain functions over plain data.

The score is a weighted sum of signals in [0, 1]; the weights and the commute rule (travel
time by road or high-speed rail) are data (``data/match_weights.json``). Every result carries
its reasons.
"""

from __future__ import annotations

import itertools
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
class Commute:
    """The one commute rule (通勤规则): how long the trip takes, by road or by high-speed rail
    between two corridor cities, whichever is quicker (docs/adr/0014-commute-by-travel-time.md)."""

    near_minutes: float
    far_minutes: float
    road_minutes_per_km: float
    rail_access_minutes: float
    rail_minutes_per_km: float
    #: region prefix → the corridor city whose station serves it.
    rail_nodes: tuple[tuple[str, str], ...]
    #: Answers of ``rail_node`` by code (a few thousand regions; asked for every candidate).
    _nodes_by_code: dict[str, str | None] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    def rail_node(self, code: str) -> str | None:
        if code not in self._nodes_by_code:
            self._nodes_by_code[code] = next(
                (node for prefix, node in self.rail_nodes if code.startswith(prefix)), None
            )
        return self._nodes_by_code[code]


@dataclass(frozen=True)
class Model:
    """The matching model in force: weights and the commute rule, with its source and date."""

    version: str
    effective_from: str
    source: str
    weights: dict[str, float]
    commute: Commute
    #: (raw score, share relevant) rising; empty: the raw score is shown.
    calibration: tuple[tuple[float, float], ...] = ()


@lru_cache(maxsize=1)
def model() -> Model:
    raw = data_file_load(DATA / "match_weights.json")
    rule = raw["commute"]
    return Model(
        version=raw["version"],
        effective_from=raw["effective_from"],
        source=raw["source"],
        weights={k: float(v) for k, v in raw["weights"].items()},
        commute=Commute(
            near_minutes=float(rule["near_minutes"]),
            far_minutes=float(rule["far_minutes"]),
            road_minutes_per_km=float(rule["road_minutes_per_km"]),
            rail_access_minutes=float(rule["rail_access_minutes"]),
            rail_minutes_per_km=float(rule["rail_minutes_per_km"]),
            rail_nodes=tuple(
                (prefix, node["name"]) for node in rule["rail_nodes"] for prefix in node["regions"]
            ),
        ),
        calibration=tuple(
            (float(x), float(y)) for x, y in (raw.get("calibration") or {}).get("points", [])
        ),
    )


def shown_percent(raw_score: float, m: Model | None = None) -> int:
    """The match percentage a page shows (匹配度): the share of recommendations with this raw
    score that were relevant for seekers with known truth (``calibration``, interpolated), so
    that 80 % means about four in five; the raw score where no calibration is in force."""
    points = (m or model()).calibration
    value = raw_score
    if points:
        if raw_score <= points[0][0]:
            value = points[0][1]
        elif raw_score >= points[-1][0]:
            value = points[-1][1]
        else:
            for (x0, y0), (x1, y1) in itertools.pairwise(points):
                if raw_score <= x1:
                    value = y0 + (y1 - y0) * (raw_score - x0) / (x1 - x0)
                    break
    return max(0, min(100, round(value * 100)))


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


def travel(a: Place, b: Place, rule: Commute) -> tuple[float, float, bool]:
    """Distance (km), the quicker trip's minutes and whether that is by high-speed rail: road
    time from the distance; rail time (stations and the ride) only between two different
    corridor cities, so a trip inside one city is never "by rail"."""
    km = distance_km(a, b)
    road = km * rule.road_minutes_per_km
    start, end = rule.rail_node(a.code), rule.rail_node(b.code)
    if start is not None and end is not None and start != end:
        rail = rule.rail_access_minutes + km * rule.rail_minutes_per_km
        if rail < road:
            return km, rail, True
    return km, road, False


def commute(seeker: SeekerFeatures, posting: PostingFeatures, m: Model) -> tuple[float, float, str]:
    """Score, distance and why, by one rule: a desired county is near; otherwise the quicker
    trip's time decides — 1 within ``near_minutes``, 0 from ``far_minutes``, linear between;
    ``high_speed_corridor`` when the quicker trip is by rail."""
    near, km, why, _minutes = _commute(seeker, posting, m)
    return near, km, why


def _commute(
    seeker: SeekerFeatures, posting: PostingFeatures, m: Model
) -> tuple[float, float, str, float]:
    """``commute`` and the quicker trip's minutes (the trip worked out once)."""
    rule = m.commute
    km, minutes, by_rail = travel(seeker.place, posting.place, rule)
    if any(posting.place.code.startswith(region_prefix(r)) for r in seeker.desired_regions):
        return 1.0, km, "desired_region", minutes
    if minutes >= rule.far_minutes:
        return 0.0, km, "far", minutes
    near = min(1.0, 1.0 - (minutes - rule.near_minutes) / (rule.far_minutes - rule.near_minutes))
    if by_rail:
        return near, km, "high_speed_corridor", minutes
    return near, km, "near" if minutes <= rule.near_minutes else "distance", minutes


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
    near, km, why, minutes = _commute(seeker, posting, m)
    salary, gap = salary_fit(seeker.salary_expectation, posting.salary_min, posting.salary_max)
    signals = {
        "occupation": occupation_proximity(seeker.occupations, posting.occupation),
        "skills": skills,
        "text": text_similarity(seeker.tokens, posting.tokens, None, posting.norm),
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
            "commute_minutes": round(minutes),
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
