"""Query-count guards (NetBox style) for the people lists: every list API and admin list page
answers with as many queries for 2N rows as for N. A related row read per item fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bashu.people.tests.factories import EmployerFactory, PersonFactory, RegistrationFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

N = 4


def queries(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def assert_constant(build: Callable[[], None], count: Callable[[], int]) -> None:
    """``count()`` after N rows equals ``count()`` after 2N (``build`` adds N each time)."""
    build()
    count()  # the first request starts the session's clock (one write) and warms caches
    first = count()
    build()
    second = count()
    assert second == first, f"{first} queries for N rows, {second} for 2N: a query per row"


def people() -> None:
    for _ in range(N):
        RegistrationFactory(
            person=PersonFactory(area="510104"), employer=EmployerFactory(area="510104")
        )


LISTS = [
    "/api/v1/people",
    "/api/v1/employers",
    "/api/v1/registrations",
    "/admin/people/person/",
    "/admin/people/employer/",
    "/admin/people/employmentregistration/",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_caseworkers_list_does_not_grow_with_its_rows(chengdu_caseworker, url: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    assert_constant(people, lambda: queries(client, url))


@pytest.mark.parametrize("url", LISTS)
def test_an_administrators_list_does_not_grow_with_its_rows(administrator, url: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(administrator)
    assert_constant(people, lambda: queries(client, url))


def test_a_filtered_person_list_does_not_grow_with_its_rows(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    assert_constant(people, lambda: queries(client, "/api/v1/people", region="510104", q="5101"))
