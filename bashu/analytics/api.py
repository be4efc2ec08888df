"""API of the labour-market indices (劳动力市场指数). Public: every figure is an aggregate and
cells of fewer than 50 people are suppressed. Reads stored results only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

import indices
from bashu.analytics import selectors
from bashu.analytics.models import IndexRun
from bashu.core.bounds import Code
from bashu.core.errors import InvalidInput
from bashu.core.pagination import Pagination, page_of

router = Router(tags=["indices 劳动力市场指数"])

Level = Literal["zone", "province", "prefecture", "county"]
Quarter = Annotated[int, Field(ge=1, le=4)]


class Page(Pagination.Input):
    """The indices answer larger pages than the registers: 1000 cells by default, up to 5000
    (``offset`` bounded as everywhere, ``bashu.core.pagination``)."""

    limit: int = Field(1000, ge=1, le=selectors.MAX_ROWS, description="每页条数 (rows per page)")


class CellsOut(Schema):
    index: str
    title: str
    period: str
    methodology: str
    count: int = Field(..., description="符合条件的格数 (cells matching the filters)")
    items: list[dict[str, Any]] = Field(
        ...,
        description="每格：period, level, region, region_name, dimension, key, key_name, "
        "suppressed（少于 50 人的格隐去数值），以及该指数的各项指标",
    )


def _answer(
    index: str,
    period: str,
    *,
    field: str,
    region: str | None,
    level: str | None = None,
    dimension: str | None = None,
    page: Page,
) -> dict[str, Any]:
    selectors.period_check(index, field, period)
    region = selectors.region_check("region", region)
    selectors.error_if_missing(index, period)
    qs = selectors.cells(
        index=index, period=period, region=region, level=level, dimension=dimension
    )
    return {
        "index": index,
        "title": selectors.TITLES[index],
        "period": period,
        "methodology": indices.load().version,
        **page_of(qs, page, selectors.cell_row),
    }


@router.get("/indices/talent-flow", response=CellsOut, summary="人才流动综合指数 (talent flow)")
def talent_flow(
    request: HttpRequest,
    page: Query[Page],
    period: Code,
    region: Code | None = None,
    level: Level | None = None,
) -> dict[str, Any]:
    """Monthly inflow, outflow and net flow of people, talent and graduates per province,
    prefecture and county, with the composite (100 = balanced). ``period`` is YYYY-MM."""
    return _answer("talent_flow", period, field="period", region=region, level=level, page=page)


@router.get("/indices/job-demand", response=CellsOut, summary="岗位需求 (job demand)")
def job_demand(
    request: HttpRequest,
    page: Query[Page],
    year: Code,
    quarter: Quarter | None = None,
    region: Code | None = None,
    level: Level | None = None,
    dimension: Literal["total", "industry", "occupation"] | None = None,
) -> dict[str, Any]:
    """Headcount demanded by public-market postings per year (or quarter ``1``–``4``), by
    industry section and occupation group, with counts and shares."""
    selectors.period_check("shortage", "year", year)
    period = f"{year}Q{quarter}" if quarter else year
    return _answer(
        "job_demand",
        period,
        field="year",
        region=region,
        level=level,
        dimension=dimension,
        page=page,
    )


@router.get("/indices/vacancy-ratio", response=CellsOut, summary="求人倍率 (vacancy ratio)")
def vacancy_ratio(
    request: HttpRequest,
    page: Query[Page],
    quarter: Code,
    region: Code | None = None,
    level: Level | None = None,
    dimension: Literal["total", "occupation"] | None = None,
) -> dict[str, Any]:
    """Demand ÷ job seekers per quarter (``2025Q3``), region and occupation group."""
    return _answer(
        "vacancy_ratio",
        quarter,
        field="quarter",
        region=region,
        level=level,
        dimension=dimension,
        page=page,
    )


@router.get("/indices/shortage", summary="急需紧缺人才目录 (shortage catalogue)")
def shortage(request: HttpRequest, year: Code, region: Code = selectors.ZONE) -> dict[str, Any]:
    """The year's catalogue of occupations short of people, ranked, each marked 新增 or 保留
    against the previous year's catalogue, with the occupations dropped (移出)."""
    selectors.period_check("shortage", "year", year)
    region = selectors.region_check("region", region) or selectors.ZONE
    if region not in (selectors.ZONE, "510000", "500000"):
        raise InvalidInput.one(
            "region", "level", _("region 须为 zone、510000 或 500000（目录按省编制）")
        )
    selectors.error_if_missing("shortage", year)
    return {
        "methodology": indices.load().version,
        **selectors.shortage_catalogue(year=year, region=region),
    }


@router.get("/indices/unemployment", response=CellsOut, summary="区县登记失业率（代理）")
def unemployment(
    request: HttpRequest,
    page: Query[Page],
    quarter: Code,
    region: Code | None = None,
    level: Level | None = None,
) -> dict[str, Any]:
    """Quarterly registered-unemployment proxy per region (not the surveyed rate)."""
    return _answer("unemployment", quarter, field="quarter", region=region, level=level, page=page)


@router.get("/indices/heat", response=CellsOut, summary="区县就业工作热力指数 (heat index)")
def heat(
    request: HttpRequest,
    page: Query[Page],
    period: Code,
    region: Code | None = None,
) -> dict[str, Any]:
    """Monthly district employment heat index per county, 0–100, with its five components."""
    return _answer("heat", period, field="period", region=region, page=page)


@router.get("/indices/sentiment", response=CellsOut, summary="重点行业景气指数 (sentiment)")
def sentiment(
    request: HttpRequest,
    page: Query[Page],
    period: Code,
    region: Code | None = None,
) -> dict[str, Any]:
    """Monthly key-industry sentiment index (100 = no change on the month)."""
    return _answer("sentiment", period, field="period", region=region, page=page)


@router.get("/indices/full-employment", response=CellsOut, summary="高质量充分就业指数")
def full_employment(
    request: HttpRequest,
    page: Query[Page],
    period: Code,
    region: Code | None = None,
    level: Level | None = None,
) -> dict[str, Any]:
    """The indicator system for high-quality full employment: indicators, their scores and
    the weighted composite per province and prefecture."""
    return _answer("full_employment", period, field="period", region=region, level=level, page=page)


class SeriesOut(Schema):
    index: str
    measure: str
    region: str
    points: list[dict[str, Any]]


@router.get("/indices/series", response=SeriesOut, summary="时间序列 (a measure over time)")
def series(
    request: HttpRequest,
    index: Literal[
        "talent_flow", "heat", "sentiment", "full_employment", "vacancy_ratio", "unemployment"
    ],
    measure: Code,
    region: Code = selectors.ZONE,
    dimension: Code = "total",
    key: Code = "",
) -> dict[str, Any]:
    """One measure of one cell over every stored period (null where suppressed)."""
    region = selectors.region_check("region", region) or selectors.ZONE
    return {
        "index": index,
        "measure": measure,
        "region": region,
        "points": selectors.series(
            index=index, measures=(measure,), region=region, dimension=dimension, key=key
        )[measure],
    }


class RunOut(Schema):
    period: str
    status: str
    done: list[str]
    methodology: str
    attempts: int
    error: str
    seconds: dict[str, float]


@router.get("/indices/runs", response=list[RunOut], summary="计算批次 (refresh runs)")
def runs(request: HttpRequest) -> list[IndexRun]:
    return selectors.runs_list()


@router.get("/indices/methodology", summary="编制方法参数 (weights and thresholds)")
def methodology(request: HttpRequest) -> dict[str, Any]:
    m = indices.load()
    return {
        "version": m.version,
        "effective_from": m.effective_from,
        "source": m.source,
        "min_cell": m.min_cell,
        **m.sections,
    }
