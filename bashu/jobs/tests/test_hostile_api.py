"""Hostile input on the job-zone API: bounded by schema, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashu.core.models import Role
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def rules(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("params", "field", "rule"),
    [
        ({"salary_min": str(2**63)}, "salary_min", "maximum"),
        ({"salary_min": str(2**64)}, "salary_min", "maximum"),
        ({"q": "焊" * 201}, "q", "max_length"),
        ({"page": "1001"}, "page", "maximum"),
        ({"region": "5" * 33}, "region", "max_length"),
    ],
)
def test_search_parameters_out_of_bounds_are_a_422(params: dict, field: str, rule: str) -> None:
    response = client_for(None).get("/api/v1/jobs/search", params)
    assert response.status_code == 422
    assert rules(response) == [(field, rule)]


def posting_body(employer_id: int, **overrides: object) -> dict[str, object]:
    today = timezone.localdate()
    body: dict[str, object] = {
        "employer_id": employer_id,
        "title": "焊工",
        "occupation": "6-18-02-04",
        "industry": "33",
        "region": "510116",
        "salary_min": 6000,
        "salary_max": 9000,
        "open_date": today.isoformat(),
        "close_date": (today + dt.timedelta(days=30)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.fixture
def boss(make_account):  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510116")
    account = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(account)
    return employer, account


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"salary_min": 2**63, "salary_max": 2**63}, "salary_min", "maximum"),
        ({"headcount": 2**64}, "headcount", "maximum"),
        ({"title": "焊\x00工"}, "title", "nul_byte"),
        ({"skills": ["焊"] * 51}, "skills", "max_length"),
        ({"skills": ["焊" * 129]}, "skills.0", "max_length"),
        ({"description": "焊" * 20_001}, "description", "max_length"),
    ],
)
def test_a_posting_out_of_bounds_is_a_422(boss, overrides: dict, field: str, rule: str) -> None:  # type: ignore[no-untyped-def]
    employer, account = boss
    response = client_for(account).post(
        "/api/v1/jobs/postings",
        posting_body(employer.pk, **overrides),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert (field, rule) in rules(response)


def test_a_put_with_the_schemas_default_empty_description_is_accepted(boss) -> None:  # type: ignore[no-untyped-def]
    employer, account = boss
    posting = make_posting(employer, region="510116")
    body = posting_body(employer.pk)  # no description: the schema's default ""
    response = client_for(account).put(
        f"/api/v1/jobs/postings/{posting.pk}", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == ""


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"salary_expectation": None}, "salary_expectation", "integer"),
        ({"desired_occupations": None}, "desired_occupations", "array"),
        ({"cv": None}, "cv", "string"),
        ({"discoverable": None}, "discoverable", "boolean"),
        ({"salary_expectation": 2**63}, "salary_expectation", "maximum"),
        ({"desired_regions": ["510104"] * 21}, "desired_regions", "max_length"),
    ],
)
def test_a_profile_out_of_bounds_is_a_422(  # type: ignore[no-untyped-def]
    make_account, changes: dict, field: str, rule: str
) -> None:
    seeker = make_account("seeker", Role.SEEKER)
    PersonFactory(area="510104", account=seeker)
    response = client_for(seeker).put(
        "/api/v1/jobs/seekers/me", changes, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert (field, rule) in rules(response)


@pytest.mark.parametrize("url", [f"/api/v1/jobs/postings/{2**63}", f"/api/v1/jobs/fairs/{2**70}"])
def test_ids_past_bigint_are_a_422(url: str) -> None:
    response = client_for(None).get(url)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "path", ["/api/v1/jobs/seekers/1/matches", "/api/v1/jobs/postings/1/matches"]
)
@pytest.mark.parametrize(("limit", "rule"), [("51", "maximum"), ("0", "minimum"), ("x", "integer")])
def test_a_match_list_limit_out_of_bounds_is_a_422(
    make_account, path: str, limit: str, rule: str
) -> None:  # type: ignore[no-untyped-def]
    account = make_account("seeker", Role.SEEKER)
    response = client_for(account).get(path, {"limit": limit})
    assert response.status_code == 422, response.content
    assert rules(response) == [("limit", rule)]


@pytest.mark.parametrize("path", ["/api/v1/jobs/fairs", "/api/v1/jobs/applications"])
@pytest.mark.parametrize(
    ("params", "field", "rule"),
    [({"limit": "501"}, "limit", "maximum"), ({"offset": str(10**6)}, "offset", "maximum")],
)
def test_list_pages_are_bounded(
    make_account, path: str, params: dict, field: str, rule: str
) -> None:  # type: ignore[no-untyped-def]
    account = make_account("boss", Role.EMPLOYER)
    response = client_for(account).get(path, params)
    assert response.status_code == 422, response.content
    assert rules(response) == [(field, rule)]
