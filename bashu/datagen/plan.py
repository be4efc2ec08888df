"""The generator's plan: exact counts per category, split exactly across chunks.

Calibrated figures are hit exactly (to rounding), not in expectation: every category's
total is a quota, and each chunk receives its share by largest remainder, so any chunk can
be generated on its own (and a failed run resumed) while the totals stay exact.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVINCES = ("51", "50")  # Sichuan, Chongqing


@dataclass(frozen=True)
class Figure:
    """A published figure the generator reproduces."""

    key: str
    value: float
    unit: str
    seed: str
    quote: str
    note: str


def published_figures() -> dict[str, Figure]:
    with (HERE / "calibration.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["key"]: Figure(
                row["key"], float(row["value"]), row["unit"], row["seed"], row["quote"], row["note"]
            )
            for row in csv.DictReader(handle)
        }


def assumptions() -> dict[str, float]:
    with (HERE / "assumptions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["key"]: float(row["value"]) for row in csv.DictReader(handle)}


def largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` into integers proportional to ``weights`` that add up exactly."""
    weight_sum = sum(weights.values())
    if total == 0 or weight_sum == 0:
        return dict.fromkeys(weights, 0)
    raw = {k: total * w / weight_sum for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    short = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: (-(raw[k] - counts[k]), k))[:short]:
        counts[key] += 1
    return counts


# Person categories: province × role (× destination for graduates, × credential for others).
GRADUATE_OUTCOMES = ("own", "other_zone", "outside", "study", "none")


def category(province: str, role: str, detail: str) -> str:
    return f"{province}:{role}:{detail}"


@dataclass(frozen=True)
class Plan:
    seed: int
    scale: float
    persons: int
    employers: int
    categories: dict[str, int]
    chunk_size: int
    jobs_scale: float | None = None  # the job zone's own scale (benchmarks), default: scale

    @property
    def person_chunks(self) -> int:
        return -(-self.persons // self.chunk_size)

    def chunk_bounds(self, chunk: int) -> tuple[int, int]:
        start = chunk * self.chunk_size
        return start, min(start + self.chunk_size, self.persons)

    def chunk_categories(self) -> list[dict[str, int]]:
        """Per chunk, how many persons of each category: exact row and column sums."""
        remaining = dict(self.categories)
        left = self.persons
        out = []
        for chunk in range(self.person_chunks):
            start, end = self.chunk_bounds(chunk)
            size = end - start
            share = largest_remainder(size, {k: v for k, v in remaining.items() if v > 0})
            for key, n in share.items():
                remaining[key] -= n
            left -= size
            out.append(share)
        assert left == 0 and not any(remaining.values())  # noqa: S101 - an internal invariant
        return out


def make_plan(
    *, scale: float, seed: int, chunk_size: int = 20_000, jobs_scale: float | None = None
) -> Plan:
    """Turn the published figures and the stated assumptions into exact category totals."""
    figures = published_figures()
    assume = assumptions()
    persons = round(figures["labour_force"].value * scale)
    by_province = largest_remainder(
        persons,
        {
            "51": assume["sichuan_share_of_labour_force"],
            "50": 1 - assume["sichuan_share_of_labour_force"],
        },
    )
    migrants = largest_remainder(
        round(figures["migrant_workers"].value * scale),
        {"51": by_province["51"], "50": by_province["50"]},
    )
    titled = largest_remainder(
        round(figures["titled_professionals"].value * scale),
        {"51": by_province["51"], "50": by_province["50"]},
    )
    skilled_total = round(figures["skilled_workers"].value * scale)
    graduates = {
        "51": round(figures["sc_graduates_2020"].value * scale),
        "50": round(figures["cq_graduates_2020"].value * scale),
    }
    destination_shares = {
        "51": (
            figures["sc_graduates_in_province"].value,
            figures["sc_graduates_to_chongqing"].value,
        ),
        "50": (figures["cq_graduates_local"].value, figures["cq_graduates_to_sichuan"].value),
    }
    categories: dict[str, int] = {}
    others_total = {}
    for province in PROVINCES:
        n_grad = graduates[province]
        employed = round(n_grad * assume["graduate_employment_rate"])
        study = round(n_grad * assume["graduate_further_study_rate"])
        own, other_zone = destination_shares[province]
        dest = largest_remainder(
            employed, {"own": own, "other_zone": other_zone, "outside": 1 - own - other_zone}
        )
        for outcome in ("own", "other_zone", "outside"):
            categories[category(province, "graduate", outcome)] = dest[outcome]
        categories[category(province, "graduate", "study")] = study
        categories[category(province, "graduate", "none")] = n_grad - employed - study
        others_total[province] = by_province[province] - n_grad - migrants[province]
        if others_total[province] < titled[province]:
            raise ValueError("scale too small for the calibrated categories")
    # Skill certificates go to migrant workers and to untitled others, in proportion.
    pools = {
        f"{p}:{role}": n
        for p in PROVINCES
        for role, n in (("migrant", migrants[p]), ("other", others_total[p] - titled[p]))
    }
    skilled = largest_remainder(skilled_total, pools)
    for province in PROVINCES:
        s_m, s_o = skilled[f"{province}:migrant"], skilled[f"{province}:other"]
        categories[category(province, "migrant", "skill")] = s_m
        categories[category(province, "migrant", "plain")] = migrants[province] - s_m
        categories[category(province, "other", "title")] = titled[province]
        categories[category(province, "other", "skill")] = s_o
        categories[category(province, "other", "plain")] = (
            others_total[province] - titled[province] - s_o
        )
    assert sum(categories.values()) == persons  # noqa: S101
    employers = max(50, round(persons * assume["employers_per_person"]))
    return Plan(
        seed=seed,
        scale=scale,
        persons=persons,
        employers=employers,
        categories=categories,
        chunk_size=chunk_size,
        jobs_scale=jobs_scale,
    )
