"""Synthetic records that follow people: unemployment-insurance periods (some in both
provinces), personnel archives and a year of one-window cases. One stage, after the persons;
persons are read in id ranges and rows written with COPY, so memory stays flat at any scale.

The rates are assumptions (assumptions.csv): the seeds name the programmes, not their volumes.
The year of cases is history: insurance and archive transfers appear as cases, without the
signed documents a live transfer writes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bashu.core.models import Region
from bashu.datagen.models import GenerationRun
from bashu.datagen.plan import Plan, assumptions, largest_remainder
from bashu.datagen.writer import bulk_insert, reset_sequence
from bashu.people.models import EmploymentRegistration, Person
from bashu.transfers.cases import case_kinds
from bashu.transfers.models import Case, CaseEvent

CHUNK = 20_000
KIND_MIX = {
    "policy_claim": 0.35,
    "unemployment_benefit": 0.25,
    "insurance_transfer": 0.15,
    "archive_transfer": 0.15,
    "title_recognition": 0.10,
}


def _month_add(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def generate_transfers(plan: Plan, run: GenerationRun, *, today: dt.date) -> dict[str, int]:
    """Once per run; a failure rolls the stage back and the next run repeats it."""
    if run.transfers_done:
        return {}
    assume = assumptions()
    rng = random.Random(f"{plan.seed}:transfers")
    counties = {
        p: list(
            Region.objects.filter(level="county", code__startswith=p).values_list("code", "name")
        )
        for p in ("51", "50")
    }
    prefecture_names = dict(Region.objects.filter(level="prefecture").values_list("code", "name"))
    counts = {"insurance_periods": 0, "archives": 0, "cases": 0, "case_events": 0}
    this_month = dt.date(today.year, today.month, 1)
    with transaction.atomic():
        last = run.person_id_base - 1
        while True:
            chunk = list(
                Person.objects.filter(id__gt=last)
                .order_by("id")
                .values_list("id", "region_id", "birth_date")[:CHUNK]
            )
            if not chunk:
                break
            last = chunk[-1][0]
            periods: list[tuple[Any, ...]] = []
            archives: list[tuple[Any, ...]] = []
            # Who has a job now: they are insured far more often than the others, and
            # their last period runs on to last month (one pays while one works).
            jobs = dict(
                EmploymentRegistration.objects.filter(
                    person_id__in=[c[0] for c in chunk], end_date__isnull=True
                ).values_list("person_id", "start_date")
            )
            share = assume["insured_share"]
            employed_share = len(jobs) / len(chunk)
            p_employed = min(0.95, share * INSURED_EMPLOYED / max(employed_share, 0.01))
            p_other = max(0.0, (share - p_employed * employed_share) / (1 - employed_share or 1))
            for person_id, region, birth in chunk:
                working_from = max(_month_add(birth, 12 * 18), dt.date(2000, 1, 1))
                if working_from >= this_month:
                    continue
                job_start = jobs.get(person_id)
                if rng.random() < (p_employed if job_start else p_other):
                    mine = _periods(
                        rng, person_id, region, working_from, this_month, counties, assume
                    )
                    if job_start is not None:
                        mine = _run_on(mine, person_id, region, job_start, this_month)
                    periods += mine
                if rng.random() < assume["archive_share"]:
                    centre = prefecture_names.get(region[:4] + "00") or (
                        "重庆市" if region.startswith("50") else "四川省"
                    )
                    archives.append(
                        (person_id, region, f"{centre}人才交流服务中心", timezone.now())
                    )
            counts["insurance_periods"] += bulk_insert(
                "transfers_insuranceperiod",
                (
                    "person_id",
                    "region_id",
                    "first_month",
                    "last_month",
                    "base",
                    "source",
                    "flagged",
                    "flag_reason",
                    "created_at",
                ),
                periods,
            )
            counts["archives"] += bulk_insert(
                "transfers_archive", ("person_id", "region_id", "custodian", "updated_at"), archives
            )
        n_cases, n_events = _cases(plan, run, rng, today, counties, assume)
        counts["cases"], counts["case_events"] = n_cases, n_events
        GenerationRun.objects.filter(pk=run.pk).update(transfers_done=True)
    return counts


#: Share of the insured who have a job now (assumption): with ``insured_share`` 0.30 of all
#: persons and seven in ten of them employed, about four employed persons in ten are insured
#: now, near the share of workers with unemployment insurance.
INSURED_EMPLOYED = 0.9


def _run_on(
    periods: list[tuple[Any, ...]],
    person_id: int,
    region: str,
    job_start: dt.date,
    this_month: dt.date,
) -> list[tuple[Any, ...]]:
    """One person's periods with the last one reaching last month: the periods from the
    current job's start on are replaced by one period from that month to last month."""
    first = max(dt.date(job_start.year, job_start.month, 1), dt.date(2000, 1, 1))
    kept = [row for row in periods if row[3] < first]
    last = _month_add(this_month, -1)
    if first <= last:
        base = periods[-1][4] if periods else Decimal(6000)
        kept.append((person_id, region, first, last, base, "imported", False, "", timezone.now()))
    return kept


def _periods(
    rng: random.Random,
    person_id: int,
    region: str,
    start: dt.date,
    end: dt.date,
    counties: dict[str, list[tuple[str, str]]],
    assume: dict[str, float],
) -> list[tuple[Any, ...]]:
    """One to four periods with gaps between them; sometimes one in the other province."""
    other = "50" if region.startswith("51") else "51"
    crossed = rng.random() < assume["cross_province_insured_share"]
    rows = []
    cursor = _month_add(start, rng.randrange(0, 36))
    for i in range(rng.randint(1, 4)):
        if cursor >= end:
            break
        length = rng.randint(6, 72)
        last = min(_month_add(cursor, length - 1), _month_add(end, -1))
        if last < cursor:
            break
        where = rng.choice(counties[other])[0] if crossed and i == 0 else region
        base = Decimal(rng.randrange(3000, 15000, 100))
        rows.append((person_id, where, cursor, last, base, "imported", False, "", timezone.now()))
        cursor = _month_add(last, 1 + rng.randrange(0, 12))
    return rows


def _cases(
    plan: Plan,
    run: GenerationRun,
    rng: random.Random,
    today: dt.date,
    counties: dict[str, list[tuple[str, str]]],
    assume: dict[str, float],
) -> tuple[int, int]:
    persons = Person.objects.filter(id__gte=run.person_id_base)
    ids = (
        persons.order_by("id").values_list("id", flat=True)[:1].first(),
        persons.aggregate(m=Max("id"))["m"],
    )
    if ids[0] is None or ids[1] is None:
        return 0, 0
    total = round((ids[1] - ids[0] + 1) * assume["cases_per_person_per_year"])
    mix = largest_remainder(total, KIND_MIX)
    kinds = case_kinds()
    next_id = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    # Anchored on ``today`` (not the clock), so a seed gives the same cases on any run.
    now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    cases: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for kind, n in mix.items():
        days = kinds[kind]["service_days"]
        for _ in range(n):
            applicant = rng.randint(ids[0], ids[1])
            window = rng.choice(counties[rng.choice(("51", "50"))])[0]
            competent = (
                rng.choice(counties[rng.choice(("51", "50"))])[0]
                if kind in ("insurance_transfer", "archive_transfer", "title_recognition")
                else window
            )
            received = now - dt.timedelta(days=rng.uniform(0, 365))
            due = received + dt.timedelta(days=days)
            # Open cases were received in the last two service periods: some are overdue.
            still_open = received > now - dt.timedelta(days=2 * days) and rng.random() < assume[
                "open_case_share"
            ] * 365 / (2 * days)
            late = rng.random() < 0.03
            steps = ["received", "routed"]
            if still_open:
                steps += rng.choice([[], ["in_review"], ["in_review", "approved"]])
            else:
                steps += ["in_review", rng.choice(["approved"] * 9 + ["rejected"]), "done"]
            took = days * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.1, 0.95))
            stamps = [
                received + dt.timedelta(days=took * k / max(len(steps) - 1, 1))
                for k in range(len(steps))
            ]
            stamps[0] = stamps[1] = received
            case_id = next_id
            next_id += 1
            field = kinds[kind]["competent"]
            details = {field: competent, "generated": True}
            state = steps[-1]
            reason = (
                "材料不齐全，请补正后重新提交" if state == "rejected" or "rejected" in steps else ""
            )
            cases.append(
                (
                    case_id,
                    kind,
                    applicant,
                    window,
                    competent,
                    state,
                    json.dumps(details, ensure_ascii=False),
                    f"gen-{plan.seed}-{case_id}",
                    reason,
                    received,
                    due,
                    stamps[-1] if state == "done" else None,
                    "window",  # received at a window with the person present (Consent.WINDOW)
                )
            )
            previous = ""
            for state_k, at in zip(steps, stamps, strict=True):
                events.append(
                    (
                        case_id,
                        previous,
                        state_k,
                        competent if state_k != "received" else window,
                        "",
                        at,
                    )
                )
                previous = state_k
    n_cases = bulk_insert(
        Case._meta.db_table,
        (
            "id",
            "kind",
            "applicant_id",
            "window_region_id",
            "competent_region_id",
            "state",
            "details",
            "client_key",
            "reason",
            "received_at",
            "due_at",
            "closed_at",
            "consent",
        ),
        cases,
    )
    n_events = bulk_insert(
        CaseEvent._meta.db_table,
        ("case_id", "from_state", "to_state", "region_id", "note", "at"),
        events,
    )
    reset_sequence(Case._meta.db_table)
    return n_cases, n_events
