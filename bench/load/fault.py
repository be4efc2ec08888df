"""The fault run's register import and its checks (bench/load/fault.sh).

  prepare OUT.csv [--rows N]     a title register of N new certificates for persons of
                                 Chengdu (510100), numbers FAULT-<stamp>-<i>, headers in
                                 the issuers' Chinese; large enough to go to the worker
  upload FILE --host URL         sign in as load-caseworker-000 (Chengdu) and POST it to
                                 /api/v1/recognition/imports?kind=title; prints the run id
  progress RUN_ID --rows N       wait until the run has saved at least N rows
  check FILE RUN_ID              wait until the run has ended, then check: the run is done,
                                 every row of the file is in exactly once and whole (holder,
                                 series, level, region, date as written), nothing else
                                 carries the file's prefix, the import's audit rows count
                                 what it created, and the queue has nothing left to run
  windows REQUESTS.csv NAME=EPOCH…  the load's errors and latency between the fault marks

Runs with Django set up on the load database (DJANGO_SETTINGS_MODULE=load_settings).
Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

import requests  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.db.models import Count  # noqa: E402

from bashu.core.models import (  # noqa: E402
    AuditEntry,
    TaskRun,
    TaskRunStatus,
    TitleLevel,
    TitleSeries,
)
from bashu.people.models import Person  # noqa: E402
from bashu.recognition.models import ProfessionalTitle  # noqa: E402

CASEWORKER = "load-caseworker-000"  # region 510100 (bench/load/setup_accounts.py)
PASSWORD = "bashu-load-2026"  # noqa: S105 - the load accounts' password
HEADERS = ["证书编号", "姓名", "公民身份号码", "系列", "层级", "发证区划", "评审委员会", "取得日期"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(out: Path, rows: int) -> None:
    rng = random.Random(rows)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    series = list(TitleSeries.objects.values_list("name", flat=True))
    levels = list(TitleLevel.objects.values_list("name", flat=True))
    people = list(
        Person.objects.filter(region__code__startswith="5101")
        .order_by("id")
        .values_list("resident_id", "name", "region_id")[: rows * 3]
    )
    chosen = rng.sample(people, rows)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for i, (resident_id, name, region) in enumerate(chosen):
            issued = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
            writer.writerow(
                [
                    f"FAULT-{stamp}-{i:06d}",
                    name,
                    resident_id,
                    rng.choice(series),
                    rng.choice(levels),
                    region,
                    "成都市职称评审委员会",
                    issued.isoformat(),
                ]
            )
    print(f"{rows} rows, {out.stat().st_size:,} bytes → {out}")


def _session(host: str) -> requests.Session:
    s = requests.Session()
    form = s.get(f"{host}/login/", timeout=30)
    match = _CSRF.search(form.text)
    if match is None:
        raise SystemExit(f"no sign-in form: HTTP {form.status_code}")
    r = s.post(
        f"{host}/login/",
        data={"username": CASEWORKER, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
        headers={"Referer": f"{host}/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if r.status_code != 302:
        raise SystemExit(f"sign-in failed: HTTP {r.status_code}")
    return s


def upload(path: Path, host: str) -> None:
    s = _session(host)
    with path.open("rb") as f:
        r = s.post(
            f"{host}/api/v1/recognition/imports",
            params={"kind": "title"},
            files={"file": (path.name, f, "text/csv")},
            headers={"X-CSRFToken": s.cookies.get("csrftoken", ""), "Referer": f"{host}/"},
            timeout=600,
        )
    body: Any
    try:
        body = r.json()
    except ValueError:
        body = r.text[:300]
    if r.status_code != 202:
        raise SystemExit(
            f"expected 202 (queued), got HTTP {r.status_code}: {json.dumps(body, ensure_ascii=False)[:300]}"
        )
    run_id = body.get("id") or body.get("run_id")
    print(run_id)


def _run(run_id: str) -> TaskRun:
    close_old_connections()
    return TaskRun.objects.get(pk=run_id)


def progress(run_id: str, rows: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = _run(run_id)
        done = int((run.progress or {}).get("rows_done", 0))
        if done >= rows or run.finished:
            print(f"run {run_id}: {run.status}, {done} rows saved")
            return
        time.sleep(0.5)
    raise SystemExit(f"run {run_id}: fewer than {rows} rows saved after {timeout:.0f} s")


def _queue_left() -> dict[str, int]:
    """Tasks running, or ready to run now (a retry waiting for its time is not counted)."""
    from django_tasks_db.models import DBTaskResult

    close_old_connections()
    counts = {
        "ready": DBTaskResult.objects.ready().count(),
        "running": DBTaskResult.objects.running().count(),
    }
    return {k: v for k, v in counts.items() if v}


def check(path: Path, run_id: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    run = _run(run_id)
    while not run.finished and time.monotonic() < deadline:
        time.sleep(2)
        run = _run(run_id)
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    prefix = rows[0]["证书编号"].rsplit("-", 1)[0] + "-"
    titles = {
        t.certificate_number: t
        for t in ProfessionalTitle.objects.filter(certificate_number__startswith=prefix)
        .select_related("person", "series", "level")
        .order_by()
    }
    duplicates = (
        ProfessionalTitle.objects.filter(certificate_number__startswith=prefix)
        .values("certificate_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    missing, wrong = [], []
    for row in rows:
        t = titles.get(row["证书编号"])
        if t is None:
            missing.append(row["证书编号"])
            continue
        if (
            t.person.resident_id != row["公民身份号码"]
            or t.series.name != row["系列"]
            or t.level.name != row["层级"]
            or t.region_id != row["发证区划"]
            or t.issued_on.isoformat() != row["取得日期"]
        ):
            wrong.append(row["证书编号"])
    extra = set(titles) - {row["证书编号"] for row in rows}
    audits = AuditEntry.objects.filter(
        action="credential.import", detail__source=path.name
    ).values_list("detail", flat=True)
    audited_created = sum(int(d.get("created", 0)) for d in audits)
    left = _queue_left()
    for _ in range(15):  # a periodic command enqueued just now may still be running
        if not left:
            break
        time.sleep(2)
        left = _queue_left()
    report = run.report or run.progress or {}
    checks = [
        ("the run ended done", run.status == TaskRunStatus.DONE, f"{run.status}, {run.attempts} attempt(s), error: {run.error[:120] or '-'}"),
        ("every row in (none lost)", not missing, f"{len(rows) - len(missing)}/{len(rows)} in, missing {missing[:3]}"),
        ("no row twice", duplicates == 0, f"{duplicates} numbers twice"),
        ("every row whole (holder, series, level, region, date)", not wrong, f"{len(wrong)} differ {wrong[:3]}"),
        ("nothing else written", not extra, f"{len(extra)} extra"),
        ("created + unchanged = rows", int(report.get("created", 0)) + int(report.get("unchanged", 0)) + int(report.get("updated", 0)) == len(rows), json.dumps({k: report.get(k) for k in ("rows_done", "created", "unchanged", "updated", "rows_rejected")})),
        ("the import audited (created, over its attempts)", audited_created == len(titles), f"{len(audits)} audit row(s), {audited_created} created in them"),
        ("the queue drained", not left, json.dumps(left) if left else "nothing ready or running"),
    ]  # fmt: skip
    failed = False
    for name, ok, detail in checks:
        failed |= not ok
        print(f"| {name} | {'yes' if ok else '**no**'} | {detail} |")
    if failed:
        raise SystemExit(1)


def windows(requests_csv: Path, marks: list[str]) -> None:
    """Errors and latency of the load in the windows between the marks (name=epoch)."""
    points = [(name, float(t)) for name, t in (m.split("=", 1) for m in marks)]
    with requests_csv.open(encoding="utf-8") as f:
        rows = [(float(r[0]), r[1], float(r[4]), r[6]) for r in csv.reader(f)]
    if not rows:
        raise SystemExit("no requests logged")
    edges = [("start", min(r[0] for r in rows)), *points, ("end", max(r[0] for r in rows) + 1)]
    print("| from | to | requests | errors | p50 ms | p95 ms | p99 ms | errors seen |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for (a, ta), (b, tb) in itertools.pairwise(edges):
        part = [r for r in rows if ta <= r[0] < tb]
        times = sorted(r[2] for r in part)
        errors: dict[str, int] = {}
        for r in part:
            if r[3]:
                key = f"{r[1]}: {r[3][:60]}"
                errors[key] = errors.get(key, 0) + 1

        def pct(p: float, times: list[float] = times) -> str:
            return f"{times[min(len(times) - 1, int(len(times) * p))]:.0f}" if times else "–"

        seen = "; ".join(f"{k} ×{v}" for k, v in sorted(errors.items(), key=lambda kv: -kv[1])[:3])
        print(
            f"| {a} | {b} | {len(part):,} | {sum(errors.values()):,} | {pct(0.5)} | {pct(0.95)} "
            f"| {pct(0.99)} | {seen or '–'} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("out", type=Path)
    p.add_argument("--rows", type=int, default=5000)
    p = sub.add_parser("upload")
    p.add_argument("file", type=Path)
    p.add_argument("--host", required=True)
    p = sub.add_parser("progress")
    p.add_argument("run_id")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--timeout", type=float, default=300)
    p = sub.add_parser("check")
    p.add_argument("file", type=Path)
    p.add_argument("run_id")
    p.add_argument("--timeout", type=float, default=900)
    p = sub.add_parser("windows")
    p.add_argument("requests_csv", type=Path)
    p.add_argument("marks", nargs="*", help="name=epoch seconds, in order")
    args = parser.parse_args()
    if args.command == "windows":
        windows(args.requests_csv, args.marks)
    elif args.command == "prepare":
        prepare(args.out, args.rows)
    elif args.command == "upload":
        upload(args.file, args.host)
    elif args.command == "progress":
        progress(args.run_id, args.rows, args.timeout)
    else:
        check(args.file, args.run_id, args.timeout)


if __name__ == "__main__":
    main()
