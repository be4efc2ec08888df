"""The load test's users (locust): a realistic mix for the public portal and its desks.

Of every 40 simulated users, 28 are anonymous visitors (home page, job search with filters
and pages, posting pages, the search API, the recognition pre-check), 6 signed-in seekers
(their dashboard with recommendations, search, postings), 3 employers (their dashboard) and
3 caseworkers (the one-window case queue). A signed-in user mostly resumes a session opened
before the run (bench/load/sessions.py, LOAD_SESSIONS): people signed in a while ago and still
at work. One in 1/LOAD_SIGN_IN_SHARE of them (default 0.1: every tenth) signs in with the
password through the sign-in page instead, in ``on_start``; those requests are reported
apart. Between requests a user waits LOAD_WAIT_MIN..LOAD_WAIT_MAX seconds (default 2..8: a
person reading a page).

Each simulated user comes from an address of its own, sent as ``X-Forwarded-For`` the way a
reverse proxy would; the load server believes one proxy hop (bench/load/load_settings.py), so
the platform's rate limits and sign-in lockout stay at their production values and count
per user, as they would for 200 people on 200 machines.

Data (accounts, queries, posting ids) comes from LOAD_DATA, the JSON written by
bench/load/setup_accounts.py. Every request is also appended to LOAD_REQUEST_LOG (CSV:
start time, name, method, status, ms, bytes, error), from which bench/load/report.py
computes percentiles with and without the sign-ins.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from mix import PRECHECKS

DATA: dict[str, Any] = json.loads(
    Path(os.environ.get("LOAD_DATA", "load-data.json")).read_text(encoding="utf-8")
)
WAIT = between(
    float(os.environ.get("LOAD_WAIT_MIN", "2")), float(os.environ.get("LOAD_WAIT_MAX", "8"))
)
SESSIONS: dict[str, str] = (
    json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text(encoding="utf-8"))
    if os.environ.get("LOAD_SESSIONS")
    else {}
)
SIGN_IN_EVERY = max(1, round(1 / float(os.environ.get("LOAD_SIGN_IN_SHARE", "0.1"))))
# A warm-up run takes addresses of its own (LOAD_ADDRESS_OFFSET), so its requests never
# count against the measured users' rate limits.
_addresses = itertools.count(1 + int(os.environ.get("LOAD_ADDRESS_OFFSET", "0")))
_signed_in = itertools.count(0)
_accounts = {role: itertools.cycle(rows) for role, rows in DATA["accounts"].items()}
_lock = threading.Lock()
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the request log ----------------------------------------------------------------------------

_log_path = os.environ.get("LOAD_REQUEST_LOG")
_log_file = Path(_log_path).open("a", newline="", encoding="utf-8") if _log_path else None  # noqa: SIM115
_log = csv.writer(_log_file) if _log_file else None


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    response: Any = None,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **_: Any,
) -> None:
    if _log is None:
        return
    status = getattr(response, "status_code", 0) or 0
    error = "" if exception is None else type(exception).__name__ + ": " + str(exception)[:120]
    _log.writerow(
        [f"{start_time or time.time():.3f}", name, request_type, status, f"{response_time:.2f}",
         response_length, error]
    )  # fmt: skip


@events.quitting.add_listener
def _close(**_: Any) -> None:
    if _log_file is not None:
        _log_file.flush()
        _log_file.close()


# --- users -----------------------------------------------------------------------------------


class Visitor(HttpUser):
    """Anonymous: the public portal."""

    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        n = next(_addresses)
        # One private address per simulated user (10.0.0.1, 10.0.0.2, …).
        self.client.headers["X-Forwarded-For"] = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        self.client.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        self.rng = random.Random(n)

    # -- page helpers, shared by every kind of user --

    def _get(self, url: str, name: str, ok: tuple[int, ...] = (200,), **kw: Any) -> None:
        with self.client.get(url, name=name, catch_response=True, **kw) as r:
            if r.status_code not in ok:
                r.failure(f"HTTP {r.status_code}")

    def home(self) -> None:
        self._get("/", "/ (home)")

    def search_page(self) -> None:
        query = dict(self.rng.choice(DATA["queries"]))
        roll = self.rng.random()
        if roll < 0.3:
            query["page"] = self.rng.randint(2, 5)
        headers = {"HX-Request": "true"} if self.rng.random() < 0.3 else {}
        self._get("/jobs/", "/jobs/?q=…", params=query, headers=headers)

    def posting_page(self) -> None:
        ids = DATA["open_posting_ids"] if self.rng.random() < 0.85 else DATA["posting_ids"]
        self._get(f"/jobs/{self.rng.choice(ids)}/", "/jobs/[id]/")

    def api_search(self) -> None:
        query = dict(self.rng.choice(DATA["queries"]))
        if self.rng.random() < 0.3:
            query["page"] = self.rng.randint(2, 5)
        self._get("/api/v1/jobs/search", "/api/v1/jobs/search", params=query)

    def precheck(self) -> None:
        with self.client.post(
            "/api/v1/recognition/precheck",
            json=self.rng.choice(PRECHECKS),
            name="/api/v1/recognition/precheck",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    def sign_in(self, role: str) -> None:
        """Resume the account's open session, or (every SIGN_IN_EVERY-th user, and every
        user when there are no sessions) sign in with the password."""
        with _lock:
            account = next(_accounts[role])
            fresh = next(_signed_in) % SIGN_IN_EVERY == 0
        self.username = account["username"]
        session = SESSIONS.get(account["username"])
        if session and not fresh:
            self.client.cookies.set("sessionid", session)
            return
        r = self.client.get("/login/", name="/login/ (form)")
        match = _CSRF.search(r.text)
        if match is None:
            r.failure("no CSRF token on the sign-in page")
            return
        with self.client.post(
            "/login/",
            data={
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": match.group(1),
            },
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ (sign in)",
            allow_redirects=False,
            catch_response=True,
        ) as post:
            if post.status_code != 302 or "sessionid" not in self.client.cookies:
                post.failure(f"sign-in failed for {account['username']}: HTTP {post.status_code}")


class Anonymous(Visitor):
    weight = 28

    @task(4)
    def t_home(self) -> None:
        self.home()

    @task(8)
    def t_search(self) -> None:
        self.search_page()

    @task(6)
    def t_posting(self) -> None:
        self.posting_page()

    @task(3)
    def t_api_search(self) -> None:
        self.api_search()

    @task(1)
    def t_precheck(self) -> None:
        self.precheck()


class Seeker(Visitor):
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        self.sign_in("seeker")

    @task(3)
    def t_dashboard(self) -> None:
        self._get("/seeker/", "/seeker/ (dashboard)")

    @task(3)
    def t_search(self) -> None:
        self.search_page()

    @task(3)
    def t_posting(self) -> None:
        self.posting_page()

    @task(1)
    def t_home(self) -> None:
        self.home()


class Employer(Visitor):
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.sign_in("employer")

    @task(4)
    def t_dashboard(self) -> None:
        self._get("/employer/", "/employer/ (dashboard)")

    @task(1)
    def t_posting(self) -> None:
        self.posting_page()


class Caseworker(Visitor):
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.sign_in("caseworker")

    @task(4)
    def t_queue(self) -> None:
        self._get("/cases/", "/cases/ (queue)")

    @task(1)
    def t_queue_filtered(self) -> None:
        state = self.rng.choice(["received", "routed", "in_review", ""])
        params = {"state": state} if state else {"overdue": "1"}
        self._get("/cases/", "/cases/?state|overdue", params=params)

    @task(1)
    def t_queue_page(self) -> None:
        self._get("/cases/", "/cases/?page=N", params={"page": self.rng.randint(2, 4)})
