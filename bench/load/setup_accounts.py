"""Accounts and request data for the load test (bench/load/run.sh, stage setup).

Creates demo-style accounts in the load database through the platform's own service
(bashu.core.accounts.account_ensure, as the system actor): seekers linked to persons that
have a seeker profile, employers linked to employers whose postings have applicants, and
caseworkers of a few regions. Writes what locust needs (accounts, Chinese queries, posting
ids, region codes) to a JSON file, so the locust process never imports Django.

Usage: DJANGO_SETTINGS_MODULE=config.settings.local DATABASE_URL=... \
       .venv/bin/python bench/load/setup_accounts.py OUTPUT.json
Idempotent: running it again updates the same accounts and links.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from bashu.core.accounts import account_ensure  # noqa: E402
from bashu.core.models import Role, User  # noqa: E402
from bashu.datagen.jobs import profiles  # noqa: E402
from bashu.jobs.models import Application, JobPosting, PostingStatus, SeekerProfile  # noqa: E402
from bashu.people.models import Employer, Person  # noqa: E402

# Demo databases only (like bashu demo's password); the load accounts are bench data.
PASSWORD = "bashu-load-2026"  # noqa: S105
CASEWORKER_REGIONS = ["510100", "500000", "510104", "500112", "510700", "511300"]
CITIES = ["成都", "重庆", "绵阳", "南充", "德阳", "宜宾", "泸州", "内江", ""]
PREFECTURES = ["510100", "500000", "510700", "511300", "510600", "511500", "510500", "511000"]


def _sample_ids(model: type, n: int, rng: random.Random, **filters: object) -> list[int]:
    """n existing primary keys drawn uniformly over the id range (no ORDER BY random())."""
    bounds = model.objects.aggregate(lo=Min("id"), hi=Max("id"))  # type: ignore[attr-defined]
    found: list[int] = []
    tries = 0
    while len(found) < n and tries < 50:
        tries += 1
        want = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 4)]
        ids = model.objects.filter(pk__in=want, **filters).values_list("id", flat=True)  # type: ignore[attr-defined]
        found.extend(i for i in ids if i not in found)
    return found[:n]


def _account(username: str, role: str, region: str | None = None) -> User:
    """account_ensure, once: an existing load account is kept as it is (hashing a password
    costs the better part of a second)."""
    user = User.objects.filter(username=username, role=role).first()
    if user is not None and (role != Role.CASEWORKER or user.region_id == region):
        return user
    return account_ensure(username=username, password=PASSWORD, role=role, region=region)


def seekers(n: int, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    profile_ids = _sample_ids(SeekerProfile, n * 2, rng, person__account__isnull=True)
    people = list(
        Person.objects.filter(seeker_profile__id__in=profile_ids, account__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    taken = list(Person.objects.filter(account__username__startswith="load-seeker-"))
    by_name = {p.account.username: p for p in taken if p.account is not None}
    fresh = iter(people)
    for i in range(n):
        username = f"load-seeker-{i:03d}"
        user = _account(username, Role.SEEKER)
        if username not in by_name:
            Person.objects.filter(pk=next(fresh)).update(account=user)
        rows.append({"username": username, "password": PASSWORD})
    return rows


def employers(n: int, rng: random.Random) -> list[dict[str, str]]:
    # Employers whose postings have applicants: the dashboard then lists them.
    application_ids = _sample_ids(Application, n * 3, rng)
    employer_ids = list(
        dict.fromkeys(
            Application.objects.filter(pk__in=application_ids).values_list(
                "posting__employer_id", flat=True
            )
        )
    )
    rows = []
    for i in range(n):
        username = f"load-employer-{i:03d}"
        user = _account(username, Role.EMPLOYER)
        if not Employer.objects.filter(accounts=user).exists():
            Employer.objects.get(pk=employer_ids[i % len(employer_ids)]).accounts.add(user)
        rows.append({"username": username, "password": PASSWORD})
    return rows


def caseworkers(n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        region = CASEWORKER_REGIONS[i % len(CASEWORKER_REGIONS)]
        username = f"load-caseworker-{i:03d}"
        _account(username, Role.CASEWORKER, region)
        rows.append({"username": username, "password": PASSWORD, "region": region})
    return rows


def queries(n: int, rng: random.Random) -> list[dict[str, object]]:
    """Titles, skills and "city + job" queries as people type them, half with filters
    (the same mix as bench/jobs/run.py)."""
    data = profiles()
    codes = sorted(data)
    out: list[dict[str, object]] = []
    while len(out) < n:
        p = data[rng.choice(codes)]
        kind = rng.random()
        if kind < 0.4:
            q = rng.choice(p["titles"])
        elif kind < 0.6:
            q = rng.choice(p["skills"])
        elif kind < 0.8:
            q = f"{rng.choice(CITIES)} {rng.choice(p['titles'])}".strip()
        else:
            q = f"{rng.choice(p['titles'])} {rng.choice(p['skills'])}"
        filters: dict[str, object] = {}
        if len(out) % 2:
            roll = rng.random()
            if roll < 0.4:
                filters["region"] = rng.choice(PREFECTURES)
            elif roll < 0.7:
                filters["salary_min"] = rng.choice((5000, 6000, 8000, 10000))
            else:
                filters["region"] = rng.choice(["510000", "500000"])
                filters["salary_min"] = rng.choice((4000, 6000))
        out.append({"q": q, **filters})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--seekers", type=int, default=30)
    parser.add_argument("--employers", type=int, default=15)
    parser.add_argument("--caseworkers", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with transaction.atomic():
        accounts = {
            "seeker": seekers(args.seekers, rng),
            "employer": employers(args.employers, rng),
            "caseworker": caseworkers(args.caseworkers),
        }
    today = timezone.localdate()
    open_ids = _sample_ids(JobPosting, 3000, rng, status=PostingStatus.OPEN, close_date__gte=today)
    any_ids = _sample_ids(JobPosting, 1000, rng)
    data = {
        "accounts": accounts,
        "queries": queries(500, rng),
        "open_posting_ids": open_ids,
        "posting_ids": any_ids,
        "prefectures": PREFECTURES,
    }
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"accounts: {', '.join(f'{len(v)} {k}s' for k, v in accounts.items())}; "
        f"{len(data['queries'])} queries, {len(open_ids)} open + {len(any_ids)} other posting ids "
        f"→ {args.output}"
    )


if __name__ == "__main__":
    main()
