"""Benchmark: all eight indices for a year on DuckDB, pandas and PySpark.

Usage:
  .venv/bin/python bench/indices/bench.py --root EXTRACTS --year 2025 \\
      [--engines duckdb pandas pyspark] [--repeat duckdb=3] [--json OUT] [--markdown OUT]
  .venv/bin/python bench/indices/bench.py --extract-log LOG   (Markdown table of a
      ``bashu extract`` log, for run.sh)

"All indices for a year" is ``indices.compute(con, root, months, names=INDEX_NAMES)`` once,
with ``months`` the twelve months of the year and the month before (the sentiment index's
base month); for pandas, ``pandas_impl.compute`` with the same arguments. Each engine runs
in its own subprocess (``--worker``), one after the other, so that wall time and memory are
measured separately:

- compute: seconds inside ``compute`` (per index: the time of that index's ``to_pyarrow``;
  for pandas the index function); ``open`` is the rest (registering the Parquet files).
- process: wall seconds of the whole subprocess (interpreter start, imports, for Spark the
  JVM and the session; writing the results is excluded by timing it and subtracting).
- peak RSS: the largest single process (``ru_maxrss`` from ``wait4`` of the worker and of any
  orphaned descendant, reaped as a child subreaper, so the Spark JVM is included) and the
  sampled sum over the process tree (every 0.1 s; Spark = Python driver + JVM).

The parent reads every Parquet file once before the first engine so that all engines start
with the files in the page cache. Results are compared afterwards: DuckDB = PySpark and
DuckDB = pandas, numbers within 1e-9, NULLs equal.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

INPUTS = {
    "talent_flow": ["registrations"],
    "job_demand": ["postings"],
    "vacancy_ratio": ["postings", "seekers"],
    "shortage": ["postings", "seekers"],
    "unemployment": ["persons@quarter_ends"],
    "heat": ["persons", "registrations", "postings", "seekers"],
    "sentiment": ["postings", "registrations", "insurance"],
    "full_employment": ["persons", "postings", "seekers", "registrations"],
}
ENGINES = ("duckdb", "pandas", "pyspark")


# --- worker ----------------------------------------------------------------------------------


def worker(engine: str, root: Path, months: list[str], out: Path, spark_memory: str) -> None:
    """Compute all indices once on ``engine``; write results and timings under ``out``."""
    started = time.perf_counter()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from indices import INDEX_NAMES, compute, connect

    timings: dict[str, float] = {}
    if engine == "pandas":
        import pandas_impl

        imported = time.perf_counter()
        connected = imported
        results = pandas_impl.compute(root, months, names=INDEX_NAMES, timings=timings)
        computed = time.perf_counter()
        tables = {k: pa.Table.from_pandas(v, preserve_index=False) for k, v in results.items()}
    else:
        imported = time.perf_counter()
        options = {"memory": spark_memory} if engine == "pyspark" else {}
        if engine == "pyspark":  # no console progress bars in the log
            os.environ["PYSPARK_SUBMIT_ARGS"] = (
                "--conf spark.ui.showConsoleProgress=false pyspark-shell"
            )
        con = connect(engine, **options)
        if engine == "pyspark":  # start the JVM and the session here, not in the first index
            con._session.sparkContext.setLogLevel("ERROR")
            con._session.range(1).collect()
        connected = time.perf_counter()
        names = iter(INDEX_NAMES)
        plain = con.to_pyarrow

        def timed(expr: Any, *args: Any, **kwargs: Any) -> Any:
            name = next(names)
            t0 = time.perf_counter()
            try:
                return plain(expr, *args, **kwargs)
            finally:
                timings[name] = time.perf_counter() - t0

        con.to_pyarrow = timed
        tables = compute(con, root, months, names=INDEX_NAMES)
        computed = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet")
    written = time.perf_counter()
    if engine == "pyspark":
        con._session.stop()
    stopped = time.perf_counter()
    info = {
        "engine": engine,
        "imports": imported - started,
        "connect": connected - imported,
        "compute": computed - connected,
        "per_index": timings,
        "open": (computed - connected) - sum(timings.values()),
        "write": written - computed,
        "stop": stopped - written,
        "rows": {k: v.num_rows for k, v in tables.items()},
        "suppressed": {k: sum(v["suppressed"].to_pylist()) for k, v in tables.items()},
    }
    (out / "timings.json").write_text(json.dumps(info, indent=1))


# --- measuring a subprocess ------------------------------------------------------------------


def _become_subreaper() -> None:
    """Orphaned descendants (the Spark JVM, if its parent exits first) become our children,
    so that we can reap them and read their ``ru_maxrss``."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                text = (task / "children").read_text()
                found += [int(x) for x in text.split()]
    return found


def _rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _tree_rss_kib(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kib(pid)
        todo += _children(pid)
    # the JVM may have been orphaned to us if the worker died first
    for pid in _children(os.getpid()):
        if pid not in seen:
            total += _rss_kib(pid)
    return total


def measure(cmd: list[str], timeout: float, log: Path) -> dict[str, Any]:
    """Run ``cmd`` (output to ``log``); wall seconds, exit status, CPU seconds, peak memory."""
    peak = {"tree": 0}
    done = threading.Event()
    started = time.perf_counter()
    with log.open("ab") as output:
        proc = subprocess.Popen(cmd, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603

    def sample() -> None:
        while not done.wait(0.1):
            peak["tree"] = max(peak["tree"], _tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    killer.cancel()
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    # reap orphaned descendants (a JVM outliving its Python parent) for their ru_maxrss
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            pid, _, orphan = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.2)
            continue
        maxrss, cpu = max(maxrss, orphan.ru_maxrss), cpu + orphan.ru_utime + orphan.ru_stime
    return {
        "exit": proc.returncode,
        "wall": wall,
        "cpu": cpu,
        "maxrss_kib": maxrss,
        "tree_rss_kib": peak["tree"],
    }


# --- inputs ----------------------------------------------------------------------------------


def data_sizes(root: Path, months: list[str]) -> dict[str, dict[str, int]]:
    import pyarrow.parquet as pq

    from indices.schema import TABLES, month_path

    sizes = {}
    for table in TABLES:
        rows, nbytes = {}, 0
        for month in months:
            path = month_path(root, table, month)
            if path.exists():
                rows[month] = pq.ParquetFile(path).metadata.num_rows
                nbytes += path.stat().st_size
        sizes[table] = {"rows": rows, "bytes": nbytes}
    return sizes


def input_rows(sizes: dict[str, Any], months: list[str]) -> dict[str, int]:
    """Rows each index reads (the tables and months it filters to)."""
    from indices.compute import quarter_ends

    rows = {}
    for index, tables in INPUTS.items():
        total = 0
        for spec in tables:
            table, _, which = spec.partition("@")
            wanted = quarter_ends(months) if which == "quarter_ends" else months
            total += sum(n for m, n in sizes[table]["rows"].items() if m in wanted)
        rows[index] = total
    return rows


def warm(root: Path) -> int:
    """Read every file once, so that every engine finds them in the page cache."""
    total = 0
    for path in sorted(root.rglob("*.parquet")):
        with path.open("rb") as f:
            while chunk := f.read(1 << 24):
                total += len(chunk)
    return total


# --- comparing -------------------------------------------------------------------------------


def compare(a: Path, b: Path) -> dict[str, list[str]]:
    import pyarrow.parquet as pq
    from check_pandas import differences

    from indices import INDEX_NAMES

    found = {}
    for name in INDEX_NAMES:
        pa_, pb = a / f"{name}.parquet", b / f"{name}.parquet"
        if not (pa_.exists() and pb.exists()):
            found[name] = ["missing result"]
            continue
        found[name] = differences(pq.read_table(pa_), pq.read_table(pb))
    return found


# --- reporting -------------------------------------------------------------------------------


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:,.2f} GiB"


def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


def markdown(report: dict[str, Any]) -> str:
    from indices import INDEX_NAMES
    from indices.schema import TABLES

    months, engines = report["months"], report["engines"]
    sizes = report["sizes"]
    year_months = months[1:]
    lines = ["## Data (Parquet extracts)", ""]
    lines += [
        f"| table | rows {months[0]} | rows {year_months[0]}..{year_months[-1]} "
        "| rows per month (mean) | Parquet bytes (13 months) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    total_rows = total_bytes = 0
    for table in TABLES:
        rows = sizes[table]["rows"]
        year = sum(n for m, n in rows.items() if m in year_months)
        total_rows += sum(rows.values())
        total_bytes += sizes[table]["bytes"]
        lines.append(
            f"| {table} | {rows.get(months[0], 0):,} | {year:,} | "
            f"{year // max(1, len(year_months)):,} | {sizes[table]['bytes']:,} |"
        )
    lines.append(f"| **all** | | | | {total_bytes:,} ({total_bytes / 2**20:,.0f} MiB) |")
    lines += ["", f"All files: {total_rows:,} rows. Rows each index reads:", ""]
    lines += ["| index | input rows |", "| --- | ---: |"]
    for name in INDEX_NAMES:
        lines.append(f"| {name} | {report['input_rows'][name]:,} |")
    lines.append(f"| **all eight** | {sum(report['input_rows'].values()):,} |")

    lines += ["", "## Timings (seconds; one process per engine, run one after another)", ""]
    runs = report["runs"]
    best = {e: _best(runs.get(e, [])) for e in engines}
    speed = "duckdb" in engines and "pandas" in engines
    header = "| | " + " | ".join(engines) + (" | pandas ÷ DuckDB |" if speed else " |")
    lines += [header, "| --- |" + " ---: |" * (len(engines) + (1 if speed else 0))]

    def row(label: str, get: Any, ratio: bool = True) -> None:
        cells = []
        for e in engines:
            run = best[e]
            cells.append(_s(get(run)) if run and run.get("ok") else "failed")
        extra = ""
        if speed:
            d, p = best["duckdb"], best["pandas"]
            ok = d and p and d.get("ok") and p.get("ok") and ratio
            extra = f" {get(p) / get(d):,.1f}× |" if ok and get(d) else " |"
        lines.append(f"| {label} | " + " | ".join(cells) + " |" + extra)

    for name in INDEX_NAMES:
        row(name, lambda r, n=name: r["worker"]["per_index"].get(n))
    row("open (register files)", lambda r: r["worker"]["open"], ratio=False)
    row("**all indices (compute)**", lambda r: r["worker"]["compute"])
    row("connect (session, JVM)", lambda r: r["worker"]["connect"], ratio=False)
    row("process wall (start to exit)", lambda r: r["wall"] - r["worker"]["write"])
    row("CPU seconds (user+sys, all processes)", lambda r: r["cpu"], ratio=False)
    lines.append(
        "| peak RSS, largest process | "
        + " | ".join(_mib(best[e]["maxrss_kib"]) if best[e] else "—" for e in engines)
        + (" |" if not speed else " | |")
    )
    lines.append(
        "| peak RSS, process tree (sampled) | "
        + " | ".join(_mib(best[e]["tree_rss_kib"]) if best[e] else "—" for e in engines)
        + (" |" if not speed else " | |")
    )
    lines.append("")
    for e in engines:
        all_runs = runs.get(e, [])
        desc = ", ".join(
            f"{r['worker']['compute']:.2f}" if r.get("ok") else f"failed (exit {r['exit']})"
            for r in all_runs
        )
        lines.append(
            f"- {e}: {len(all_runs)} run(s), compute seconds: {desc}; table shows the fastest"
        )
    failed = [
        f"{e} exited {r['exit']} after {r['wall']:.0f} s"
        for e in engines
        for r in runs.get(e, [])
        if not r.get("ok")
    ]
    if failed:
        lines.append(f"- failures: {'; '.join(failed)}")
    lines.append(
        f"- rows read: {sum(report['input_rows'].values()):,} input rows for the eight indices "
        f"({sum(report['input_rows'].values()) / best['duckdb']['worker']['compute'] / 1e6:,.1f} M rows/s on DuckDB)"
        if best.get("duckdb") and best["duckdb"].get("ok")
        else "- rows read: see above"
    )
    lines += ["", "## Equality of results", ""]
    for pair, found in report["equality"].items():
        bad = {k: v for k, v in found.items() if v}
        if not bad:
            lines.append(f"- {pair}: all eight indices equal (numbers within 1e-9, NULLs equal)")
        else:
            lines.append(f"- {pair}: {len(bad)} of {len(found)} indices differ")
            for name, diffs in bad.items():
                for d in diffs:
                    lines.append(f"  - {name}: {d}")
    rows = report.get("result_rows", {})
    if rows:
        hidden = report.get("result_suppressed", {})
        lines += [
            "",
            "Result rows (suppressed): "
            + ", ".join(f"{k} {v:,} ({hidden.get(k, '?'):,})" for k, v in rows.items()),
        ]
    return "\n".join(lines) + "\n"


def _best(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    ok = [r for r in runs if r.get("ok")]
    if ok:
        return min(ok, key=lambda r: r["worker"]["compute"])
    return runs[-1] if runs else None


def extract_table(log: Path) -> str:
    """The per-month, per-table seconds of a ``bashu extract`` log as Markdown."""
    months: dict[str, dict[str, tuple[int, float]]] = {}
    current = None
    tail = []
    for line in log.read_text().splitlines():
        if m := re.match(r"^(\d{4}-\d{2}) → ", line):
            current = m.group(1)
            months[current] = {}
        elif (m := re.match(r"^\s+(\w+)\s+([\d,]+) 行 rows\s+([\d.]+) s", line)) and current:
            months[current][m.group(1)] = (int(m.group(2).replace(",", "")), float(m.group(3)))
        elif line.startswith("wall "):
            tail.append(line)
    if not months:
        return "(no extract log)\n"
    tables = list(next(iter(months.values())))
    lines = [
        "| month | " + " | ".join(tables) + " | total s |",
        "| --- |" + " ---: |" * (len(tables) + 1),
    ]
    for month, found in months.items():
        cells = [f"{found[t][1]:,.1f} s ({found[t][0]:,})" if t in found else "—" for t in tables]
        total = sum(v[1] for v in found.values())
        lines.append(f"| {month} | " + " | ".join(cells) + f" | {total:,.1f} |")
    sums = [sum(found[t][1] for found in months.values() if t in found) for t in tables]
    lines.append(
        "| **all** | " + " | ".join(f"{s:,.1f} s" for s in sums) + f" | {sum(sums):,.1f} |"
    )
    lines.append("")
    lines.append("Cells: seconds (rows). " + " ".join(f"`bashu extract`: {t}" for t in tail))
    return "\n".join(lines) + "\n"


# --- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="indices benchmark: DuckDB, pandas, PySpark")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--year", type=int)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--repeat", nargs="*", default=["duckdb=3"], help="ENGINE=N")
    parser.add_argument("--spark-memory", default="8g")
    parser.add_argument("--timeout", type=float, default=3 * 3600)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--months", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--extract-log", type=Path)
    parser.add_argument("--logs", type=Path, help="worker logs (default: a temporary folder)")
    args = parser.parse_args()

    if args.extract_log:
        print(extract_table(args.extract_log), end="")
        return 0
    if args.worker:
        worker(args.worker, args.root, args.months, args.out, args.spark_memory)
        return 0
    if not (args.root and args.year):
        parser.error("--root and --year are required")

    from indices import months_of_year

    months = [f"{args.year - 1}-12", *months_of_year(args.year)]
    root = args.root.resolve()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    _become_subreaper()
    sizes = data_sizes(root, months)
    rows = input_rows(sizes, months)
    print(f"inputs: {sum(rows.values()):,} rows read by the eight indices; warming the cache")
    print(f"warm: {warm(root):,} bytes read")
    repeat = dict.fromkeys(args.engines, 1)
    for spec in args.repeat:
        engine, _, n = spec.partition("=")
        if engine in repeat:
            repeat[engine] = int(n)
    runs: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="bashu-bench-indices-") as tmp:
        out = Path(tmp)
        logs = args.logs or out
        logs.mkdir(parents=True, exist_ok=True)
        for engine in args.engines:
            for i in range(repeat[engine]):
                target = out / engine
                cmd = [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--worker",
                    engine,
                    "--root",
                    str(root),
                    "--out",
                    str(target),
                    "--spark-memory",
                    args.spark_memory,
                    "--months",
                    *months,
                ]
                print(f"== {engine} run {i + 1}/{repeat[engine]}", flush=True)
                log = logs / f"{engine}-{i + 1}.log"
                log.unlink(missing_ok=True)
                run = measure(cmd, args.timeout, log)
                run["log"] = str(log)
                info = target / "timings.json"
                run["ok"] = run["exit"] == 0 and info.exists()
                if run["ok"]:
                    run["worker"] = json.loads(info.read_text())
                    info.unlink()
                    w = run["worker"]
                    print(
                        f"   compute {w['compute']:.2f} s, process {run['wall']:.2f} s, "
                        f"peak RSS {_mib(run['maxrss_kib'])} (tree {_mib(run['tree_rss_kib'])}); "
                        + ", ".join(f"{k} {v:.2f}" for k, v in w["per_index"].items()),
                        flush=True,
                    )
                else:
                    print(f"   FAILED: exit {run['exit']} after {run['wall']:.1f} s", flush=True)
                    print("   " + "\n   ".join(log.read_text(errors="replace").splitlines()[-15:]))
                runs.setdefault(engine, []).append(run)
        equality = {}
        reference = "duckdb"
        for other in args.engines:
            if other == reference or reference not in args.engines:
                continue
            pair = f"DuckDB = {'PySpark' if other == 'pyspark' else other}"
            if (
                _best(runs[reference])
                and _best(runs[reference]).get("ok")
                and _best(runs[other]).get("ok")
            ):
                equality[pair] = compare(out / reference, out / other)
            else:
                equality[pair] = {"(all)": [f"{other} or DuckDB did not finish"]}
            bad = [k for k, v in equality[pair].items() if v]
            print(f"{pair}: {'all equal' if not bad else 'DIFFERENT: ' + ', '.join(bad)}")
            for k in bad:
                for d in equality[pair][k]:
                    print(f"   {k}: {d}")
        ref = _best(runs.get(reference, []))
        result_rows = ref["worker"]["rows"] if ref and ref.get("ok") else {}
        result_suppressed = ref["worker"].get("suppressed", {}) if ref and ref.get("ok") else {}
    report = {
        "root": str(root),
        "year": args.year,
        "months": months,
        "engines": args.engines,
        "sizes": sizes,
        "input_rows": rows,
        "runs": runs,
        "equality": equality,
        "result_rows": result_rows,
        "result_suppressed": result_suppressed,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    text = markdown(report)
    if args.markdown:
        args.markdown.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
