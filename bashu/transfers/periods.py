"""Insurance-period arithmetic (参保缴费期间): months, overlaps, totals. Plain Python.

A period runs from its first to its last month, both included: 2015-01..2019-12 is 60
months. Periods in different regions add up (社会保险法 第五十二条); two periods that share
a month overlap and cannot both be paid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Month(NamedTuple):
    """A calendar month; ordered, and ``ordinal`` counts months since year 0."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2015-01"`` → Month(2015, 1); anything else raises ValueError."""
        match = _MONTH.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"月份须为 YYYY-MM，收到 {text!r} (a month is YYYY-MM)")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or year < 1900:
            raise ValueError(f"不存在的月份 {text} (no such month)")
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def ordinal(self) -> int:
        return self.year * 12 + self.month - 1

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Period:
    """Months paid in one region (and optionally for one employer)."""

    region: str
    start: Month
    end: Month
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"结束月份 {self.end} 早于开始月份 {self.start} (end before start)")

    @property
    def months(self) -> int:
        return self.end.ordinal - self.start.ordinal + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def overlapping_pairs(periods: Sequence[Period]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of periods sharing at least one month, in input order."""
    order = sorted(range(len(periods)), key=lambda i: periods[i].start)
    pairs: list[tuple[int, int]] = []
    for a, i in enumerate(order):
        for j in order[a + 1 :]:
            if periods[j].start > periods[i].end:
                break
            pairs.append((min(i, j), max(i, j)))
    return sorted(pairs)


def months_total(periods: Iterable[Period]) -> int:
    """Distinct months covered: periods add up across regions, a shared month counts once."""
    spans = sorted((p.start.ordinal, p.end.ordinal) for p in periods)
    total, reach = 0, -1
    for start, end in spans:
        if end <= reach:
            continue
        total += end - max(start, reach + 1) + 1
        reach = end
    return total
