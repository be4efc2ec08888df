"""Publishing postings: validation, the fair-hiring screen, duplicates, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashu.core.models import AuditEntry, Role
from bashu.jobs.models import JobPosting
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def payload(employer_id, **overrides):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    body = {
        "employer_id": employer_id,
        "title": "数控车工",
        "description": "操作数控车床加工汽车零部件",
        "occupation": "6-18-01-01",
        "industry": "36",
        "region": "500112",
        "salary_min": 6000,
        "salary_max": 9000,
        "education": "secondary_vocational",
        "experience_years": 1,
        "skills": ["数控车床", "识图"],
        "headcount": 5,
        "open_date": today.isoformat(),
        "close_date": (today + dt.timedelta(days=20)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.fixture
def owner(make_account):  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510104")
    account = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(account)
    return employer, account


def post(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/jobs/postings", body, content_type="application/json")


def test_employer_posts_for_a_county_of_the_other_province(owner) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    response = post(client_for(account), payload(employer.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region"] == "500112" and body["status"] == "open" and body["is_open"] is True
    assert AuditEntry.objects.filter(action="posting.create", target_id=str(body["id"])).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"occupation": "9-99"}, "occupation", "unknown_code"),
        ({"industry": "C"}, "industry", "unknown_code"),
        ({"region": "500000"}, "region", "county_required"),
        ({"region": "440100"}, "region", "unknown_region"),
        ({"salary_max": 5000}, "salary_max", "below_minimum"),
        ({"close_date": "2000-01-01"}, "close_date", "before_open"),
        ({"education": "phd"}, "education", "unknown_code"),
        ({"headcount": 0}, "headcount", "minimum"),
        ({"open_date": "2025-02-30"}, "open_date", "date_format"),
        ({"title": ""}, "title", "min_length"),
    ],
)
def test_bad_input_is_422(owner, overrides, field, rule) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    response = post(client_for(account), payload(employer.pk, **overrides))
    assert response.status_code == 422, response.json()
    assert (field, rule) in [(e["field"], e["rule"]) for e in response.json()["errors"]]
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("限男性", "sex"),
        ("仅限本地户籍", "household_registration"),
        ("限汉族", "ethnicity"),
        ("已婚已育优先", "childbearing"),
        ("乙肝携带者勿扰", "hepatitis_b"),
    ],
)
def test_discriminatory_restrictions_are_refused_quoting_phrase_and_rule(
    owner, text, category
) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    response = post(
        client_for(account), payload(employer.pk, description=f"操作数控车床，{text}。")
    )
    assert response.status_code == 422
    errors = [e for e in response.json()["errors"] if e["rule"].startswith("fair_hiring")]
    assert errors and errors[0]["field"] == "description"
    assert any(e["rule"] == f"fair_hiring_{category}" for e in errors), errors
    assert "“" in errors[0]["message"] and "法" in errors[0]["message"]


def test_age_ceiling_is_held_for_review_and_a_caseworker_releases_it(
    owner, chengdu_caseworker, chongqing_caseworker
) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    response = post(
        client_for(account), payload(employer.pk, description="年龄35岁以下，能适应倒班。")
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "review" and body["review_flags"][0]["category"] == "age"
    url = f"/api/v1/jobs/postings/{body['id']}/review"
    assert (
        client_for(chongqing_caseworker)
        .post(url, {"approve": True}, content_type="application/json")
        .status_code
        == 403
    )
    released = client_for(chengdu_caseworker).post(
        url, {"approve": True}, content_type="application/json"
    )
    assert released.status_code == 200 and released.json()["status"] == "open"


def test_only_the_employer_or_its_caseworkers_post(owner, make_account) -> None:  # type: ignore[no-untyped-def]
    employer, _ = owner
    stranger = make_account("other_boss", Role.EMPLOYER)
    assert post(client_for(stranger), payload(employer.pk)).status_code == 403
    assert post(client_for(None), payload(employer.pk)).status_code == 401


def test_cross_posted_job_is_recognised_as_a_duplicate() -> None:
    employer = EmployerFactory(area="500112")
    first = make_posting(
        employer, title="数控车工（长白班）", region="500112", source="chongqing", source_id="cq-1"
    )
    second = make_posting(
        employer, title="数控车工(长白班)", region="500112", source="sichuan", source_id="sc-9"
    )
    other = make_posting(
        employer,
        title="仓库管理员",
        region="500112",
        occupation="4-02-06-01",
        source="sichuan",
        source_id="sc-10",
    )
    assert second.duplicate_of_id == first.pk and other.duplicate_of_id is None
    body = client_for(None).get(f"/api/v1/jobs/postings/{first.pk}").json()
    assert body["sources"] == ["chongqing", "sichuan"]
