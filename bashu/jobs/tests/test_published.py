"""Values as the sites publish them (``bashu.jobs.published``): education by name or alias,
salary as written, dates in the usual formats, counties by name; each read says how, the
unreadable are refused by rule, and no input makes a reader raise anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bashu.core.bounds import MAX_SALARY
from bashu.core.loaders import data_file_load
from bashu.jobs import published
from bashu.jobs.published import (
    County,
    Unreadable,
    county_read,
    county_spellings,
    date_read,
    education_read,
    salary_read,
)


@pytest.mark.parametrize(
    ("written", "code", "rule"),
    [
        ("本科", "bachelor", "education_name"),
        ("大学本科", "bachelor", "education_alias"),
        ("学士", "bachelor", "education_alias"),
        ("本科及以上", "bachelor", "education_alias"),
        ("大专", "junior_college", "education_name"),
        ("专科", "junior_college", "education_alias"),
        ("高职", "junior_college", "education_alias"),
        ("大专以上学历", "junior_college", "education_alias"),
        ("中专", "secondary_vocational", "education_name"),
        ("中职", "secondary_vocational", "education_name"),
        ("技校", "secondary_vocational", "education_alias"),
        ("职高", "secondary_vocational", "education_alias"),
        ("初中", "junior_secondary", "education_name"),
        ("初中及以下", "junior_secondary", "education_alias"),
        ("高中", "senior_secondary", "education_name"),
        ("硕士", "master", "education_alias"),
        ("研究生", "master", "education_alias"),
        ("硕士研究生", "master", "education_name"),
        ("博士", "doctorate", "education_alias"),
        ("不限", None, "education_unrestricted"),
        ("学历不限", None, "education_unrestricted"),
        (" 本 科 ", "bachelor", "education_name"),  # white space and full width do not count
    ],
)
def test_education_by_name_and_alias(written: str, code: str | None, rule: str) -> None:
    value, reading = education_read(written)
    assert value == code
    assert reading is not None and (reading.rule, reading.result) == (rule, code or "")


def test_an_education_code_is_no_normalisation_and_an_unknown_name_is_left_to_the_check() -> None:
    assert education_read("bachelor") == ("bachelor", None)
    assert education_read("") == (None, None)
    assert education_read("幼儿园") == ("幼儿园", None)


def test_every_education_alias_names_a_level_of_the_table() -> None:
    codes = {row["code"] for row in data_file_load(published.EDUCATION_LEVELS)}
    for row in data_file_load(published.EDUCATION_ALIASES):
        assert row["code"] in codes | {published.NO_REQUIREMENT}
        value, reading = education_read(row["alias"])
        assert reading is not None and value == (None if row["code"] == "none" else row["code"])


@pytest.mark.parametrize(
    ("written", "minimum", "maximum", "rule"),
    [
        ("6000-8000", 6000, 8000, "salary_range"),
        ("6000~8000元", 6000, 8000, "salary_range"),
        ("６０００～８０００", 6000, 8000, "salary_range"),  # full width
        ("6000至8000元/月", 6000, 8000, "salary_range"),
        ("月薪6000-8000", 6000, 8000, "salary_range"),
        ("7000", 7000, 7000, "salary_single"),
        ("5000元/月", 5000, 5000, "salary_single"),
        ("8-12K", 8000, 12000, "salary_thousands"),
        ("8k-12k", 8000, 12000, "salary_thousands"),
        ("8千-1.2万", 8000, 12000, "salary_ten_thousands"),
        ("1.2万-2万", 12000, 20000, "salary_ten_thousands"),
        ("1.5万", 15000, 15000, "salary_ten_thousands"),
        # 21.75 paid days a month (劳社部发〔2008〕3号): 200 × 21.75 = 4350.
        ("200元/天", 4350, 4350, "salary_daily"),
        ("150-200元/天", 3263, 4350, "salary_daily"),  # 3262.5 rounds half up
        ("日薪180", 3915, 3915, "salary_daily"),
        ("25元/小时", 4350, 4350, "salary_hourly"),  # 174 hours a month
        ("年薪15万", 12500, 12500, "salary_yearly"),
        ("15-20万/年", 12500, 16667, "salary_yearly"),
    ],
)
def test_a_published_salary_as_a_monthly_range(
    written: str, minimum: int, maximum: int, rule: str
) -> None:
    salary, reading = salary_read(written)
    assert (salary.minimum, salary.maximum) == (minimum, maximum)
    assert (reading.rule, reading.original, reading.result) == (
        rule,
        written,
        f"{minimum}-{maximum}",
    )


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("面议", "salary_negotiable"),
        ("薪资面议", "salary_negotiable"),
        ("99999999K", "maximum"),
        ("999999999万", "maximum"),
        ("2000000", "maximum"),
        ("年薪1500万", "maximum"),
        ("0", "minimum"),
        ("8000-6000", "below_minimum"),
        ("六千", "salary_format"),
        ("6000以上", "salary_format"),
        ("-5000", "salary_format"),
        ("1e9", "salary_format"),
        ("NaN", "salary_format"),
        ("9" * 2000, "salary_format"),
        ("年薪15万/月", "salary_format"),
        ("", "salary_format"),
    ],
)
def test_an_unreadable_salary_names_its_rule(written: str, rule: str) -> None:
    with pytest.raises(Unreadable) as refused:
        salary_read(written)
    assert refused.value.rule == rule


@given(st.text(max_size=80))
def test_any_salary_text_is_read_within_bounds_or_refused_by_rule(text: str) -> None:
    try:
        salary, reading = salary_read(text)
    except Unreadable as exc:
        assert exc.rule in {
            "salary_negotiable",
            "salary_format",
            "maximum",
            "minimum",
            "below_minimum",
        }
    else:
        assert 0 < salary.minimum <= salary.maximum <= MAX_SALARY
        assert len(reading.original) <= published.MAX_TEXT


@given(
    st.integers(min_value=1, max_value=MAX_SALARY),
    st.integers(min_value=0, max_value=MAX_SALARY),
)
def test_a_plain_range_reads_as_itself(low: int, extra: int) -> None:
    high = min(low + extra, MAX_SALARY)
    salary, _reading = salary_read(f"{low}-{high}")
    assert (salary.minimum, salary.maximum) == (low, high)


@pytest.mark.parametrize(
    "written", ["2026/12/31", "2026年12月31日", "2026.12.31", "20261231", "2026年12月31号"]
)
def test_dates_in_the_common_formats(written: str) -> None:
    value, reading = date_read(written)
    assert value == dt.date(2026, 12, 31)
    assert reading is not None and (reading.rule, reading.result) == ("date_written", "2026-12-31")


def test_an_iso_date_is_no_normalisation_and_an_impossible_day_is_refused() -> None:
    assert date_read("2026-12-31") == (dt.date(2026, 12, 31), None)
    assert date_read("2026/1/5")[0] == dt.date(2026, 1, 5)
    for written in ("2026-02-30", "2026-13-01", "31/12/2026", "明天", "2" * 2000):
        with pytest.raises(Unreadable) as refused:
            date_read(written)
        assert refused.value.rule == "date_format"


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_written_format_reads_the_same_date(day: dt.date) -> None:
    for written in (
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month:02}.{day.day:02}",
        f"{day.year}{day.month:02}{day.day:02}",
    ):
        assert date_read(written)[0] == day


COUNTIES = county_spellings(
    [
        County("510107", "武侯区", ("成都市", "四川省")),
        County("500112", "渝北区", ("重庆市",)),
        County("511102", "市中区", ("乐山市", "四川省")),
        County("511002", "市中区", ("内江市", "四川省")),
    ]
)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("武侯区", "510107"),
        ("成都市武侯区", "510107"),
        ("四川省成都市武侯区", "510107"),
        ("成都武侯区", "510107"),
        ("渝北区", "500112"),
        ("重庆市渝北区", "500112"),
        ("重庆渝北", "500112"),
        ("内江市市中区", "511002"),
    ],
)
def test_a_county_by_name(written: str, code: str) -> None:
    assert county_read(written, COUNTIES) == (
        code,
        published.Reading("county_name", written, code),
    )


def test_a_county_code_is_taken_as_it_is_an_ambiguous_name_lists_the_candidates() -> None:
    assert county_read("510107", COUNTIES) == ("510107", None)
    with pytest.raises(published.AmbiguousName) as ambiguous:
        county_read("市中区", COUNTIES)
    assert (ambiguous.value.rule, ambiguous.value.candidates) == (
        "ambiguous_region",
        ("511002", "511102"),
    )
    for written in ("北京市朝阳区", "武侯区" * 500):
        with pytest.raises(Unreadable) as unknown:
            county_read(written, COUNTIES)
        assert unknown.value.rule == "unknown_region"
