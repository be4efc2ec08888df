"""Query-count guards (NetBox style) for the indices: every list API, the dashboard, the
bulletin and the exports answer with as many queries for 2N stored cells as for N."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bashu.analytics.models import IndexRun, IndexValue, RunStatus
from bashu.analytics.selectors import ZONE
from bashu.core.models import Region

pytestmark = pytest.mark.django_db

N = 4
PERIOD, QUARTER, YEAR = "2025-06", "2025Q2", "2025"
MEASURES = {
    "composite": 101.5,
    "net": 12,
    "inflow": 40,
    "outflow": 28,
    "heat": 55.0,
    "demand": 120,
    "seekers": 60,
    "ratio": 2.0,
    "rank": 1,
    "grade": "A",
    "score": 70.0,
    "rate": 0.03,
    "growth": 0.1,
    "vacancy_days": 30,
}
_serial = itertools.count(1)


def queries(url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def assert_constant(build: Callable[[], None], count: Callable[[], int]) -> None:
    """``count()`` after N cells equals ``count()`` after 2N (``build`` adds N each time)."""
    build()
    count()  # the region and key names are read once per process
    first = count()
    build()
    second = count()
    assert second == first, f"{first} queries for N cells, {second} for 2N: a query per cell"


def _run(period: str) -> IndexRun:
    run, _created = IndexRun.objects.get_or_create(
        period=period,
        defaults={
            "status": RunStatus.DONE,
            "methodology": "test",
            "started_at": timezone.now(),
            "finished_at": timezone.now(),
        },
    )
    return run


def _cell(index: str, period: str, level: str, region: str, dimension: str, key: str) -> None:
    IndexValue.objects.create(
        index=index,
        period=period,
        level=level,
        region=region,
        dimension=dimension,
        key=key,
        values={**MEASURES, "rank": next(_serial)},
        run=_run(PERIOD),
    )


def cells() -> None:
    """N more cells of every index where the dashboard, bulletin and API read them."""
    counties = Region.objects.filter(level="county", code__startswith="51").exclude(
        code__in=IndexValue.objects.filter(index="heat").values("region")
    )
    for county in counties.order_by("code")[:N]:
        _cell("heat", PERIOD, "county", county.code, "total", "")
    for _ in range(N):
        n = next(_serial)
        key = f"k{n}"
        for region, level in ((ZONE, "zone"), ("510000", "province"), ("500000", "province")):
            _cell("job_demand", YEAR, level, region, "industry", key)
            _cell("vacancy_ratio", QUARTER, level, region, "occupation", key)
            _cell("shortage", YEAR, level, region, "occupation", key)
            _cell("sentiment", PERIOD, level, region, "industry", key)
            _cell("full_employment", PERIOD, level, region, "indicator", key)
            _cell("unemployment", QUARTER, level, region, "group", key)
            # the talent-flow series grows by a month per round
            _cell("talent_flow", f"{2000 + n}-01", level, region, "total", "")
        _cell("talent_flow", PERIOD, "prefecture", f"51{n % 100:02d}00", "total", key)
        _run(f"{2000 + n}-01")


API = [
    ("/api/v1/indices/talent-flow", {"period": PERIOD}),
    ("/api/v1/indices/heat", {"period": PERIOD}),
    ("/api/v1/indices/sentiment", {"period": PERIOD}),
    ("/api/v1/indices/full-employment", {"period": PERIOD}),
    ("/api/v1/indices/job-demand", {"year": YEAR}),
    ("/api/v1/indices/vacancy-ratio", {"quarter": QUARTER}),
    ("/api/v1/indices/unemployment", {"quarter": QUARTER}),
    ("/api/v1/indices/shortage", {"year": YEAR, "region": "510000"}),
    ("/api/v1/indices/series", {"index": "talent_flow", "measure": "net", "region": "510000"}),
    ("/api/v1/indices/runs", {}),
]
PAGES = [
    ("/indices/", {"period": PERIOD}),
    ("/indices/", {"period": PERIOD, "region": "510000"}),
    (f"/indices/bulletin/{PERIOD}/", {}),
    ("/indices/export/heat.csv", {"period": PERIOD, "level": "county"}),
    ("/indices/export/job_demand.xlsx", {"period": YEAR}),
]


@pytest.mark.parametrize(("url", "params"), API + PAGES, ids=lambda v: str(v))
def test_an_indices_list_does_not_grow_with_its_cells(url: str, params: dict[str, str]) -> None:
    assert_constant(cells, lambda: queries(url, **params))


def test_each_round_adds_cells_the_lists_show() -> None:
    def shown() -> tuple[int, int, int]:
        client = Client()
        heat = client.get("/api/v1/indices/heat", {"period": PERIOD}).json()["count"]
        demand = client.get("/api/v1/indices/job-demand", {"year": YEAR}).json()["count"]
        series = client.get(
            "/api/v1/indices/series", {"index": "talent_flow", "measure": "net", "region": ZONE}
        ).json()["points"]
        return heat, demand, len(series)

    cells()
    assert shown() == (N, 3 * N, N)
    cells()
    assert shown() == (2 * N, 6 * N, 2 * N)
