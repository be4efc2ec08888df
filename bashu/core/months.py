"""Calendar months (月份), written once. Plain Python: no Django (import-linter).

A ``Month`` is a year and a month, nothing more: ``Month.parse("2015-01")``, ordered, hashable,
``str`` gives ``"2015-01"`` back. Arithmetic counts months: ``m + 1`` is the next month,
``m - 12`` the same month a year before, ``b - a`` the months from ``a`` to ``b`` (so a span
``a..b`` with both ends included holds ``b - a + 1`` months). ``Month.range(a, b)`` iterates
``a..b`` inclusive.

Used by insurance periods (``bashu.transfers.periods``), the monthly extracts
(``bashu.analytics.extract``: ``first_day``, ``last_day``, ``(m + 1).first_day()`` bound the
queries) and the index refresh (``bashu.analytics.refresh``: the month before).

Months before 1900 are refused: no record the platform holds starts that early, and such a
value is a typing slip (``1015-01``), not history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import overload

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def gettext_noop(message: str) -> str:
    """Mark a message for translation (makemessages knows the name); no Django here."""
    return message


class MonthError(ValueError):
    """Not a month. ``str()`` is the Chinese message; the caller that shows it to a user
    translates it: ``exc.translated(gettext)`` (placeholders filled after translating)."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params)
        self.template, self.params = template, params

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template) % self.params


#: The earliest and latest years a Month may have.
MIN_YEAR = 1900
MAX_YEAR = 9999


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month; ordered by (year, month); ``ordinal`` counts months since year 0."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and MIN_YEAR <= self.year <= MAX_YEAR):
            raise MonthError(
                gettext_noop("不存在的月份 %(month)s"),
                month=f"{self.year:04d}-{self.month:02d}",
            )

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2015-01"`` → Month(2015, 1) (surrounding spaces ignored); anything else, including
        ``2015-1`` and ``2015/01``, raises ValueError."""
        match = _MONTH.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise MonthError(gettext_noop("月份须为 YYYY-MM，收到 %(text)s"), text=repr(text))
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
            raise MonthError(gettext_noop("不存在的月份 %(month)s"), month=text)
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The month a date falls in."""
        return cls(day.year, day.month)

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Month:
        """The inverse of ``ordinal``."""
        year, index = divmod(ordinal, 12)
        return cls(year, index + 1)

    @classmethod
    def range(cls, first: Month, last: Month) -> Iterator[Month]:
        """``first``, ``first + 1``, …, ``last`` (both included; nothing if last < first)."""
        for ordinal in range(first.ordinal, last.ordinal + 1):
            yield cls.from_ordinal(ordinal)

    @property
    def ordinal(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def label(self) -> str:
        """``"YYYY-MM"``, as ``str``."""
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def last_day(self) -> dt.date:
        if self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)

    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return Month.from_ordinal(self.ordinal + months)

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> Month: ...

    @overload
    def __sub__(self, other: Month) -> int: ...

    def __sub__(self, other: int | Month) -> Month | int:
        if isinstance(other, Month):
            return self.ordinal - other.ordinal
        if isinstance(other, int):
            return Month.from_ordinal(self.ordinal - other)
        return NotImplemented

    def __str__(self) -> str:
        return self.label
