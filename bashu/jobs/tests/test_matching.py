"""Explained matching: pure signals, and both directions through the API."""

from __future__ import annotations

from collections import Counter

import pytest

from bashu.core.models import Role
from bashu.core.tests.queue import drain
from bashu.jobs.matching.score import (
    Place,
    PostingFeatures,
    SeekerFeatures,
    commute,
    model,
    occupation_proximity,
    salary_fit,
    score,
)
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

CHENGDU = Place("510107", 104.04, 30.64)
CHONGQING = Place("500112", 106.63, 29.72)
GANZI = Place("513301", 101.96, 30.05)


def seeker(**kw):  # type: ignore[no-untyped-def]
    values = {
        "id": 1,
        "occupations": ("2-02-10-03",),
        "skills": frozenset({"java", "mysql"}),
        "tokens": Counter(["java", "开发"]),
        "place": CHENGDU,
        "desired_regions": (),
        "salary_expectation": 10000,
        "education_rank": 5,
        "experience_years": 3,
    }
    values.update(kw)
    return SeekerFeatures(**values)


def posting(**kw):  # type: ignore[no-untyped-def]
    values = {
        "id": 9,
        "occupation": "2-02-10-03",
        "skills": frozenset({"java", "spring boot", "mysql"}),
        "tokens": Counter(["java", "开发", "后端"]),
        "place": CHENGDU,
        "salary_min": 9000,
        "salary_max": 15000,
        "education_rank": 5,
        "experience_years": 2,
    }
    values.update(kw)
    return PostingFeatures(**values)


def test_occupation_proximity_follows_the_tree() -> None:
    assert occupation_proximity(("2-02-10-03",), "2-02-10-03") == 1.0
    assert occupation_proximity(("2-02-10-04",), "2-02-10-03") == 0.75
    assert occupation_proximity(("2-02-07-01",), "2-02-10-03") == 0.5
    assert occupation_proximity(("6-18-01-01",), "2-02-10-03") == 0.0
    assert occupation_proximity(("2-02",), "2-02-10-03") > 0.5  # a wanted group contains it


def test_commute_corridor_counts_as_near() -> None:
    m = model()
    near, km, why = commute(seeker(place=CHENGDU), posting(place=CHONGQING), m)
    assert why == "high_speed_corridor" and near >= 0.8 and km > 250
    far, _, why_far = commute(seeker(place=GANZI), posting(place=CHONGQING), m)
    assert why_far == "far" and far == 0.0
    desired, _, why_desired = commute(
        seeker(place=GANZI, desired_regions=("500000",)), posting(place=CHONGQING), m
    )
    assert why_desired == "desired_region" and desired == 1.0


def test_salary_fit_reports_the_gap() -> None:
    assert salary_fit(10000, 9000, 15000) == (1.0, 0)
    fit, gap = salary_fit(12000, 6000, 9000)
    assert gap == 3000 and 0 < fit < 1


def test_score_lists_reasons() -> None:
    match = score(seeker(), posting())
    assert match.reasons["matched_skills"] == ["java", "mysql"]
    assert match.reasons["missing_skills"] == ["spring boot"]
    assert match.reasons["distance_km"] == 0.0 and match.reasons["salary_gap"] == 0
    assert 0.8 < match.score <= 1.0
    worse = score(seeker(), posting(occupation="6-18-01-01", skills=frozenset({"焊工证"})))
    assert worse.score < match.score


@pytest.mark.django_db(transaction=True)
def test_matches_both_ways_through_the_api(make_account) -> None:  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510107")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    java = make_posting(employer)
    make_posting(
        employer,
        title="焊工",
        description="焊接",
        occupation="6-18-02-04",
        industry="36",
        skills=["焊工证"],
        education="junior_secondary",
    )
    drain()  # the worker indexes the postings (matching recalls through the index)
    account = make_account("li", Role.SEEKER)
    PersonFactory(area="510107", account=account)
    profile = seeker_profile_save(
        by=account,
        data=SeekerProfileInput.model_validate(
            {
                "desired_occupations": ["2-02-10-03"],
                "skills": ["Java", "MySQL"],
                "salary_expectation": 10000,
                "education": "bachelor",
                "experience_years": 3,
                "cv": "三年Java后端开发经验",
                "discoverable": True,
                "region": "510107",
            }
        ),
    )
    matches = client_for(account).get(f"/api/v1/jobs/seekers/{profile.pk}/matches").json()
    assert matches[0]["posting_id"] == java.pk and matches[0]["title"] == "Java开发工程师"
    assert "Java" in matches[0]["reasons"]["matched_skills"]  # as the employer wrote it
    talents = client_for(boss).get(f"/api/v1/jobs/postings/{java.pk}/matches").json()
    assert talents[0]["seeker_id"] == profile.pk and talents[0]["seeker"].endswith("*")
    stranger = make_account("nosy", Role.SEEKER)
    assert client_for(stranger).get(f"/api/v1/jobs/seekers/{profile.pk}/matches").status_code == 403
