"""Reads of stored index values (指数查询): what pages, exports and the API show."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext

from bashu.analytics.models import IndexRun, IndexValue, RunStatus
from bashu.core.errors import InvalidInput, NotFound
from bashu.core.models import Industry, Occupation, Region
from bashu.core.models.reference import zone_region
from bashu.core.selectors import province_name

#: The grain of each index's periods: month YYYY-MM, quarter YYYYQn, year YYYY.
GRAINS: dict[str, tuple[str, ...]] = {
    "talent_flow": ("month",),
    "heat": ("month",),
    "sentiment": ("month",),
    "full_employment": ("month",),
    "job_demand": ("year", "quarter"),
    "vacancy_ratio": ("quarter",),
    "unemployment": ("quarter",),
    "shortage": ("year",),
}
PATTERNS = {
    "month": (r"\d{4}-(0[1-9]|1[0-2])", "YYYY-MM"),
    "quarter": (r"\d{4}Q[1-4]", "YYYYQn"),
    "year": (r"\d{4}", "YYYY"),
}
TITLES = {
    "talent_flow": "人才流动综合指数",
    "job_demand": "公共人力资源市场岗位需求",
    "vacancy_ratio": "求人倍率",
    "shortage": "急需紧缺人才目录",
    "unemployment": "区县登记失业率（代理）",
    "heat": "区县就业工作热力指数",
    "sentiment": "重点行业景气指数",
    "full_employment": "高质量充分就业指数",
}
ZONE = "zone"
MAX_ROWS = 5000


def index_run(period: str) -> IndexRun:
    """The refresh run that computed ``period``'s indices."""
    return IndexRun.objects.get(period=period)


def period_check(index: str, field: str, value: str) -> str:
    """``value`` if it is a period of the index's grain, else a 422 naming the field."""
    grains = GRAINS[index]
    for grain in grains:
        pattern, _ = PATTERNS[grain]
        if re.fullmatch(pattern, value or ""):
            return value
    shapes = " / ".join(PATTERNS[g][1] for g in grains)
    raise InvalidInput.one(
        field,
        "format",
        gettext("%(field)s 须为 %(shapes)s 格式：%(value)s")
        % {"field": field, "shapes": shapes, "value": repr(value)},
    )


def region_check(field: str, value: str | None) -> str | None:
    """A region filter: ``zone``, or the code of a division of Sichuan or Chongqing."""
    if value in (None, ""):
        return None
    if value == ZONE:
        return value
    if zone_region(value) is None:
        raise InvalidInput.one(
            field,
            "unknown_region",
            gettext("%(field)s 须为川渝的区划代码或 zone：%(value)s")
            % {"field": field, "value": repr(value)},
        )
    return value


@cache
def _names() -> dict[str, dict[str, str]]:
    """code → name per dimension, read once per process; industry sections in both languages
    (``industry`` the Chinese name, ``industry_en`` the English one): ``key_name`` picks one
    at call time, by the reader's language."""
    sections = Industry.objects.filter(level="section")
    return {
        "region": dict(Region.objects.values_list("code", "name")),
        "industry": dict(sections.values_list("code", "name")),
        "industry_en": {code: en for code, en in sections.values_list("code", "name_en") if en},
        "occupation": dict(
            Occupation.objects.filter(level__in=["major", "medium"]).values_list("code", "name")
        ),
    }


def region_name(code: str) -> str:
    if code == ZONE:
        return gettext("川渝合计")
    province = province_name(code)
    if province:
        return province
    return _names()["region"].get(code, code)


def key_name(dimension: str, key: str) -> str:
    """The name of a cell's key: an industry section in the reader's language (Manufacturing
    on English pages), an occupation group by its Chinese name; "" for other dimensions."""
    if dimension == "industry" and (get_language() or "").startswith("en"):
        english = _names()["industry_en"].get(key)
        if english:
            return english
    if dimension in ("industry", "occupation"):
        return _names()[dimension].get(key, key)
    return ""


def cells(
    *,
    index: str,
    period: str,
    region: str | None = None,
    level: str | None = None,
    dimension: str | None = None,
) -> QuerySet[IndexValue]:
    qs = IndexValue.objects.filter(index=index, period=period)
    if region:
        qs = qs.filter(region=region)
    if level:
        qs = qs.filter(level=level)
    if dimension:
        qs = qs.filter(dimension=dimension)
    return qs.order_by("level", "region", "dimension", "key")


def cell_row(cell: IndexValue) -> dict[str, Any]:
    """One stored cell as a flat row, with the names of its region and key."""
    return {
        "period": cell.period,
        "level": cell.level,
        "region": cell.region,
        "region_name": region_name(cell.region),
        "dimension": cell.dimension,
        "key": cell.key,
        "key_name": key_name(cell.dimension, cell.key),
        "suppressed": cell.suppressed,
        **cell.values,
    }


def rows(
    qs: QuerySet[IndexValue], *, limit: int = MAX_ROWS, offset: int = 0
) -> list[dict[str, Any]]:
    return [cell_row(c) for c in qs[offset : offset + limit]]


def periods(index: str) -> list[str]:
    """Periods with stored values, newest first."""
    return list(
        IndexValue.objects.filter(index=index)
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")
    )


def series(
    *,
    index: str,
    measures: tuple[str, ...],
    region: str,
    dimension: str = "total",
    key: str = "",
) -> dict[str, list[dict[str, Any]]]:
    """Measures of one cell over every stored period, oldest first (for line charts), read
    in one query: ``{measure: [{"period", "value"}, ...]}``; null where suppressed."""
    cells = list(
        IndexValue.objects.filter(index=index, region=region, dimension=dimension, key=key)
        .order_by("period")
        .only("period", "suppressed", "values")
    )
    return {
        measure: [
            {"period": c.period, "value": None if c.suppressed else c.values.get(measure)}
            for c in cells
        ]
        for measure in measures
    }


def shortage_catalogue(*, year: str, region: str = ZONE) -> dict[str, Any]:
    """The year's catalogue, each entry marked 新增 (new) or 保留 (kept) against the previous
    year's stored catalogue, and the previous entries no longer listed (移出)."""
    current = rows(cells(index="shortage", period=year, region=region))
    current.sort(key=lambda r: r["rank"])
    before_year = str(int(year) - 1)
    before = {r["key"]: r for r in rows(cells(index="shortage", period=before_year, region=region))}
    compared = bool(before) or before_year in periods("shortage")
    for entry in current:
        previous = before.get(entry["key"])
        entry["rank_before"] = previous["rank"] if previous else None
        entry["change"] = ("保留" if previous else "新增") if compared else None
    listed = {r["key"] for r in current}
    dropped = [r for k, r in sorted(before.items()) if k not in listed]
    return {
        "year": year,
        "region": region,
        "region_name": region_name(region),
        "compared_with": before_year if compared else None,
        "entries": current,
        "dropped": dropped,
    }


def runs_list(limit: int = 24) -> list[IndexRun]:
    return list(IndexRun.objects.order_by("-period")[:limit])


def periods_done() -> list[str]:
    """Months whose refresh finished, newest first."""
    return list(
        IndexRun.objects.filter(status=RunStatus.DONE)
        .order_by("-period")
        .values_list("period", flat=True)
    )


def error_if_missing(index: str, period: str) -> None:
    """A 404 naming what to run when the period has not been computed."""
    if not IndexValue.objects.filter(index=index, period=period).exists():
        known = ", ".join(periods(index)[:6]) or "—"
        raise NotFound(
            f"{TITLES[index]} {period} 尚无结果，请先运行 bashu indices_refresh "
            f"(no results for {period} yet; run bashu indices_refresh). 已有 available: {known}"
        )
