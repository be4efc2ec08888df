"""Per-request cost by endpoint, in one process (no server, no network): where the CPU goes.

The load test (locustfile.py) measures what users see; this measures what each kind of
request costs the server, so a fix can be judged before a 5-minute run: for every endpoint
of the load mix it makes REPEAT requests with Django's test client against the load
database and reports the median wall time, CPU time and SQL queries per request, and with
``--profile NAME`` the functions that take the CPU (cProfile, cumulative).

Usage (the load database and data directory of bench/load/run.sh):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_load_1m \\
    BASHU_DATA_DIR=/work/bashu-load-data/1m DJANGO_SETTINGS_MODULE=load_settings \\
    PYTHONPATH=bench/load .venv/bin/python bench/load/costs.py [--repeat 20] [--profile employer]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "load_settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from mix import PRECHECKS  # noqa: E402

_addresses = itertools.count(1)


def _client() -> Client:
    n = next(_addresses)
    return Client(
        HTTP_X_FORWARDED_FOR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9",
    )


def _signed_in(account: dict[str, str]) -> Client:
    client = _client()
    response = client.post(
        "/login/", {"username": account["username"], "password": account["password"]}
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed for {account['username']}: {response.status_code}")
    return client


def endpoints(data: dict[str, Any], rng: random.Random) -> dict[str, Callable[[], Any]]:
    anonymous, visitor = _client(), _client()

    def login_form() -> Any:
        visitor.cookies.clear()  # a new visitor (a new Client would reload every middleware)
        return visitor.get("/login/")

    seeker = _signed_in(data["accounts"]["seeker"][0])
    employer = _signed_in(data["accounts"]["employer"][0])
    caseworker = _signed_in(data["accounts"]["caseworker"][0])

    def search() -> Any:
        query = dict(rng.choice(data["queries"]))
        if rng.random() < 0.3:
            query["page"] = rng.randint(2, 5)
        return anonymous.get("/jobs/", query)

    def api_search() -> Any:
        return anonymous.get("/api/v1/jobs/search", dict(rng.choice(data["queries"])))

    return {
        "home": lambda: anonymous.get("/"),
        "search": search,
        "posting": lambda: anonymous.get(f"/jobs/{rng.choice(data['open_posting_ids'])}/"),
        "api_search": api_search,
        "precheck": lambda: anonymous.post(
            "/api/v1/recognition/precheck", rng.choice(PRECHECKS), content_type="application/json"
        ),
        "login_form": login_form,
        "seeker": lambda: seeker.get("/seeker/"),
        "employer": lambda: employer.get("/employer/"),
        "cases": lambda: caseworker.get("/cases/"),
    }


def measure(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    walls, cpus, queries = [], [], []
    for _ in range(repeat):
        reset_queries()
        wall, cpu = time.perf_counter(), time.process_time()
        response = call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        queries.append(len(connection.queries))
        if response.status_code >= 400:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "queries": statistics.median(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", help="an endpoint name: print its cProfile top functions")
    parser.add_argument("--only", help="comma-separated endpoint names")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.DEBUG = False
    data = json.loads((Path(settings.DATA_DIR) / "load-data.json").read_text(encoding="utf-8"))
    calls = endpoints(data, random.Random(1))
    names = args.only.split(",") if args.only else list(calls)
    connection.force_debug_cursor = True  # count queries with DEBUG off
    print("| endpoint | wall ms (median) | CPU ms (median) | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name in names:
        calls[name]()  # warm caches, imports, the search index
        figures = measure(calls[name], args.repeat)
        print(
            f"| {name} | {figures['wall']:.1f} | {figures['cpu']:.1f} | {figures['queries']:.0f} |"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            calls[args.profile]()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
