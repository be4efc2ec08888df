"""Tables comparing two runs of bench.py (e.g. 1M and 10M persons) for the summary.

Usage: .venv/bin/python bench/indices/summary.py LABEL=bench.json LABEL=bench.json
Prints Markdown: per engine and per index, seconds, peak memory and growth factors, and
whether the targets hold (all indices for a year ≤ 60 s on DuckDB at the larger scale;
DuckDB ≥ 10× faster than pandas).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

INDEX_NAMES = (
    "talent_flow",
    "job_demand",
    "vacancy_ratio",
    "shortage",
    "unemployment",
    "heat",
    "sentiment",
    "full_employment",
)
TARGET_SECONDS = 60.0
TARGET_SPEEDUP = 10.0


def best(report: dict[str, Any], engine: str) -> dict[str, Any] | None:
    ok = [r for r in report["runs"].get(engine, []) if r.get("ok")]
    return min(ok, key=lambda r: r["worker"]["compute"]) if ok else None


def gib(kib: float) -> str:
    return f"{kib / 2**20:,.2f} GiB"


def factor(a: float | None, b: float | None) -> str:
    return f"{b / a:,.1f}×" if a and b else "—"


def main() -> int:
    runs = {}
    for arg in sys.argv[1:]:
        label, _, path = arg.partition("=")
        runs[label] = json.loads(Path(path).read_text())
    (small, a), (large, b) = list(runs.items())[:2]
    engines = [e for e in a["engines"] if e in b["engines"]]
    rows_a, rows_b = sum(a["input_rows"].values()), sum(b["input_rows"].values())
    out = [
        f"Input rows read by the eight indices: {rows_a:,} ({small}) → {rows_b:,} ({large}), "
        f"{rows_b / rows_a:,.1f}×.",
        "",
        f"| engine | compute {small} | compute {large} | growth | process wall {small} "
        f"| process wall {large} | peak RSS {small} | peak RSS {large} | growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for e in engines:
        ra, rb = best(a, e), best(b, e)

        def cell(r: dict[str, Any] | None, key: str) -> str:
            if r is None:
                return "failed"
            if key == "compute":
                return f"{r['worker']['compute']:,.1f} s"
            if key == "wall":
                return f"{r['wall'] - r['worker']['write']:,.1f} s"
            return gib(max(r["maxrss_kib"], r["tree_rss_kib"]))

        ca = ra["worker"]["compute"] if ra else None
        cb = rb["worker"]["compute"] if rb else None
        ma = max(ra["maxrss_kib"], ra["tree_rss_kib"]) if ra else None
        mb = max(rb["maxrss_kib"], rb["tree_rss_kib"]) if rb else None
        out.append(
            f"| {e} | {cell(ra, 'compute')} | {cell(rb, 'compute')} | {factor(ca, cb)} "
            f"| {cell(ra, 'wall')} | {cell(rb, 'wall')} | {cell(ra, 'rss')} | {cell(rb, 'rss')} "
            f"| {factor(ma, mb)} |"
        )
    out += ["", "Seconds per index:", ""]
    header = " | ".join(f"{e} {small} | {e} {large}" for e in engines)
    out += [
        f"| index | {header} | pandas ÷ DuckDB {small} | pandas ÷ DuckDB {large} |",
        "| --- |" + " ---: |" * (2 * len(engines) + 2),
    ]
    for name in INDEX_NAMES:
        cells = []
        for e in engines:
            for rep in (a, b):
                r = best(rep, e)
                cells.append(f"{r['worker']['per_index'][name]:,.2f}" if r else "—")
        ratios = []
        for rep in (a, b):
            d, p = best(rep, "duckdb"), best(rep, "pandas")
            ratios.append(
                f"{p['worker']['per_index'][name] / d['worker']['per_index'][name]:,.1f}×"
                if d and p
                else "—"
            )
        out.append(f"| {name} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    out += ["", "Targets:", ""]
    d = best(b, "duckdb")
    if d:
        seconds = d["worker"]["compute"]
        met = "met" if seconds <= TARGET_SECONDS else "MISSED"
        out.append(
            f"- all indices for a year on DuckDB at {large}: {seconds:,.1f} s "
            f"(process {d['wall'] - d['worker']['write']:,.1f} s) vs ≤ {TARGET_SECONDS:.0f} s: "
            f"**{met}**"
        )
    for label, rep in runs.items():
        d, p = best(rep, "duckdb"), best(rep, "pandas")
        if d and p:
            ratio = p["worker"]["compute"] / d["worker"]["compute"]
            met = "met" if ratio >= TARGET_SPEEDUP else "MISSED"
            out.append(
                f"- DuckDB vs pandas at {label}: pandas {p['worker']['compute']:,.1f} s ÷ "
                f"DuckDB {d['worker']['compute']:,.1f} s = {ratio:,.1f}× vs ≥ "
                f"{TARGET_SPEEDUP:.0f}×: **{met}**"
            )
        elif d:
            out.append(f"- DuckDB vs pandas at {label}: pandas did not finish")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
