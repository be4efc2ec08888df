"""Samples the machine during a load run (bench/load/run.sh), every INTERVAL seconds, to CSV.

Columns: time, CPU % of the gunicorn processes (master and workers, 100 = one core), their
summed RSS (MiB), CPU % of the task worker (bashu worker, if WORKER_PID is given), CPU % of
the PostgreSQL backends serving DATABASE, PostgreSQL connections
to DATABASE (pg_stat_activity), CPU % of locust, CPU % of everything else on the machine
(other agents' work: how contended the run was), and the 1-minute load average.

Usage: python bench/load/sample.py GUNICORN_PID DATABASE OUTPUT.csv [INTERVAL] [WORKER_PID]
Stops when GUNICORN_PID exits or on SIGTERM.
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

_stop = False


def _on_term(*_: object) -> None:
    global _stop
    _stop = True


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _cpu(procs: list[psutil.Process]) -> dict[int, float]:
    """CPU seconds so far, per process."""
    out = {}
    for p in procs:
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return out


def _used(now: dict[int, float], before: dict[int, float]) -> float:
    """CPU seconds used since the last sample by the processes alive now (a process that
    started since counts whole; one that ended since is lost, so figures are a floor)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())


def _rss(procs: list[psutil.Process]) -> float:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total / 2**20


def _postgres(database: str) -> list[psutil.Process]:
    out = []
    for p in psutil.process_iter(["name", "cmdline"]):
        cmd = " ".join(p.info.get("cmdline") or [])
        if cmd.startswith("postgres:") and f" {database} " in f"{cmd} ":
            out.append(p)
    return out


def _locust() -> list[psutil.Process]:
    out = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info.get("cmdline") or []
        if any(part.endswith("/locust") for part in cmd[:2]):
            out.append(p)
    return out


def _connections(database: str) -> int:
    sql = f"select count(*) from pg_stat_activity where datname = '{database}'"
    result = subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return int(result.stdout.strip()) - 1  # not this query's own connection
    except ValueError:
        return -1


def main() -> None:
    pid, database, output = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    worker = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    signal.signal(signal.SIGTERM, _on_term)
    cores = psutil.cpu_count() or 1
    # Pooled backends live for the run; gunicorn's workers are recycled every ~2000 requests.
    times = psutil.cpu_times()
    last_total = times.user + times.nice + times.system
    last_t = time.monotonic()

    def groups() -> dict[str, list[psutil.Process]]:
        return {
            "server": _tree(pid),
            "worker": _tree(worker) if worker else [],
            "postgres": _postgres(database),
            "locust": _locust(),
        }

    procs = groups()
    last = {k: _cpu(v) for k, v in procs.items()}
    with Path(output).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["t", "server_cpu", "server_rss_mib", "worker_cpu", "postgres_cpu", "pg_connections",
             "locust_cpu", "other_cpu", "load1"]
        )  # fmt: skip
        while not _stop and psutil.pid_exists(pid):
            time.sleep(interval)
            now = time.monotonic()
            dt = now - last_t
            procs = groups()
            cpu = {k: _cpu(v) for k, v in procs.items()}
            times = psutil.cpu_times()
            total = times.user + times.nice + times.system
            busy = (total - last_total) / dt * 100
            pct = {k: max(0.0, _used(cpu[k], last[k]) / dt * 100) for k in cpu}
            ours = sum(pct.values())
            writer.writerow(
                [
                    f"{time.time():.0f}",
                    f"{pct['server']:.0f}",
                    f"{_rss(procs['server']):.0f}",
                    f"{pct['worker']:.0f}",
                    f"{pct['postgres']:.0f}",
                    _connections(database),
                    f"{pct['locust']:.0f}",
                    f"{max(0.0, min(busy, cores * 100) - ours):.0f}",
                    f"{os.getloadavg()[0]:.2f}",
                ]
            )
            f.flush()
            last, last_total, last_t = cpu, total, now


if __name__ == "__main__":
    main()
