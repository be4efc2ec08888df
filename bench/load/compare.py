"""How the load figures change with the data: one table from the summaries of several runs of
bench/load/run.sh (each run leaves BASHU_DATA_DIR/runs/<tag>-<time>/summary.json).

Usage: python bench/load/compare.py OUT.md SUMMARY.json [SUMMARY.json ...]
   e.g. python bench/load/compare.py bench/results/load-summary-$(date -u +%F).md \
          $(ls -d /work/bashu-load-data/1m/runs/1m-2* | tail -1)/summary.json \
          $(ls -d /work/bashu-load-data/10m/runs/10m-2* | tail -1)/summary.json
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path


def fmt(value: object, digits: int = 1) -> str:
    if not isinstance(value, int | float) or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def main() -> None:
    out, paths = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    lines = [
        "# Load: how the figures change with the data",
        "",
        "Each row is one run of bench/load/run.sh (its own results file has the details);"
        " figures for all requests but the sign-ins.",
        "",
        "| data | run | n | errors | req/s | p50 ms | p95 ms | p99 ms | gunicorn CPU % | PostgreSQL CPU % | other CPU % |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, run in zip(paths, runs, strict=True):
        w, s, meta = run["work"], run.get("samples") or {}, run["meta"]

        def mean(key: str, s: dict = s) -> str:
            return fmt((s.get(key) or [math.nan])[0], 0)

        lines.append(
            f"| {meta.get('data', '?').split(':', 1)[-1].strip()} | {path.parent.name} "
            f"| {w['requests']:,} | {w['errors']:,} | {fmt(w['rps'])} | {fmt(w['p50'])} "
            f"| {fmt(w['p95'])} | {fmt(w['p99'])} | {mean('server_cpu')} | {mean('postgres_cpu')} "
            f"| {mean('other_cpu')} |"
        )
    if len(runs) >= 2:
        a, b = runs[0]["work"], runs[-1]["work"]
        lines += [
            "",
            f"From the first to the last: throughput x{b['rps'] / a['rps']:.2f}, "
            f"p95 x{b['p95'] / a['p95']:.2f}, p99 x{b['p99'] / a['p99']:.2f}.",
        ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
