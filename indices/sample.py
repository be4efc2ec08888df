"""Small random extracts for tests and for trying the indices without a database.

Not calibrated: Bashu's calibrated data come from ``bashu generate`` and ``bashu extract``.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from indices.schema import TABLES, month_path

COUNTIES = ["510104", "510107", "510117", "510603", "511402", "500103", "500112", "500105"]
INDUSTRIES = ["C", "F", "I", "M", "O", "Q"]
OCCUPATIONS = ["2-02-10-03", "2-02-07-01", "4-01-02-01", "6-18-01-01", "6-05-01-02"]


def write_table(root: Path, table: str, month: str, rows: list[dict[str, object]]) -> Path:
    """Write one month of one table, replacing what was there (write, then rename)."""
    path = month_path(root, table, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = TABLES[table]
    data = pa.Table.from_pylist(rows, schema=schema)
    tmp = path.with_suffix(".tmp")
    pq.write_table(data, tmp)
    tmp.replace(path)
    return path


def sample_write(root: Path, months: list[str], *, persons: int = 3000, seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 — test data, not secrets
    home = {pid: rng.choice(COUNTIES) for pid in range(persons)}
    education = {pid: rng.choice([3, 4, 5, 5, 6]) for pid in range(persons)}
    age = {pid: rng.randint(16, 64) for pid in range(persons)}
    employed = {pid: rng.random() < 0.8 for pid in range(persons)}
    ids = iter(range(1, 10**9))
    for month in months:
        first = dt.date(int(month[:4]), int(month[5:7]), 1)
        regs, posts, seekers, apps, insured, creds, stock = [], [], [], [], [], [], []
        for pid in range(persons):
            if rng.random() < 0.08:
                before, home[pid] = home[pid], rng.choice(COUNTIES)
                employed[pid] = True
                regs.append(
                    {
                        "id": next(ids),
                        "person_id": pid,
                        "month": month,
                        "start_date": first + dt.timedelta(days=rng.randrange(28)),
                        "region": home[pid],
                        "prev_region": before if rng.random() < 0.9 else None,
                        "industry": rng.choice(INDUSTRIES),
                        "occupation": rng.choice(OCCUPATIONS),
                        "bachelor": education[pid] >= 5,
                        "title_mid": rng.random() < 0.1,
                        "card": rng.random() < 0.02,
                        "graduate": rng.random() < 0.15,
                    }
                )
            seeking = rng.random() < 0.05
            if seeking:
                seekers.append(
                    {
                        "id": next(ids),
                        "person_id": pid,
                        "month": month,
                        "registered_on": first,
                        "region": home[pid],
                        "occupation_group": rng.choice(OCCUPATIONS)[:4],
                        "education_rank": education[pid],
                    }
                )
            if employed[pid] and rng.random() < 0.6:
                insured.append(
                    {
                        "person_id": pid,
                        "month": month,
                        "region": home[pid],
                        "industry": rng.choice(INDUSTRIES),
                    }
                )
            if rng.random() < 0.01:
                creds.append(
                    {
                        "person_id": pid,
                        "month": month,
                        "kind": rng.choice(["title", "skill", "card"]),
                        "region": home[pid],
                        "level_rank": rng.randint(1, 5),
                    }
                )
            stock.append(
                {
                    "person_id": pid,
                    "month": month,
                    "region": home[pid],
                    "age": age[pid],
                    "education_rank": education[pid],
                    "employed": employed[pid],
                    "work_region": home[pid] if employed[pid] else None,
                    "insured": employed[pid] and rng.random() < 0.6,
                    "talent": education[pid] >= 5,
                    "skilled": rng.random() < 0.2,
                    "seeking": seeking,
                }
            )
        for _ in range(persons // 10):
            days = rng.choice([30, 45, 60, 90])
            opened = first + dt.timedelta(days=rng.randrange(28))
            posts.append(
                {
                    "id": next(ids),
                    "month": month,
                    "open_date": opened,
                    "close_date": opened + dt.timedelta(days=days),
                    "days_open": days,
                    "region": rng.choice(COUNTIES),
                    "industry": rng.choice(INDUSTRIES),
                    "occupation": rng.choice(OCCUPATIONS),
                    "headcount": rng.randint(1, 5),
                    "duplicate": rng.random() < 0.03,
                    "status": "closed",
                }
            )
        for post in posts[: len(posts) // 2]:
            apps.append(
                {
                    "id": next(ids),
                    "month": month,
                    "posting_id": post["id"],
                    "seeker_id": 1,
                    "status": "applied",
                    "region": post["region"],
                    "industry": post["industry"],
                    "occupation": post["occupation"],
                }
            )
        for table, rows in (
            ("registrations", regs),
            ("postings", posts),
            ("seekers", seekers),
            ("applications", apps),
            ("insurance", insured),
            ("credentials", creds),
            ("persons", stock),
        ):
            write_table(root, table, month, rows)
