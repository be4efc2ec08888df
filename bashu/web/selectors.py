"""Headline figures for the home page: counted by a command, stored, read without a query.

Counting six tables per anonymous request is a denial of service at 67M persons, so the
page never counts. ``bashu headlines_refresh`` (run by ``make run``/``make dev`` after the demo
and meant to be scheduled, e.g. hourly) counts once and writes
``BASHU_DATA_DIR/headlines.json``; the page reads that file (kept in memory until it changes).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bashu.core.models import Region
from bashu.core.models.reference import RegionLevel
from bashu.jobs.models import EmploymentIntention, JobPosting
from bashu.people.models import Employer, EmploymentRegistration, Person


@dataclass(frozen=True)
class Headline:
    code: str
    name: str
    persons: int
    employers: int
    registrations: int
    open_registrations: int
    open_postings: int
    intentions: int


@dataclass(frozen=True)
class Headlines:
    """The figures and when they were counted (``None``: never counted yet)."""

    rows: list[Headline]
    counted_at: dt.datetime | None


def headlines_path() -> Path:
    return Path(settings.DATA_DIR) / "headlines.json"


def headline_count() -> Headlines:
    """Count the figures now: per province, by owning region (postings and intentions by place
    of work). Six grouped queries over whole tables — for the refresh command, never a page."""

    def by_province(qs: QuerySet[Any], field: str = "region_id") -> dict[str, int]:
        counts: dict[str, int] = {}
        for code, n in qs.values_list(field).annotate(n=Count("id")).values_list(field, "n"):
            counts[code[:2]] = counts.get(code[:2], 0) + n
        return counts

    persons = by_province(Person.objects.all())
    employers = by_province(Employer.objects.all())
    registrations = by_province(EmploymentRegistration.objects.all())
    open_regs = by_province(EmploymentRegistration.objects.filter(Q(end_date__isnull=True)))
    postings = by_province(
        JobPosting.objects.filter(
            status="open", close_date__gte=timezone.localdate(), duplicate_of__isnull=True
        )
    )
    intentions = by_province(EmploymentIntention.objects.all())
    rows = []
    for region in Region.objects.filter(
        level=RegionLevel.PROVINCE, code__in=["510000", "500000"]
    ).order_by("-code"):
        key = region.code[:2]
        rows.append(
            Headline(
                code=region.code,
                name=region.name,
                persons=persons.get(key, 0),
                employers=employers.get(key, 0),
                registrations=registrations.get(key, 0),
                open_registrations=open_regs.get(key, 0),
                open_postings=postings.get(key, 0),
                intentions=intentions.get(key, 0),
            )
        )
    return Headlines(rows=rows, counted_at=timezone.now())


def headlines_store(headlines: Headlines) -> Path:
    """Write the figures atomically (a reader sees the old file or the new, never half)."""
    path = headlines_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    counted_at = headlines.counted_at.isoformat() if headlines.counted_at else None
    payload = {"counted_at": counted_at, "rows": [asdict(r) for r in headlines.rows]}
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


_memo: dict[str, Any] = {}
_memo_lock = threading.Lock()


def headline_list() -> Headlines:
    """The stored figures, without a database query; empty until the first refresh."""
    path = headlines_path()
    try:
        stamp = path.stat()
    except FileNotFoundError:
        return Headlines(rows=[], counted_at=None)
    key = (str(path), stamp.st_mtime_ns, stamp.st_size)
    with _memo_lock:
        if _memo.get("key") == key:
            cached: Headlines = _memo["value"]
            return cached
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        value = Headlines(
            rows=[Headline(**row) for row in payload["rows"]],
            counted_at=dt.datetime.fromisoformat(payload["counted_at"])
            if payload.get("counted_at")
            else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return Headlines(rows=[], counted_at=None)  # unreadable: show nothing, never count
    with _memo_lock:
        _memo.update(key=key, value=value)
    return value
