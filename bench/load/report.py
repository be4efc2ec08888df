"""The load run's report (bench/load/run.sh, stage report): markdown from the request log
written by bench/load/locustfile.py and the samples of bench/load/sample.py.

Usage: python bench/load/report.py --requests R.csv --samples S.csv --access-log A.log
           --server-log E.log --title ... --meta key=value ... --output OUT.md [--json OUT.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

TARGETS = {"errors": 0, "p95": 100.0, "p99": 300.0}
SIGN_IN = ("/login/ (form)", "/login/ (sign in)")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def load_requests(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for t, name, method, status, ms, size, error in csv.reader(f):
            rows.append(
                {
                    "t": float(t),
                    "name": name,
                    "method": method,
                    "status": int(status),
                    "ms": float(ms),
                    "bytes": int(size or 0),
                    "error": error,
                }
            )
    return rows


def summary(rows: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    times = [r["ms"] for r in rows]
    return {
        "requests": len(rows),
        "errors": sum(1 for r in rows if r["error"]),
        "rps": len(rows) / seconds if seconds else math.nan,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times) if times else math.nan,
        "mean_kib": (sum(r["bytes"] for r in rows) / len(rows) / 1024) if rows else math.nan,
    }


def fmt(value: float, digits: int = 0) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:,.{digits}f}"
    )


def samples_summary(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return {}

    def col(name: str) -> list[float]:
        return [float(r[name]) for r in rows if r.get(name) not in (None, "", "-1")]

    out: dict[str, Any] = {"n": len(rows)}
    for name in ("server_cpu", "worker_cpu", "postgres_cpu", "locust_cpu", "other_cpu", "load1"):
        values = col(name)
        out[name] = (sum(values) / len(values), max(values)) if values else (math.nan, math.nan)
    for name in ("server_rss_mib", "pg_connections"):
        values = col(name)
        out[name] = (sum(values) / len(values), max(values)) if values else (math.nan, math.nan)
    return out


def server_log_summary(access: Path, server: Path) -> dict[str, Any]:
    statuses: dict[str, int] = defaultdict(int)
    if access.exists():
        pattern = re.compile(r'" (\d{3}) ')
        for line in access.open(encoding="utf-8", errors="replace"):
            m = pattern.search(line)
            if m:
                statuses[m.group(1)] += 1
    tracebacks = 0
    errors: list[str] = []
    if server.exists():
        for line in server.open(encoding="utf-8", errors="replace"):
            if line.startswith("Traceback"):
                tracebacks += 1
            if ("[ERROR]" in line or " ERROR " in line or "CRITICAL" in line) and len(errors) < 10:
                errors.append(line.strip()[:200])
    return {"statuses": dict(sorted(statuses.items())), "tracebacks": tracebacks, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=Path, required=True)
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--access-log", type=Path, required=True)
    parser.add_argument("--server-log", type=Path, required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--meta", action="append", default=[], help="key=value, in order")
    parser.add_argument("--how", default="", help="how it was run (a command line)")
    parser.add_argument("--note", action="append", default=[])
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    rows = load_requests(args.requests)
    if not rows:
        raise SystemExit("no requests logged")
    start = min(r["t"] for r in rows)
    end = max(r["t"] + r["ms"] / 1000 for r in rows)
    seconds = end - start
    work = [r for r in rows if r["name"] not in SIGN_IN]
    total = summary(rows, seconds)
    steady = summary(work, seconds)
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_name[f"{r['method']} {r['name']}"].append(r)
    samples = samples_summary(args.samples)
    logs = server_log_summary(args.access_log, args.server_log)

    def verdict(s: dict[str, Any]) -> str:
        ok = (
            s["errors"] <= TARGETS["errors"]
            and s["p95"] <= TARGETS["p95"]
            and s["p99"] <= TARGETS["p99"]
        )
        return "**met**" if ok else "**not met**"

    lines = [f"# {args.title}", ""]
    lines += [f"- {m.split('=', 1)[0]}: {m.split('=', 1)[1]}" for m in args.meta]
    lines += [f"- note: {n}" for n in args.note]
    lines += [
        "",
        "## Result",
        "",
        f"Targets: {TARGETS['errors']} errors, p95 ≤ {TARGETS['p95']:.0f} ms, p99 ≤ {TARGETS['p99']:.0f} ms.",
        "",
        "| requests | n | errors | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, s in (("all", total), ("all but the sign-ins", steady)):
        lines.append(
            f"| {label} | {s['requests']:,} | {s['errors']:,} | {fmt(s['rps'], 1)} | {fmt(s['p50'], 1)} "
            f"| {fmt(s['p95'], 1)} | {fmt(s['p99'], 1)} | {fmt(s['max'])} | {verdict(s)} |"
        )
    lines += [
        "",
        f"Measured over {seconds:.0f} s (first request to last answer), ramp-up included; "
        "a signed-in user either resumes an open session or signs in with the password at its "
        "start (see sessions above); the sign-ins are the `/login/` rows.",
        "",
        "## By endpoint",
        "",
        "| endpoint | n | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | mean KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, group in sorted(by_name.items(), key=lambda kv: -len(kv[1])):
        s = summary(group, seconds)
        lines.append(
            f"| `{name}` | {s['requests']:,} | {s['errors']:,} | {fmt(s['rps'], 2)} | {fmt(s['p50'], 1)} "
            f"| {fmt(s['p95'], 1)} | {fmt(s['p99'], 1)} | {fmt(s['max'])} | {fmt(s['mean_kib'], 1)} |"
        )
    errors: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["error"]:
            errors[f"{r['method']} {r['name']}: {r['error']}"] += 1
    if errors:
        lines += ["", "## Errors", "", "| request: error | n |", "| --- | ---: |"]
        lines += [f"| {k} | {v:,} |" for k, v in sorted(errors.items(), key=lambda kv: -kv[1])[:20]]
    # Throughput and latency by minute: does it hold over the run?
    minutes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in work:
        minutes[int((r["t"] - start) // 60)].append(r)
    lines += [
        "",
        "## By minute (all but the sign-ins)",
        "",
        "| minute | n | req/s | p50 ms | p95 ms | p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for minute, group in sorted(minutes.items()):
        span = min(60.0, seconds - minute * 60)
        s = summary(group, span)
        lines.append(
            f"| {minute + 1} | {s['requests']:,} | {fmt(s['rps'], 1)} | {fmt(s['p50'], 1)} "
            f"| {fmt(s['p95'], 1)} | {fmt(s['p99'], 1)} |"
        )
    if samples:
        lines += [
            "",
            f"## Machine during the run ({samples['n']} samples; CPU in % of one core, 2 cores = 200 %)",
            "",
            "| figure | mean | max |",
            "| --- | ---: | ---: |",
        ]
        for key, label in (
            ("server_cpu", "gunicorn (master + workers) CPU %"),
            ("server_rss_mib", "gunicorn RSS, all processes (MiB)"),
            ("worker_cpu", "task worker (bashu worker) CPU %"),
            ("postgres_cpu", "PostgreSQL backends of this database CPU %"),
            ("pg_connections", "PostgreSQL connections to this database"),
            ("locust_cpu", "locust CPU %"),
            ("other_cpu", "everything else on the machine CPU %"),
            ("load1", "load average (1 min)"),
        ):
            mean, peak = samples[key]
            lines.append(f"| {label} | {fmt(mean, 1)} | {fmt(peak, 1)} |")
    lines += [
        "",
        "## Server log",
        "",
        f"- access log statuses: {', '.join(f'{k}: {v:,}' for k, v in logs['statuses'].items()) or 'none'}",
        f"- tracebacks in the server log: {logs['tracebacks']}",
    ]
    lines += [f"  - `{e}`" for e in logs["errors"]]
    if args.how:
        lines += ["", "## How it was run", "", "```", args.how, "```"]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "meta": dict(m.split("=", 1) for m in args.meta),
                    "seconds": seconds,
                    "all": total,
                    "work": steady,
                    "samples": samples,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
