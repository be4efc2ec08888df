"""Insurance-period arithmetic (参保缴费期间): months, overlaps, totals. Plain Python.

Months are ``bashu.core.months.Month`` (re-exported here). A period runs from its first to
its last month, both included: 2015-01..2019-12 is 60 months. Periods in different regions
add up (社会保险法 第五十二条); two periods that share a month overlap and cannot both be
paid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bashu.core.months import Month


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation (makemessages knows the name); plain Python here."""
    return message


__all__ = ["Month", "Period", "months_total", "overlapping_pairs"]


@dataclass(frozen=True)
class Period:
    """Months paid in one region (and optionally for one employer)."""

    region: str
    start: Month
    end: Month
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                gettext_noop("结束月份 %(end)s 早于开始月份 %(start)s")
                % {"end": self.end, "start": self.start}
            )

    @property
    def months(self) -> int:
        return self.end - self.start + 1

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
