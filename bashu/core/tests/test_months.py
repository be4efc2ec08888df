"""Months (月份): parsing, arithmetic, ordering and ranges, checked as properties."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bashu.core.months import MAX_YEAR, MIN_YEAR, Month

ORDINALS = st.integers(MIN_YEAR * 12 + 240, MAX_YEAR * 12 - 240)
months = ORDINALS.map(Month.from_ordinal)
steps = st.integers(-119, 119)


def test_a_month_reads_and_prints_as_yyyy_mm() -> None:
    assert Month.parse("2015-01") == Month(2015, 1) and str(Month(2015, 1)) == "2015-01"
    assert Month.parse(" 2024-12 ") == Month(2024, 12)
    assert Month.of(dt.date(2024, 2, 29)) == Month(2024, 2)
    assert (Month(2024, 2).first_day(), Month(2024, 2).last_day()) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    assert Month(2023, 12).last_day() == dt.date(2023, 12, 31)


@pytest.mark.parametrize(
    "text", ["2015-13", "2015-00", "2015-1", "15-01", "2015/01", "", "abcd-ef", "1899-12"]
)
def test_malformed_months_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(text)


def test_a_month_that_cannot_exist_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Month(2024, 13)
    with pytest.raises(ValueError):
        Month(1899, 12)


def test_arithmetic_crosses_years() -> None:
    assert Month(2024, 12) + 1 == Month(2025, 1)
    assert Month(2025, 1) - 1 == Month(2024, 12)
    assert 13 + Month(2024, 1) == Month(2025, 2)
    assert Month(2019, 12) - Month(2015, 1) + 1 == 60  # 2015-01..2019-12 both included
    assert list(Month.range(Month(2024, 11), Month(2025, 2))) == [
        Month(2024, 11),
        Month(2024, 12),
        Month(2025, 1),
        Month(2025, 2),
    ]
    assert list(Month.range(Month(2025, 2), Month(2025, 1))) == []


@given(months)
def test_str_and_parse_are_inverse(m: Month) -> None:
    assert Month.parse(str(m)) == m and Month.from_ordinal(m.ordinal) == m


@given(months, steps, steps)
def test_adding_months_is_associative_and_subtraction_undoes_it(m: Month, a: int, b: int) -> None:
    assert (m + a) + b == m + (a + b)
    assert (m + a) - a == m
    assert (m + a) - m == a


@given(months, months)
def test_order_is_the_order_of_ordinals_and_of_the_text(a: Month, b: Month) -> None:
    assert (a < b) == (a.ordinal < b.ordinal) == (str(a) < str(b))
    assert (a == b) == (hash(a) == hash(b) and a.ordinal == b.ordinal)


@given(months, st.integers(0, 40))
def test_a_range_holds_every_month_once_in_order(first: Month, length: int) -> None:
    last = first + (length - 1)
    span = list(Month.range(first, last))
    assert len(span) == length == max(0, last - first + 1)
    assert all(b - a == 1 for a, b in itertools.pairwise(span))
    assert not span or (span[0], span[-1]) == (first, last)


@given(months)
def test_the_month_after_starts_the_day_after_the_last_day(m: Month) -> None:
    assert (m + 1).first_day() == m.last_day() + dt.timedelta(days=1)
    assert Month.of(m.first_day()) == Month.of(m.last_day()) == m
