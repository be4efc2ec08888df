"""Period arithmetic and entitlement rules: examples from the law and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bashu.transfers.periods import Month, Period, months_total, overlapping_pairs
from bashu.transfers.rules import entitlement, table_for

CLAIM = dt.date(2024, 3, 1)


def period(region: str, start: str, end: str) -> Period:
    return Period(region, Month.parse(start), Month.parse(end))


def test_months_are_inclusive_and_regions_add_up() -> None:
    a = period("500103", "2015-01", "2019-12")
    b = period("510104", "2020-01", "2023-12")
    assert (a.months, b.months, months_total([a, b])) == (60, 48, 108)
    assert overlapping_pairs([a, b]) == []
    c = period("510104", "2019-12", "2020-02")
    assert overlapping_pairs([a, b, c]) == [(0, 2), (1, 2)]


@pytest.mark.parametrize(
    "text", ["2015-13", "2015-1", "15-01", "2015/01", "", "abcd-ef", "1899-12"]
)
def test_malformed_months_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(text)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError):
        period("510104", "2020-02", "2020-01")


@pytest.mark.parametrize(
    ("months", "expected"),
    [(11, 0), (12, 12), (59, 12), (60, 18), (119, 18), (120, 24), (400, 24)],
)
def test_national_brackets_in_sichuan(months: int, expected: int) -> None:
    start = Month.parse("2000-01")
    end_ordinal = start.ordinal + months - 1
    p = Period("510104", start, Month(end_ordinal // 12, end_ordinal % 12 + 1))
    result = entitlement(
        [p],
        claim_region="510104",
        claim_date=CLAIM,
        separation="involuntary",
        registered_unemployed=True,
    )
    assert result.benefit_months == expected
    assert result.eligible == (months >= 12)
    assert result.table is not None and result.table.id == "national-1999"


def test_chongqing_uses_its_finer_table_and_sichuan_the_national_one() -> None:
    assert table_for("500103", CLAIM).id == "chongqing-monthly"  # type: ignore[union-attr]
    assert table_for("510104", CLAIM).id == "national-1999"  # type: ignore[union-attr]
    assert table_for("510104", dt.date(1998, 1, 1)) is None


def test_each_failed_condition_is_a_reason() -> None:
    result = entitlement(
        [period("510104", "2023-06", "2023-12")],
        claim_region="510104",
        claim_date=CLAIM,
        separation="voluntary",
        registered_unemployed=False,
    )
    assert not result.eligible and result.benefit_months == 0
    joined = " ".join(result.reasons)
    assert "不满12个月" in joined and "自愿离职" in joined and "失业登记" in joined


def test_carry_over_adds_and_is_capped_at_24() -> None:
    periods = [period("500103", "2005-01", "2019-12"), period("510104", "2020-01", "2023-12")]
    result = entitlement(
        periods,
        claim_region="510104",
        claim_date=CLAIM,
        separation="involuntary",
        registered_unemployed=True,
        carried_over_months=6,
    )
    assert result.benefit_months == 24
    assert any("最长不超过24个月" in r for r in result.reasons)


def test_monthly_amount_is_the_tier_share_and_transfer_carries_one_and_a_half() -> None:
    periods = [period("500103", "2015-01", "2019-12"), period("510104", "2020-01", "2023-12")]
    result = entitlement(
        periods,
        claim_region="510104",
        claim_date=CLAIM,
        separation="involuntary",
        registered_unemployed=True,
        transfer_to="500103",
    )
    assert (result.contribution_months, result.benefit_months) == (108, 18)
    assert str(result.monthly_amount) == "1890.00"  # 2100 × 90 %
    assert result.transfer is not None and result.transfer.kind == "funds"
    assert str(result.transfer.amount) == "51030.00"  # 18 × 1890 × 1.5
    inside = entitlement(
        periods,
        claim_region="510104",
        claim_date=CLAIM,
        separation="involuntary",
        registered_unemployed=True,
        transfer_to="511002",
    )
    assert inside.transfer is not None and inside.transfer.kind == "relationship_only"
    # Before the 2022 minimum-wage rise the standard was lower.
    earlier = entitlement(
        [period("510104", "2010-01", "2020-12")],
        claim_region="510104",
        claim_date=dt.date(2021, 3, 1),
        separation="involuntary",
        registered_unemployed=True,
    )
    assert str(earlier.monthly_amount) == "1602.00"  # 1780 × 90 %


months = st.integers(min_value=2000 * 12, max_value=2023 * 12 + 11).map(
    lambda n: Month(n // 12, n % 12 + 1)
)


@st.composite
def periods_strategy(draw: st.DrawFn) -> list[Period]:
    """Non-overlapping periods in random regions, in random order."""
    count = draw(st.integers(0, 6))
    cursor = draw(st.integers(2000 * 12, 2010 * 12))
    out = []
    for _ in range(count):
        cursor += draw(st.integers(0, 24))
        length = draw(st.integers(1, 60))
        end = cursor + length - 1
        if end > 2023 * 12 + 11:
            break
        out.append(
            Period(
                draw(st.sampled_from(["510104", "500103", "511002", "500235"])),
                Month(cursor // 12, cursor % 12 + 1),
                Month(end // 12, end % 12 + 1),
            )
        )
        cursor = end + 1
    return draw(st.permutations(out))


@given(
    periods_strategy(),
    st.sampled_from(["510104", "500103", "511002", "500235"]),
    st.integers(0, 24),
)
def test_never_above_24_and_more_months_never_give_fewer(
    periods: list[Period], region: str, carried: int
) -> None:
    def months_for(ps: list[Period]) -> int:
        return entitlement(
            ps,
            claim_region=region,
            claim_date=CLAIM,
            separation="involuntary",
            registered_unemployed=True,
            carried_over_months=carried,
        ).benefit_months

    base = months_for(periods)
    assert 0 <= base <= 24
    extra = Period(region, Month(2024, 1), Month(2024, 2))
    assert months_for([*periods, extra]) >= base
    assert months_total(periods) == sum(p.months for p in periods)
    assert overlapping_pairs(periods) == []


@given(months, months, months, months)
def test_overlap_is_symmetric_and_matches_month_sets(
    a: Month, b: Month, c: Month, d: Month
) -> None:
    p = Period("510104", min(a, b), max(a, b))
    q = Period("500103", min(c, d), max(c, d))
    covered_p = set(range(p.start.ordinal, p.end.ordinal + 1))
    covered_q = set(range(q.start.ordinal, q.end.ordinal + 1))
    assert p.overlaps(q) == q.overlaps(p) == bool(covered_p & covered_q)
    assert months_total([p, q]) == len(covered_p | covered_q)
