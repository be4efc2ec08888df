"""Hostile input on the transfers API: bounded by schema, never a 500."""

from __future__ import annotations

import pytest

from bashu.people.tests.factories import PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def rules(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


def test_an_over_long_idempotency_key_is_a_422(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).post(
        "/api/v1/cases",
        {"kind": "archive_transfer", "applicant_id": person.pk, "window_region": "510104"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k" * 65,
    )
    assert response.status_code == 422
    assert rules(response)[0][1] == "max_length"


def test_a_nul_byte_in_case_details_is_a_422(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).post(
        "/api/v1/cases",
        {
            "kind": "archive_transfer",
            "applicant_id": person.pk,
            "window_region": "510104",
            "details": {"to_custodian": "重庆市\x00人才交流中心"},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert rules(response) == [("details.to_custodian", "nul_byte")]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases?offset=100001",
        "/api/v1/cases?limit=501",
        f"/api/v1/cases/{2**63}",
        f"/api/v1/insurance/transfers/{2**64}",
        f"/api/v1/insurance/periods?person_id={2**70}",
    ],
)
def test_pages_and_ids_past_the_bound_are_a_422(chengdu_caseworker, url: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for(chengdu_caseworker).get(url)
    assert response.status_code == 422
    assert rules(response)[0][1] == "maximum"


def test_a_period_with_a_huge_base_is_a_422(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).post(
        "/api/v1/insurance/periods",
        {
            "person_id": person.pk,
            "region": "510104",
            "first_month": "2020-01",
            "last_month": "2020-12",
            "base": "9" * 40,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
