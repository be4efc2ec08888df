"""One typed input per write (``bashu.jobs.schemas``): the API, the portal's form and the
feed import share the posting's bounds and name a broken one the same way; a profile save
changes only the fields set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bashu.core.identity import uscc_complete
from bashu.core.models import Role
from bashu.core.permissions import SYSTEM
from bashu.jobs.models import JobPosting, SeekerProfile
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.feed import postings_import
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def feed_row(source_id: str, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    row: dict[str, Any] = {
        "source_id": source_id,
        "title": "快递员",
        "description": "负责片区快递收派",
        "employer_uscc": uscc_complete("91500112MA5UXXXX0"),
        "employer_name": "渝北速达物流有限公司",
        "county_code": "500112",
        "industry_code": "60",
        "occupation_code": "4-02-07-08",
        "salary_min": "6000",
        "salary_max": " 9000 ",
        "experience_years": "",
        "headcount": "",
        "open_date": today.isoformat(),
        "close_date": dt.datetime.combine(today + dt.timedelta(days=30), dt.time()),
    }
    row.update(overrides)
    return row


def rules(report: Any, line: int) -> list[tuple[str, str]]:
    [rejected] = [r for r in report.rejected if r["line"] == line]
    return [(e["field"], e["rule"]) for e in rejected["errors"]]


def test_feed_rows_are_parsed_into_the_posting_input_with_its_bounds() -> None:
    report = postings_import(
        [
            (1, feed_row("ok")),
            (2, feed_row("long", title="快" * 129)),
            (3, feed_row("words", salary_min="六千")),
            (4, feed_row("code", occupation_code="4" * 33)),
            (5, feed_row("blank", title="", headcount="x")),
            (6, feed_row("rich", salary_max=2_000_000)),
        ],
        source="chongqing",
        by=SYSTEM,
    )
    assert report.created == 1 and report.rejected_count == 5
    posting = JobPosting.objects.get(source_id="ok")
    # Empty cells take the input's defaults; text cells are stripped; a datetime is its date.
    assert (posting.headcount, posting.experience_years, posting.salary_max) == (1, 0, 9000)
    assert posting.close_date == timezone.localdate() + dt.timedelta(days=30)
    assert rules(report, 2) == [("title", "max_length")]
    assert rules(report, 3) == [("salary_min", "integer")]
    assert rules(report, 4) == [("occupation_code", "max_length")]  # the feed's column name
    assert rules(report, 5) == [("title", "required"), ("headcount", "integer")]
    assert rules(report, 6) == [("salary_max", "maximum")]


def test_the_form_shows_the_inputs_bounds_on_their_fields(make_account: Any) -> None:
    employer = EmployerFactory(area="510116")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    form = {
        "title": "叉车司机",
        "occupation": "6-30-05-01",
        "industry": "59",
        "region": "510116",
        "salary_min": 6000,
        "salary_max": 2_000_000,
        "education": "",
        "experience_years": 1,
        "skills": "叉车证、" + "仓" * 129,
        "headcount": 3,
        "close_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "description": "",
    }
    page = client_for(boss).post("/employer/postings/new/", form)
    assert page.status_code == 200
    errors = page.context["form"].errors
    # Plain sentences on the page (issue 13); the rule codes stay in the API's JSON.
    assert errors["salary_max"] == ["月薪上限过高，请核对。"]
    assert errors["skills"] == ["内容过长。"]
    assert not JobPosting.objects.exists()


def test_a_profile_save_changes_only_the_fields_set(make_account: Any) -> None:
    account = make_account("wang", Role.SEEKER)
    PersonFactory(area="500112", account=account)
    seeker_profile_save(
        by=account,
        data=SeekerProfileInput(
            region="500112",
            desired_occupations=["4-02-07-08"],
            salary_expectation=7000,
            education="bachelor",
            cv="两年快递员经验",
        ),
    )
    seeker_profile_save(by=account, data=SeekerProfileInput(skills=["电动车驾驶"]))
    profile = SeekerProfile.objects.get()
    assert profile.skills == ["电动车驾驶"]
    assert (profile.salary_expectation, profile.education_id, profile.cv) == (
        7000,
        "bachelor",
        "两年快递员经验",
    )
    seeker_profile_save(by=account, data=SeekerProfileInput(education=None))
    profile.refresh_from_db()
    assert profile.education_id is None and profile.salary_expectation == 7000
