"""Hostile input on the people API: bounded by schema, a 422 naming field and rule, never a
500 (offsets past bigint, over-long or null PATCH fields, NUL bytes, ids past bigint)."""

from __future__ import annotations

import pytest

from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def rules(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


@pytest.mark.parametrize("url", ["/api/v1/people", "/api/v1/employers", "/api/v1/registrations"])
@pytest.mark.parametrize("offset", [str(2**63), str(2**62), "100001"])
def test_an_offset_past_the_bound_is_a_422(chengdu_caseworker, url: str, offset: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for(chengdu_caseworker).get(url, {"offset": offset})
    assert response.status_code == 422
    assert rules(response) == [("offset", "maximum")]


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"name": None}, "name", "string"),
        ({"phone": None}, "phone", "string"),
        ({"region": None}, "region", "string"),
        ({"household_type": None}, "household_type", "choice"),
        ({"name": "张" * 65}, "name", "max_length"),
        ({"phone": "1" * 21}, "phone", "max_length"),
        ({"household_region": "5" * 33}, "household_region", "max_length"),
        ({"name": "张\x00三"}, "name", "nul_byte"),
    ],
)
def test_a_person_patch_out_of_bounds_is_a_422(  # type: ignore[no-untyped-def]
    chengdu_caseworker, changes: dict, field: str, rule: str
) -> None:
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).patch(
        f"/api/v1/people/{person.pk}", changes, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert (field, rule) in rules(response)
    person.refresh_from_db()
    assert person.phone == "13812345678"


def test_a_person_patch_may_clear_the_education(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).patch(
        f"/api/v1/people/{person.pk}", {"education": None}, content_type="application/json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"name": None}, "name", "string"),
        ({"industry": None}, "industry", "string"),
        ({"size": None}, "size", "choice"),
        ({"name": "公" * 129}, "name", "max_length"),
    ],
)
def test_an_employer_patch_out_of_bounds_is_a_422(  # type: ignore[no-untyped-def]
    chengdu_caseworker, changes: dict, field: str, rule: str
) -> None:
    employer = EmployerFactory(area="510104")
    response = client_for(chengdu_caseworker).patch(
        f"/api/v1/employers/{employer.pk}", changes, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert (field, rule) in rules(response)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/people/{2**63}",
        f"/api/v1/employers/{2**64}",
        f"/api/v1/registrations?person_id={2**70}",
    ],
)
def test_ids_past_bigint_are_a_422(chengdu_caseworker, url: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for(chengdu_caseworker).get(url)
    assert response.status_code == 422
    assert rules(response)[0][1] == "maximum"


def test_a_person_with_a_nul_byte_is_refused_before_the_database(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    body = {"resident_id": "x", "name": "王\x00", "household_region": "510104", "region": "510104"}
    response = client_for(chengdu_caseworker).post(
        "/api/v1/people", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert rules(response) == [("name", "nul_byte")]


def test_an_empty_education_clears_it_rather_than_dangling(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis: ``{"education": ""}`` stored "" as a foreign key (500 on commit)."""
    person = PersonFactory(area="510104", education_id="bachelor")
    response = client_for(chengdu_caseworker).patch(
        f"/api/v1/people/{person.pk}", {"education": ""}, content_type="application/json"
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.education_id is None


@pytest.mark.parametrize("body", ["[null, null]", "[]", '"x"', "5", "null"])
def test_a_body_that_is_not_an_object_is_a_422(chengdu_caseworker, body: str) -> None:  # type: ignore[no-untyped-def]
    """Found by schemathesis: ninja's schemas read attributes, so ``[null, null]`` passed as
    an empty PATCH (200)."""
    person = PersonFactory(area="510104")
    response = client_for(chengdu_caseworker).patch(
        f"/api/v1/people/{person.pk}", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert rules(response) == [("body", "object")]
