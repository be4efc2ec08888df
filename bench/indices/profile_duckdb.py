"""Where DuckDB spends its time in the indices, and what pre-aggregation would save.

Usage: .venv/bin/python bench/indices/profile_duckdb.py --root EXTRACTS --year 2025 [--top 6]

For each index: wall seconds of the query as ``indices.compute`` runs it, and the most
expensive operators from DuckDB's profiler (operator time is summed over threads). Then,
for the indices that read the ``persons`` stock (unemployment, full_employment), the same
index computed from ``persons`` first grouped by (month, region) — every measure there is a
count or a sum, so rolling the small grouped table up to periods and levels gives the same
answer — with its time and a check that the result is equal. This is a prototype of a
change to ``indices/compute.py``; it does not modify it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ibis
from ibis import _

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_pandas import differences

C = importlib.import_module("indices.compute")
from indices.methodology import Methodology, load  # noqa: E402


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


# --- prototypes: group the persons stock by (month, region) first ---------------------------


def _persons_by_region(p: ibis.Table, **sums: Any) -> ibis.Table:
    return p.group_by(["month", "region"]).agg(n=_.count(), **{k: v.sum() for k, v in sums.items()})


def unemployment_preaggregated(t: Any, m: Methodology, months: Sequence[str]) -> ibis.Table:
    p = C._labour(t, m, C.quarter_ends(months), "heat")
    base = _persons_by_region(
        p, employed=C._int(p.employed), unemployed=C._int(~p.employed & p.seeking)
    )
    parts = [
        base.select(
            period=C._quarter(base.month),
            level=ibis.literal(level),
            region=C.LEVELS[level](base.region),
            n=base.n,
            employed=base.employed,
            unemployed=base.unemployed,
        )
        for level in C.LEVELS
    ]
    cells = (
        C._union(parts)
        .filter(_.region.notnull())
        .group_by(["period", "level", "region"])
        .agg(labour_force=_.n.sum(), employed=_.employed.sum(), unemployed=_.unemployed.sum())
    )
    cells = cells.mutate(
        dimension=ibis.literal("total"),
        key=ibis.literal(""),
        rate=C._ratio(_.unemployed, _.employed + _.unemployed).round(4),
        suppressed=_.labour_force < m.min_cell,
    )
    return C._suppress(cells, ["labour_force", "employed", "unemployed", "rate"])


def full_employment_preaggregated(t: Any, m: Methodology, months: Sequence[str]) -> ibis.Table:
    """``indices.compute.full_employment`` with its persons part read from a (month, region)
    grouping; the rest (postings, seekers, registrations) is unchanged."""
    original = t["persons"]
    low, high = m["full_employment"]["labour_age"]
    p = original.filter(original.month.isin(list(months)), original.age.between(low, high))
    e = p.employed
    base = _persons_by_region(
        p,
        employed=C._int(e),
        unemployed=C._int(~e & p.seeking),
        insured=C._int(e & p.insured),
        talent=C._int(e & (p.education_rank >= 5)),
        skilled=C._int(e & p.skilled),
    )
    cfg = m["full_employment"]
    post = C._postings(t, m, months)
    s = t["seekers"].filter(_.month.isin(list(months)))
    r = t["registrations"].filter(_.month.isin(list(months)), _.prev_region.notnull(), _.graduate)
    names = [
        "labour",
        "employed",
        "unemployed",
        "insured",
        "talent",
        "skilled",
        "demand",
        "seekers",
        "graduate_in",
        "graduate_out",
    ]
    parts = []
    for level in ("zone", "province", "prefecture"):
        at = C.LEVELS[level]

        def part(table: ibis.Table, region: Any, level: str = level, **values: Any) -> Any:
            return table.select(
                period=table.month,
                level=ibis.literal(level),
                region=region,
                **{k: values.get(k, C._n()) for k in names},
            )

        parts.append(
            part(
                base,
                at(base.region),
                labour=base.n,
                employed=base.employed,
                unemployed=base.unemployed,
                insured=base.insured,
                talent=base.talent,
                skilled=base.skilled,
            )
        )
        parts.append(part(post, at(post.region), demand=post.headcount.cast("int64")))
        parts.append(part(s, at(s.region), seekers=C._n(1)))
        moved = r.mutate(to=at(r.region).fill_null(""), since=at(r.prev_region).fill_null(""))
        moved = moved.filter(moved.to != moved.since)
        parts.append(part(moved.filter(moved.to != ""), moved.to, graduate_in=C._n(1)))
        parts.append(part(moved.filter(moved.since != ""), moved.since, graduate_out=C._n(1)))
    cells = (
        C._union(parts)
        .filter(_.region.notnull())
        .group_by(["period", "level", "region"])
        .agg(**{k: getattr(_, k).sum() for k in names})
    )
    values = {
        "employment_rate": C._ratio(cells.employed, cells.labour),
        "unemployment_rate": C._ratio(cells.unemployed, cells.employed + cells.unemployed),
        "insured_share": C._ratio(cells.insured, cells.employed),
        "vacancy_ratio": C._ratio(cells.demand, cells.seekers),
        "talent_share": C._ratio(cells.talent, cells.employed),
        "skilled_share": C._ratio(cells.skilled, cells.employed),
        "graduate_net_rate": C._balance(cells.graduate_in, cells.graduate_out),
    }
    scores = {}
    for indicator in cfg["indicators"]:
        x = values[indicator["id"]].fill_null(indicator["floor"])
        floor, target = indicator["floor"], indicator["target"]
        scores[indicator["id"]] = 100 * C._clip((x - floor) / (target - floor), 0, 1)
    composite = sum(i["weight"] * scores[i["id"]] for i in cfg["indicators"])
    cells = cells.mutate(
        dimension=ibis.literal("total"),
        key=ibis.literal(""),
        suppressed=cells.labour < m.min_cell,
        composite=composite.round(2),
        **{k: v.round(4) for k, v in values.items()},
        **{f"{k}_score": v.round(1) for k, v in scores.items()},
    )
    return C._suppress(cells, ["composite", "labour", *values, *[f"{k}_score" for k in values]])


PROTOTYPES = {
    "unemployment": unemployment_preaggregated,
    "full_employment": full_employment_preaggregated,
}


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
    originals = {}
    for name in args.names:
        expr = C.INDICES[name](tables, m, months).order_by(C.KEYS)
        wall, table, lines = profiled(con, expr, args.top)
        originals[name] = table
        total += wall
        print(f"{name}: {wall:.2f} s, {table.num_rows:,} rows; top operators:")
        print("\n".join(lines))
    print(f"all indices: {total:.2f} s")
    saved = 0.0
    for name, build in PROTOTYPES.items():
        if name not in originals:
            continue
        expr = build(tables, m, months).order_by(C.KEYS)
        wall, table, lines = profiled(con, expr, args.top)
        found = differences(originals[name], table)
        before = _time_of(con, C.INDICES[name](tables, m, months).order_by(C.KEYS))
        saved += before - wall
        print(
            f"{name} from persons grouped by (month, region) first: {wall:.2f} s "
            f"(original, timed again: {before:.2f} s), "
            f"{'equal to the original' if not found else 'DIFFERENT: ' + '; '.join(found)}"
        )
        print("\n".join(lines))
    if saved:
        print(f"pre-aggregating persons would save ≈ {saved:.1f} s of {total:.1f} s")
    return 0


def _time_of(con: Any, expr: ibis.Table) -> float:
    started = time.perf_counter()
    con.con.sql(str(ibis.to_sql(expr, dialect="duckdb"))).to_arrow_table()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
