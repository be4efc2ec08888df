"""Where DuckDB spends its time in the indices.

Usage: .venv/bin/python bench/indices/profile_duckdb.py --root EXTRACTS --year 2025 [--top 6]

For each index: wall seconds of the query as ``indices.compute`` builds it (the year and
the month before, as in bench.py), and its most expensive operators from DuckDB's JSON
profile (operator time is summed over threads, so it can exceed the wall time). To profile
another version of ``indices``, put it first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import ibis

from indices.methodology import load

C = importlib.import_module("indices.compute")  # the module: ``indices.compute`` is a function


def operators(node: dict[str, Any], found: list[tuple[float, str, int, str]]) -> None:
    info = node.get("extra_info") or {}
    detail = next(
        (
            str(info[k])
            for k in ("Groups", "Projections", "Expression", "Function", "Join Type")
            if k in info
        ),
        "",
    )
    if "type" in node:
        found.append(
            (node.get("timing", 0.0), node["type"], node.get("intermediate_rows", 0), detail)
        )
    for child in node.get("children", []):
        operators(child, found)


def profiled(con: Any, expr: ibis.Table, top: int) -> tuple[float, Any, list[str]]:
    raw = con.con
    sql = str(ibis.to_sql(expr, dialect="duckdb"))
    started = time.perf_counter()
    table = raw.sql(sql).to_arrow_table()
    wall = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        raw.sql("SET enable_profiling='json'")
        raw.sql(f"SET profiling_output='{f.name}'")
        raw.sql(sql).to_arrow_table()
        raw.sql("SET enable_profiling='no_output'")
        raw.sql("PRAGMA disable_profiling")
        tree = json.loads(Path(f.name).read_text())
    found: list[tuple[float, str, int, str]] = []
    for node in tree.get("operator", []):
        operators(node, found)
    total = sum(t for t, *_ in found) or 1.0
    lines = []
    for seconds, kind, rows, detail in sorted(found, reverse=True)[:top]:
        short = " ".join(detail.split())[:90]
        lines.append(
            f"    {seconds:7.2f} s ({100 * seconds / total:4.1f} %) {kind:<16} {rows:>12,} rows  {short}"
        )
    if hasattr(table, "read_all"):
        table = table.read_all()
    return wall, table, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--names", nargs="+", default=list(C.INDEX_NAMES))
    args = parser.parse_args()
    months = [f"{args.year - 1}-12", *C.months_of_year(args.year)]
    con = C.connect("duckdb")
    m = load()
    tables = C.tables_open(con, args.root)
    threads = con.con.sql("SELECT current_setting('threads')").fetchall()[0][0]
    print(f"DuckDB {con.version}, {threads} threads")
    total = 0.0
    for name in args.names:
        expr = C.INDICES[name](tables, m, months).order_by(C.KEYS)
        wall, table, lines = profiled(con, expr, args.top)
        total += wall
        print(f"{name}: {wall:.2f} s, {table.num_rows:,} rows; top operators:")
        print("\n".join(lines))
    print(f"all indices: {total:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
