"""Values as the provinces' sites publish them (招聘网站原文): education by name, salary as
written, dates in the usual formats, counties by name. Plain Python over the shipped data, no
Django; the feed import (``services.feed``) reads a row's cells through these.

Each reader answers what the value stands for and a ``Reading`` saying how it was read
(``rule``, ``from``, ``to``), which the import reports as the row's warning, or raises
``Unreadable`` naming the rule the value broke. A value already written the way the model
takes it (``bachelor``, ``2026-12-31``, a 6-digit code) is no normalisation: no reading.

Salary (月薪, whole yuan a month): a range ``6000-8000`` (also ``~``, ``至``, ``到``, ``—``),
a single figure ``7000`` (the range is that figure), thousands ``8-12K`` / ``8k-12k`` /
``8千-1.2万``, ten-thousands ``1.2万-2万``, an explicit period ``5000元/月``, ``200元/天``,
``25元/小时``, ``年薪15万`` / ``15-20万/年``. A day is 21.75 days a month and an hour 174
hours a month: the statutory average of paid days (月计薪天数 = (365 − 104) ÷ 12 = 21.75,
劳社部发〔2008〕3号《关于职工全年月平均工作时间和工资折算问题的通知》) and 21.75 × 8 hours; a
year is 12 months. ``面议`` (negotiable) is read, and refused as ``salary_negotiable``: a
posting has a salary range (the model has no "negotiable"). Anything else is ``salary_format``;
a figure above ``MAX_SALARY`` a month is ``maximum``; a range upside down is
``below_minimum``. Long or odd text is refused by the grammar, never computed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from bashu.core.bounds import MAX_SALARY
from bashu.core.loaders import data_file_load

PACKAGE = Path(__file__).resolve().parent.parent
EDUCATION_LEVELS = PACKAGE / "core" / "data" / "education_levels.csv"
EDUCATION_ALIASES = PACKAGE / "core" / "data" / "education_aliases.csv"
#: The alias code for "no requirement" (不限): the posting's education stays empty.
NO_REQUIREMENT = "none"

#: Paid days in a month (月计薪天数), 劳社部发〔2008〕3号: (365 − 104 weekend days) ÷ 12.
DAYS_PER_MONTH = Decimal("21.75")
#: Paid hours in a month: 21.75 days × 8 hours (the same notice).
HOURS_PER_MONTH = DAYS_PER_MONTH * 8
#: Longest text a reader looks at; anything longer is refused unread.
MAX_TEXT = 64


class Unreadable(ValueError):
    """A value that no rule reads: ``rule`` names why (``salary_format``, ``date_format``…)."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


@dataclass(frozen=True)
class Reading:
    """How a published value was read: the rule applied, what was written, what it became."""

    rule: str
    original: str
    result: str


def _clean(text: str) -> str:
    """NFKC (full-width digits, letters and ～ become plain), no white space, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


# --- education (学历) -------------------------------------------------------------------------

#: What sites add to a level that changes nothing: 本科及以上学历, 大专以上.
_EDUCATION_SUFFIXES = ("及以上学历", "以上学历", "及以上", "以上", "学历")


@lru_cache(maxsize=1)
def _education() -> tuple[frozenset[str], dict[str, tuple[str, str]]]:
    """The level codes, and every spelling → (code, rule): the table's names (中专/中职 also
    as 中专 and 中职) and the aliases of ``education_aliases.csv``."""
    levels = data_file_load(EDUCATION_LEVELS)
    codes = frozenset(row["code"] for row in levels)
    lookup: dict[str, tuple[str, str]] = {}
    for row in levels:
        for name in {row["name"], *row["name"].split("/")}:
            lookup[_clean(name)] = (row["code"], "education_name")
    for row in data_file_load(EDUCATION_ALIASES):
        if row["code"] not in codes and row["code"] != NO_REQUIREMENT:
            raise ValueError(f"{EDUCATION_ALIASES.name}: {row['alias']}: unknown code")
        spelling = _clean(row["alias"])
        if lookup.get(spelling, (row["code"], ""))[0] != row["code"]:
            raise ValueError(f"{EDUCATION_ALIASES.name}: {row['alias']} names two levels")
        rule = "education_unrestricted" if row["code"] == NO_REQUIREMENT else "education_alias"
        lookup.setdefault(spelling, (row["code"], rule))
    return codes, lookup


def education_read(text: str) -> tuple[str | None, Reading | None]:
    """The education code ``text`` stands for (``None``: no requirement) and how it was read;
    a code is taken as it is. Text that names no level comes back unchanged, for the
    posting's own check to refuse (``unknown``)."""
    codes, lookup = _education()
    written = text.strip()
    if not written or written in codes:
        return written or None, None
    cleaned = _clean(written)[:MAX_TEXT]
    candidates = [cleaned]
    for suffix in _EDUCATION_SUFFIXES:
        if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
            candidates.append(cleaned[: -len(suffix)])
            break
    for candidate in candidates:
        if candidate in lookup:
            code, rule = lookup[candidate]
            if candidate != cleaned and rule == "education_name":
                rule = "education_alias"
            value = None if code == NO_REQUIREMENT else code
            return value, Reading(rule, written, value or "")
    return written, None


# --- salary (薪资) ----------------------------------------------------------------------------

_NUMBER = r"\d{1,9}(?:\.\d{1,2})?"
_UNIT = r"(?:k|千|w|万)?"
_SEPARATOR = r"(?:-|~|至|到|—|–|－)"
_SALARY = re.compile(
    rf"(?P<prefix>月薪|薪资|工资|薪酬|待遇|年薪|日薪|时薪)?[:：]?"
    rf"(?P<low>{_NUMBER})(?P<low_unit>{_UNIT})"
    rf"(?:{_SEPARATOR}(?P<high>{_NUMBER})(?P<high_unit>{_UNIT}))?"
    r"(?:元|块)?"
    r"(?P<period>/月|每月|/个月|一个月|/天|每天|/日|/小时|每小时|/时|/年|每年)?"
)
_NEGOTIABLE = re.compile(r"(?:薪资|工资|薪酬|待遇|月薪)?面议")
_UNITS = {"": Decimal(1), "k": Decimal(1000), "千": Decimal(1000), "w": Decimal(10000)}
_UNITS["万"] = _UNITS["w"]
#: Per period: the rule a warning names, and the factor to a month as multiplier, divisor.
_PERIODS: dict[str, tuple[str, Decimal, int]] = {
    "month": ("", Decimal(1), 1),
    "day": ("salary_daily", DAYS_PER_MONTH, 1),
    "hour": ("salary_hourly", HOURS_PER_MONTH, 1),
    "year": ("salary_yearly", Decimal(1), 12),
}


def _period(prefix: str, suffix: str) -> str:
    written = {"年薪": "year", "日薪": "day", "时薪": "hour"}.get(prefix, "month")
    if suffix:
        stated = (
            "day"
            if suffix in ("/天", "每天", "/日")
            else "hour"
            if suffix in ("/小时", "每小时", "/时")
            else "year"
            if suffix in ("/年", "每年")
            else "month"
        )
        if written != "month" and stated != written:
            raise Unreadable("salary_format")  # 年薪…/月: two periods
        written = stated
    return written


@dataclass(frozen=True)
class Salary:
    """A monthly salary range in whole yuan (月薪, 元/月)."""

    minimum: int
    maximum: int


def salary_read(text: str) -> tuple[Salary, Reading]:
    """The monthly range a published salary stands for, and how it was read (the warning's
    rule: ``salary_daily``, ``salary_hourly``, ``salary_yearly``, ``salary_ten_thousands``,
    ``salary_thousands``, else ``salary_range`` or ``salary_single``). Raises ``Unreadable``:
    ``salary_negotiable`` (面议), ``salary_format``, ``maximum``, ``minimum`` (nothing a
    month), ``below_minimum``."""
    written = text.strip()
    if len(written) > MAX_TEXT:
        raise Unreadable("salary_format")
    cleaned = _clean(written)
    if _NEGOTIABLE.fullmatch(cleaned):
        raise Unreadable("salary_negotiable")
    match = _SALARY.fullmatch(cleaned)
    if match is None:
        raise Unreadable("salary_format")
    period = _period(match["prefix"] or "", match["period"] or "")
    high_unit = match["high_unit"] or ""
    # "8-12K": a unit written once, after the range, is the unit of both ends.
    low_unit = match["low_unit"] or (high_unit if match["high"] else "")
    low = Decimal(match["low"]) * _UNITS[low_unit]
    high = Decimal(match["high"]) * _UNITS[high_unit] if match["high"] else low
    rule, times, divisor = _PERIODS[period]
    minimum, maximum = (
        int((value * times / divisor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for value in (low, high)
    )
    if maximum > MAX_SALARY or minimum > MAX_SALARY:
        raise Unreadable("maximum")
    if minimum <= 0:
        raise Unreadable("minimum")
    if maximum < minimum:
        raise Unreadable("below_minimum")
    if not rule:
        units = {low_unit, high_unit} - {""}
        rule = (
            "salary_ten_thousands"
            if units & {"w", "万"}
            else "salary_thousands"
            if units
            else "salary_range"
            if match["high"]
            else "salary_single"
        )
    salary = Salary(minimum, maximum)
    return salary, Reading(rule, written, f"{minimum}-{maximum}")


# --- dates (日期) -----------------------------------------------------------------------------

_DATE = re.compile(
    r"(?P<year>\d{4})(?:(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"|年(?P<cn_month>\d{1,2})月(?P<cn_day>\d{1,2})[日号]?"
    r"|(?P<compact_month>\d{2})(?P<compact_day>\d{2}))"
)


def date_read(text: str) -> tuple[dt.date, Reading | None]:
    """The date ``text`` stands for: ISO ``2026-12-31`` as it is (no reading); ``2026/12/31``,
    ``2026.12.31``, ``2026年12月31日`` (号 too, one-digit months and days) and ``20261231``
    read, with a ``date_written`` reading. Raises ``Unreadable("date_format")``, also for a
    day that does not exist (2026-02-30)."""
    written = text.strip()
    match = _DATE.fullmatch(_clean(written)[: MAX_TEXT + 1])
    if match is None:
        raise Unreadable("date_format")
    month = match["month"] or match["cn_month"] or match["compact_month"]
    day = match["day"] or match["cn_day"] or match["compact_day"]
    try:
        value = dt.date(int(match["year"]), int(month), int(day))
    except ValueError:
        raise Unreadable("date_format") from None
    if written == value.isoformat():
        return value, None
    return value, Reading("date_written", written, value.isoformat())


# --- counties (县级区划) ----------------------------------------------------------------------


@dataclass(frozen=True)
class County:
    """A county-level division and the names above it (prefecture, province), for reading."""

    code: str
    name: str
    parents: tuple[str, ...]


#: The endings a county's or parent's name may be written without (武侯 for 武侯区; 成都 for
#: 成都市), longest first.
_ENDINGS = ("自治县", "自治州", "区", "县", "市", "省", "州")


def _short(name: str) -> str:
    for ending in _ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return name[: -len(ending)]
    return name


def county_spellings(counties: Iterable[County]) -> dict[str, tuple[str, ...]]:
    """Every accepted spelling of each county → the codes it may stand for: the name (武侯区),
    without its ending (武侯), and after any of its parents' names, full or short (成都市武侯区,
    成都武侯区, 四川省成都市武侯区, 重庆市渝北区, 重庆渝北区). A spelling two counties share (市中区:
    内江's and 乐山's) maps to both."""
    found: dict[str, set[str]] = {}
    for county in counties:
        names = {_clean(county.name), _clean(_short(county.name))}
        parents = [{_clean(p), _clean(_short(p))} for p in county.parents]  # nearest first
        prefixes = {""}
        for level in parents:
            prefixes |= {p + q for p in level for q in prefixes}
        for prefix in prefixes:
            for name in names:
                found.setdefault(prefix + name, set()).add(county.code)
    return {spelling: tuple(sorted(codes)) for spelling, codes in found.items()}


def county_read(text: str, spellings: Mapping[str, tuple[str, ...]]) -> tuple[str, Reading | None]:
    """The county code ``text`` names: a code as it is (no reading), a name through
    ``spellings`` (``county_name``). Raises ``Unreadable``: ``unknown_region`` for a name no
    county has; ``ambiguous_region`` (``candidates`` set) for one several have."""
    written = text.strip()
    if written.isdigit() or not written:
        return written, None
    codes = spellings.get(_clean(written)[: MAX_TEXT + 1], ())
    if not codes:
        raise Unreadable("unknown_region")
    if len(codes) > 1:
        raise AmbiguousName(codes)
    return codes[0], Reading("county_name", written, codes[0])


class AmbiguousName(Unreadable):
    """A name several reference entries have: ``candidates`` are their codes."""

    def __init__(self, candidates: tuple[str, ...]) -> None:
        super().__init__("ambiguous_region")
        self.candidates = candidates
