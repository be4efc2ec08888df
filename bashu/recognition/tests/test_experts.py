"""Expert draws: from both provinces, never the applicant's own people, always logged."""

from __future__ import annotations

import random

import pytest

from bashu.core.models import AuditEntry, Region
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from bashu.recognition.models import Expert, ExpertDraw
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():  # type: ignore[no-untyped-def]
    applicant = EmployerFactory(area="510104")
    other = EmployerFactory(area="500112")
    experts = []
    for i in range(12):
        area = "510104" if i % 2 else "500112"
        experts.append(
            Expert.objects.create(
                person=PersonFactory(area=area),
                region=Region.objects.get(code=area),
                fields=["职业指导"],
                employer=applicant if i < 4 else other,
            )
        )
    return applicant, experts


def test_draw_excludes_the_applicants_people_and_is_logged(pool, chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    applicant, experts = pool
    tied = {e.pk for e in experts if e.employer_id == applicant.pk}
    for _ in range(5):
        response = client_for(chengdu_caseworker).post(
            "/api/v1/recognition/experts/draw",
            {"applicant_id": applicant.pk, "field": "职业指导", "count": 5},
            content_type="application/json",
        )
        assert response.status_code == 201
        body = response.json()
        assert (
            len(body["drawn"]) == 5
            and not set(body["drawn"]) & tied
            and set(body["excluded"]) == tied
        )
        # Replayable from the logged seed.
        eligible = sorted(e.pk for e in experts if e.pk not in tied)
        assert random.Random(body["seed"]).sample(eligible, 5) == body["drawn"]
    assert (
        ExpertDraw.objects.count() == 5
        and AuditEntry.objects.filter(action="expert.draw").count() == 5
    )
    regions = {
        Expert.objects.get(pk=pk).region_id[:2] for d in ExpertDraw.objects.all() for pk in d.drawn
    }
    assert regions == {"50", "51"}  # the pool spans both provinces


def test_not_enough_experts_and_bad_input(pool, chengdu_caseworker, analyst) -> None:  # type: ignore[no-untyped-def]
    applicant, _ = pool
    client = client_for(chengdu_caseworker)
    too_many = client.post(
        "/api/v1/recognition/experts/draw",
        {"applicant_id": applicant.pk, "field": "职业指导", "count": 9},
        content_type="application/json",
    )
    assert too_many.status_code == 409
    assert (
        client.post(
            "/api/v1/recognition/experts/draw",
            {"applicant_id": 999999, "field": "职业指导", "count": 1},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert (
        client_for(analyst)
        .post(
            "/api/v1/recognition/experts/draw",
            {"applicant_id": applicant.pk, "field": "职业指导", "count": 1},
            content_type="application/json",
        )
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_chengdu_cannot_draw_experts_for_a_chongqing_employer(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    for _n in range(3):
        Expert.objects.create(
            person=PersonFactory(area="510104"), region_id="510104", fields=["机械"]
        )
    employer = EmployerFactory(area="500103")
    answer = client_for(chengdu_caseworker).post(
        "/api/v1/recognition/experts/draw",
        {"applicant_id": employer.pk, "field": "机械", "count": 2},
        content_type="application/json",
    )
    assert answer.status_code == 403, answer.json()
