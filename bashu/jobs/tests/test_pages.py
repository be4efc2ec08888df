"""Job-zone pages: posting and profile forms show the services' errors on their fields."""

from __future__ import annotations

import pytest
from django.test import Client

from bashu.core.models import Role
from bashu.jobs.models import JobPosting, SeekerProfile
from bashu.jobs.tests.factories import posting_form
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_employer_posts_through_the_form(make_account) -> None:  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510116")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    client = client_for(boss)
    assert client.get("/employer/postings/new/").status_code == 200
    refused = client.post(
        "/employer/postings/new/", posting_form(description="仅限男性，负责叉车作业")
    )
    page = refused.content.decode()
    # A plain sentence quoting the phrase; the rule code stays in the API's JSON.
    assert refused.status_code == 200 and "歧视性限制" in page and "仅限男性" in page
    assert "fair_hiring_sex" not in page
    bad = client.post("/employer/postings/new/", posting_form(region="510100"))
    assert "请选择到区（县）一级" in bad.content.decode()
    assert "county_required" not in bad.content.decode()
    assert not JobPosting.objects.exists()
    ok = client.post("/employer/postings/new/", posting_form())
    posting = JobPosting.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/jobs/{posting.pk}/"
    assert posting.skills == ["叉车证", "仓储"]


def test_non_employers_cannot_post(make_account) -> None:  # type: ignore[no-untyped-def]
    seeker = make_account("someone", Role.SEEKER)
    assert client_for(seeker).get("/employer/postings/new/").status_code == 403


def test_seeker_keeps_a_profile(make_account) -> None:  # type: ignore[no-untyped-def]
    account = make_account("wang", Role.SEEKER)
    PersonFactory(area="500112", account=account)
    client = client_for(account)
    form = {
        "region": "500112",
        "desired_occupations": "4-02-07-08",
        "desired_regions": "510100, 500000",
        "salary_expectation": 7000,
        "skills": "电动车驾驶、快递收派",
        "education": "",
        "experience_years": 2,
        "cv": "两年快递员经验",
        "discoverable": "on",
    }
    bad = client.post("/seeker/profile/", {**form, "desired_occupations": "9-99-99"})
    assert "请从列表中选择期望职业" in bad.content.decode()
    assert "unknown_code" not in bad.content.decode()
    assert client.post("/seeker/profile/", form).status_code == 302
    profile = SeekerProfile.objects.get()
    assert (
        profile.skills == ["电动车驾驶", "快递收派"]
        and profile.discoverable
        and profile.occupation_groups == "4-02"
    )
    assert "两年快递员经验" in client.get("/seeker/profile/").content.decode()


def test_the_filter_panel_names_industries_in_english_on_english_pages() -> None:
    english = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en").get("/jobs/")
    page = english.content.decode()
    assert english.status_code == 200
    assert ">Manufacturing</option>" in page  # section C in the industry select
    assert "制造业" not in page
    chinese = client_for(None).get("/jobs/").content.decode()
    assert "制造业" in chinese and "Manufacturing" not in chinese
