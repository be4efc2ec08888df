"""Applications, outcomes, employment intentions and fairs."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from bashu.core.models import Role
from bashu.jobs.models import EmploymentIntention, JobPosting
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for, requires_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_account):  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510107")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    seeker_account = make_account("zhang", Role.SEEKER)
    person = PersonFactory(area="500112", account=seeker_account)
    seeker_profile_save(
        by=seeker_account,
        data=SeekerProfileInput.model_validate(
            {"desired_occupations": ["2-02-10-03"], "skills": ["Java"], "region": "500112"}
        ),
    )
    posting = make_posting(employer)
    return {
        "employer": employer,
        "boss": boss,
        "seeker": seeker_account,
        "person": person,
        "posting": posting,
    }


def apply(world, client=None):  # type: ignore[no-untyped-def]
    client = client or client_for(world["seeker"])
    return client.post(
        f"/api/v1/jobs/postings/{world['posting'].pk}/apply", {}, content_type="application/json"
    )


def advance(world, application_id, status):  # type: ignore[no-untyped-def]
    return client_for(world["boss"]).post(
        f"/api/v1/jobs/applications/{application_id}/status",
        {"status": status},
        content_type="application/json",
    )


def test_apply_then_employer_moves_it_to_hired_and_intention_is_counted(world) -> None:  # type: ignore[no-untyped-def]
    response = apply(world)
    assert response.status_code == 201
    application_id = response.json()["id"]
    mine = client_for(world["boss"]).get("/api/v1/jobs/applications").json()["items"]
    assert [a["id"] for a in mine] == [application_id] and mine[0]["seeker"].endswith("*")
    for status in ("viewed", "interview", "offer"):
        assert advance(world, application_id, status).status_code == 200
    assert EmploymentIntention.objects.count() == 1
    hired = advance(world, application_id, "hired").json()
    assert [e["status"] for e in hired["events"]] == [
        "applied",
        "viewed",
        "interview",
        "offer",
        "hired",
    ]
    assert EmploymentIntention.objects.count() == 1  # once
    stats = client_for(None).get("/api/v1/jobs/intentions/stats").json()
    assert stats == {"intentions": 1, "cross_province": 1}  # a Chongqing seeker, a Chengdu job


def test_the_employer_is_told_of_a_new_application_once(world) -> None:  # type: ignore[no-untyped-def]
    from bashu.core.models import Notification

    response = apply(world)
    assert response.status_code == 201
    told = Notification.objects.filter(recipient=world["boss"], kind="jobs.applied")
    assert told.count() == 1
    message = told.get()
    assert world["posting"].title in message.title
    assert message.link == f"/employer/?posting={world['posting'].pk}"
    assert message.translations["en"]["title"].startswith("New application for")
    apply(world)  # a second try is refused (409), and tells nobody again
    assert told.count() == 1


def test_an_interview_invitation_carries_the_employers_note_to_the_seeker(world) -> None:  # type: ignore[no-untyped-def]
    from bashu.core.models import Notification
    from bashu.jobs.models import Application

    application_id = apply(world).json()["id"]
    # the employer's page: a status and a note for the seeker
    moved = client_for(world["boss"]).post(
        f"/applications/{application_id}/status/",
        {"status": "interview", "note": "周一上午 10 点，锦江区总部三楼"},
    )
    assert moved.status_code == 302
    assert Application.objects.get(pk=application_id).status == "interview"
    page = client_for(world["seeker"]).get("/seeker/").content.decode()
    assert "周一上午 10 点，锦江区总部三楼" in page
    told = Notification.objects.get(recipient=world["seeker"], kind="jobs.application")
    assert "周一上午 10 点" in told.body
    assert told.translations["en"]["body"].endswith("周一上午 10 点，锦江区总部三楼")


def test_opening_the_cv_marks_the_application_viewed_once(world) -> None:  # type: ignore[no-untyped-def]
    from bashu.core.models import AuditEntry
    from bashu.jobs.models import Application

    application_id = apply(world).json()["id"]
    seeker_id = Application.objects.get(pk=application_id).seeker_id
    # Given the employer opens the applicant's CV
    page = client_for(world["boss"]).get(f"/employer/seekers/{seeker_id}/")
    assert page.status_code == 200
    # Then the application is 已查看, audited as the employer's step
    assert Application.objects.get(pk=application_id).status == "viewed"
    assert AuditEntry.objects.filter(action="application.advance").count() == 1
    # and opening it again, or after it moved on, changes nothing
    client_for(world["boss"]).get(f"/employer/seekers/{seeker_id}/")
    advance(world, application_id, "interview")
    client_for(world["boss"]).get(f"/employer/seekers/{seeker_id}/")
    assert Application.objects.get(pk=application_id).status == "interview"
    assert AuditEntry.objects.filter(action="application.advance").count() == 2


def test_second_application_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    assert apply(world).status_code == 201
    second = apply(world)
    assert second.status_code == 409 and second.json()["errors"][0]["rule"] == "already_applied"


def test_no_going_back_and_closed_is_final(world) -> None:  # type: ignore[no-untyped-def]
    application_id = apply(world).json()["id"]
    assert advance(world, application_id, "interview").status_code == 200
    assert advance(world, application_id, "viewed").status_code == 409
    assert advance(world, application_id, "rejected").status_code == 200
    assert advance(world, application_id, "offer").status_code == 409
    assert (
        client_for(world["seeker"])
        .post(
            f"/api/v1/jobs/applications/{application_id}/status",
            {"status": "hired"},
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_closed_or_expired_posting_takes_no_application(world) -> None:  # type: ignore[no-untyped-def]
    JobPosting.objects.filter(pk=world["posting"].pk).update(
        close_date=timezone.localdate() - dt.timedelta(days=1),
        open_date=timezone.localdate() - dt.timedelta(days=9),
    )
    assert apply(world).status_code == 409


def test_fair_with_participants_registration_and_results(world, chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    fair = client_for(chengdu_caseworker).post(
        "/api/v1/jobs/fairs",
        {
            "name": "川渝合作专场·春风行动",
            "kind": "online",
            "region": "510100",
            "cross_region": True,
            "starts_at": now.isoformat(),
            "ends_at": (now + dt.timedelta(days=3)).isoformat(),
        },
        content_type="application/json",
    )
    assert fair.status_code == 201
    fair_id = fair.json()["id"]
    bad = client_for(chengdu_caseworker).post(
        "/api/v1/jobs/fairs",
        {
            "name": "x",
            "kind": "online",
            "region": "510100",
            "starts_at": now.isoformat(),
            "ends_at": now.isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_at"
    joined = client_for(world["boss"]).post(
        f"/api/v1/jobs/fairs/{fair_id}/join",
        {"employer_id": world["employer"].pk, "posting_ids": [world["posting"].pk]},
        content_type="application/json",
    )
    assert joined.status_code == 200
    assert (
        client_for(world["seeker"]).post(f"/api/v1/jobs/fairs/{fair_id}/register").status_code
        == 200
    )
    application = (
        client_for(world["seeker"])
        .post(
            f"/api/v1/jobs/postings/{world['posting'].pk}/apply",
            {"fair_id": fair_id},
            content_type="application/json",
        )
        .json()
    )
    advance(world, application["id"], "offer")
    advance(world, application["id"], "hired")
    results = client_for(None).get(f"/api/v1/jobs/fairs/{fair_id}").json()["results"]
    assert results == {
        "employers": 1,
        "postings": 1,
        "registrations": 1,
        "applications": 1,
        "intentions": 1,
        "hires": 1,
    }


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_apply_gives_one_application(world) -> None:  # type: ignore[no-untyped-def]
    codes: list[int] = []

    def go() -> None:
        try:
            codes.append(apply(world).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201, 409, 409, 409]
