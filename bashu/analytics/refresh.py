"""Index refresh (指数计算): compute every index for a month from the extracts and store it.

A run is one row per month, STARTED then DONE. Each index is stored in its own transaction
and named in ``run.done``; a run that failed part-way resumes with the indices not yet done.
Pages and the API read only what is stored here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

import indices
from bashu.analytics.extract import extracts_root, month_parse
from bashu.analytics.models import IndexRun, IndexValue, RunStatus
from bashu.core.audit import audit_record
from bashu.core.months import Month
from bashu.core.permissions import SYSTEM
from indices.compute import quarter_of
from indices.schema import months_present

MEASURE_SKIP = {"period", "level", "region", "dimension", "key", "suppressed"}


def _previous(month: str) -> str:
    return str(Month.parse(month) - 1)


def plan(period: str, available: list[str]) -> dict[str, tuple[list[str], set[str]]]:
    """For each index, the months it reads and the periods it stores for ``period``."""
    year = int(period[:4])
    year_to_date = [m for m in available if m[:4] == str(year) and m <= period]
    two_years = [m for m in available if m[:4] in (str(year - 1), str(year)) and m <= period]
    before = _previous(period)
    return {
        "talent_flow": ([period], {period}),
        "job_demand": (year_to_date, {str(year), quarter_of(period)}),
        "vacancy_ratio": (year_to_date, {quarter_of(period)}),
        "shortage": (two_years, {str(year)}),
        "unemployment": (year_to_date, {quarter_of(period)}),
        "heat": ([period], {period}),
        "sentiment": ([before, period] if before in available else [period], {period}),
        "full_employment": ([period], {period}),
    }


def _store(run: IndexRun, name: str, table: Any, periods: set[str]) -> int:
    rows = [r for r in table.to_pylist() if r["period"] in periods]
    with transaction.atomic():
        IndexValue.objects.filter(index=name, period__in=periods).delete()
        IndexValue.objects.bulk_create(
            (
                IndexValue(
                    index=name,
                    period=r["period"],
                    level=r["level"],
                    region=r["region"],
                    dimension=r["dimension"],
                    key=r["key"] or "",
                    suppressed=bool(r["suppressed"]),
                    values={k: v for k, v in r.items() if k not in MEASURE_SKIP},
                    run=run,
                )
                for r in rows
            ),
            batch_size=2000,
        )
        run.done = [*run.done, name]
        run.save(update_fields=["done", "seconds"])
    return len(rows)


def indices_refresh(
    *,
    period: str,
    root: Path | None = None,
    backend: str = "duckdb",
    progress: Callable[[str, int, float], None] | None = None,
) -> IndexRun:
    """Compute and store every index for ``period`` (YYYY-MM), resuming an unfinished run."""
    month_parse(period)
    root = root or extracts_root()
    available = months_present(root)
    if period not in available:
        raise ValueError(
            f"period: {period} 尚未抽取，请先运行 bashu extract --month {period} "
            f"(not extracted yet; run bashu extract --month {period} first)"
        )
    methodology = indices.load()
    run, _ = IndexRun.objects.get_or_create(
        period=period,
        defaults={
            "status": RunStatus.STARTED,
            "methodology": methodology.version,
            "started_at": timezone.now(),
        },
    )
    if run.status == RunStatus.DONE:
        run.done, run.seconds = [], {}
    run.status, run.error, run.finished_at = RunStatus.STARTED, "", None
    run.methodology = methodology.version
    run.attempts += 1
    run.started_at = timezone.now()
    run.save()
    con = indices.connect(backend)
    try:
        for name, (months, periods) in plan(period, available).items():
            if name in run.done:
                continue
            started = time.perf_counter()
            table = indices.compute(con, root, months, names=[name], methodology=methodology)[name]
            seconds = round(time.perf_counter() - started, 3)
            run.seconds = {**run.seconds, name: seconds}
            count = _store(run, name, table, periods)
            if progress:
                progress(name, count, seconds)
    except Exception as error:
        run.status, run.error = RunStatus.FAILED, f"{type(error).__name__}: {error}"
        run.save(update_fields=["status", "error"])
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    audit_record(
        actor=SYSTEM,
        action="indices.refresh",
        target_type="index_run",
        target_id=period,
        detail={"period": period, "indices": run.done, "methodology": run.methodology},
    )
    return run
