"""Query-count guards (NetBox style): every transfers list page and list API answers in a
number of queries that does not grow with the rows it lists. Each test builds N rows,
counts the queries of one answer, builds N more and counts again: the two counts must be
equal (an N+1 shows as a difference of N)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bashu.people.tests.factories import PersonFactory
from bashu.transfers.models import (
    Archive,
    ArchiveMove,
    Case,
    CaseEvent,
    CaseState,
    InsurancePeriod,
)
from conftest import client_for

N = 4
_keys = itertools.count(1)
_months = itertools.count(0)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def assert_flat(client: Client, url: str, build: Callable[[int], Any]) -> None:
    """Given N rows and then 2N, the answer at ``url`` costs the same queries."""
    build(N)
    client.get(url)  # the first request starts the session's clock (one write)
    first = _queries(client, url)
    build(N)
    second = _queries(client, url)
    assert second == first, f"{url}: {first} queries for {N} rows, {second} for {2 * N}"


def _cases(world: dict[str, Any], n: int, *, competent: str = "510104") -> None:
    """``n`` routed cases of the person, received at a Chongqing window, each with two events."""
    for _ in range(n):
        case = Case.objects.create(
            kind="policy_claim",
            applicant=world["person"],
            window_region_id="500103",
            competent_region_id=competent,
            state=CaseState.ROUTED,
            details={"region": competent},
            client_key=f"query-count-{next(_keys)}",
            due_at=timezone.now() + dt.timedelta(days=10),
        )
        for from_state, to_state, region in (
            ("", CaseState.RECEIVED, "500103"),
            (CaseState.RECEIVED, CaseState.ROUTED, competent),
        ):
            CaseEvent.objects.create(
                case=case, from_state=from_state, to_state=to_state, region_id=region
            )


def _periods(world: dict[str, Any], n: int) -> None:
    """``n`` more one-month periods of the person, after the ones the world has (to 2023-12)."""
    for _ in range(n):
        month = dt.date(2010, 1, 1) + dt.timedelta(days=31 * next(_months))
        month = month.replace(day=1)
        InsurancePeriod.objects.create(
            person=world["person"],
            region_id="500103",
            first_month=month,
            last_month=month,
            base=Decimal("4000"),
        )


def _moves(world: dict[str, Any], n: int) -> None:
    """``n`` finished moves of the person's file and, for the queue, files others asked for
    that Chongqing holds (each of another person)."""
    archive = Archive.objects.get(person=world["person"])
    for _ in range(n):
        ArchiveMove.objects.create(
            archive=archive,
            from_region_id="500103",
            from_custodian=archive.custodian,
            to_region_id="510104",
            to_custodian="成都市人才服务中心",
            status=ArchiveMove.Status.RETURNED,
        )


@pytest.mark.django_db
def test_case_queue_api(world) -> None:  # type: ignore[no-untyped-def]
    assert_flat(client_for(world["chengdu"]), "/api/v1/cases", lambda n: _cases(world, n))


@pytest.mark.django_db
def test_case_queue_page(world) -> None:  # type: ignore[no-untyped-def]
    assert_flat(client_for(world["chengdu"]), "/cases/", lambda n: _cases(world, n))


@pytest.mark.django_db
def test_case_queue_page_with_files_to_dispatch(world) -> None:  # type: ignore[no-untyped-def]
    def build(n: int) -> None:
        _cases(world, n, competent="500103")
        for _ in range(n):
            other = PersonFactory(area="500103")
            archive = Archive.objects.create(
                person=other, region_id="500103", custodian="重庆市人才交流服务中心"
            )
            ArchiveMove.objects.create(
                archive=archive,
                from_region_id="500103",
                from_custodian=archive.custodian,
                to_region_id="510104",
                to_custodian="成都市人才服务中心",
                status=ArchiveMove.Status.REQUESTED,
            )

    assert_flat(client_for(world["chongqing"]), "/cases/", build)


@pytest.mark.django_db
def test_case_detail_api_and_page(world) -> None:  # type: ignore[no-untyped-def]
    """One case with more and more events: its answer and its page do not grow either."""
    _cases(world, 1)
    case = Case.objects.get()

    def more_events(n: int) -> None:
        for _ in range(n):
            CaseEvent.objects.create(
                case=case, from_state="routed", to_state="routed", region_id="510104"
            )

    client = client_for(world["chengdu"])
    assert_flat(client, f"/api/v1/cases/{case.pk}", more_events)
    assert_flat(client, f"/cases/{case.pk}/", more_events)


@pytest.mark.django_db
def test_my_cases_periods_and_moves_in_the_service_hall(world) -> None:  # type: ignore[no-untyped-def]
    def build(n: int) -> None:
        _cases(world, n)
        _periods(world, n)
        _moves(world, n)

    assert_flat(client_for(world["citizen"]), "/services/", build)


@pytest.mark.django_db
def test_periods_api(world) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/insurance/periods?person_id={world['person'].pk}"
    assert_flat(client_for(world["chongqing"]), url, lambda n: _periods(world, n))
    assert_flat(client_for(world["citizen"]), url, lambda n: _periods(world, n))


@pytest.mark.django_db
def test_my_archive_api(world) -> None:  # type: ignore[no-untyped-def]
    assert_flat(client_for(world["citizen"]), "/api/v1/archives/mine", lambda n: _moves(world, n))
