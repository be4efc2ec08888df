"""Job alerts: a saved search or the recommendations opt-in sends each new matching posting
once, across runs; application status changes and review holds reach the right inbox. The
index is the real tantivy index, filled by the real worker."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from bashu.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from bashu.core.models import Notification, Role
from bashu.core.permissions import SYSTEM
from bashu.core.tests.queue import drain
from bashu.jobs import alerts
from bashu.jobs.models import AlertKind, JobAlert, JobAlertSent
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services import applications as application_services
from bashu.jobs.services import postings as posting_services
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting, posting_input
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for, requires_postgresql


@pytest.fixture
def world(make_account):  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510107")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    seeker = make_account("zhang", Role.SEEKER)
    PersonFactory(area="500112", account=seeker)
    seeker_profile_save(
        by=seeker,
        data=SeekerProfileInput.model_validate(
            {"desired_occupations": ["6-18-01-01"], "skills": ["数控车床"], "region": "510107"}
        ),
    )
    other = make_account("li", Role.SEEKER)
    return {"employer": employer, "boss": boss, "seeker": seeker, "other": other}


def lathe(employer, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": "数控车工",
        "description": "操作数控车床加工零部件",
        "occupation": "6-18-01-01",
        "industry": "36",
        "region": "510107",
        "education": None,
        "skills": ["数控车床"],
        "open_date": timezone.localdate(),
    }
    values.update(overrides)
    return make_posting(employer, **values)


def alert_messages(user):  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user, kind="jobs.alert"))


@pytest.mark.django_db(transaction=True)
def test_a_matching_posting_is_alerted_exactly_once_across_two_runs(world) -> None:  # type: ignore[no-untyped-def]
    # Given a seeker who saved the search 数控 in Chengdu
    alert = alerts.alert_create(by=world["seeker"], params={"q": "数控", "region": "510100"})
    # When a matching posting and a non-matching one are published and indexed
    match = lathe(world["employer"])
    lathe(world["employer"], title="仓库管理员", description="管理仓库", skills=["仓储"],
          occupation="4-02-06-01", industry="59")  # fmt: skip
    drain()
    # and the alert run runs twice
    first = alerts.job_alerts_run()
    second = alerts.job_alerts_run()
    # Then one notification names the one matching posting, and the second run sends nothing
    assert first == {"alerts": 1, "postings": 1}
    assert second == {"alerts": 1, "postings": 0}
    sent = alert_messages(world["seeker"])
    assert len(sent) == 1 and sent[0].link == f"/jobs/{match.pk}/"
    assert list(JobAlertSent.objects.values_list("posting_id", flat=True)) == [match.pk]
    # and a later posting is new: it comes in the next run, alone
    later = lathe(world["employer"], title="数控车工学徒")
    drain()
    assert alerts.job_alerts_run()["postings"] == 1
    assert len(alert_messages(world["seeker"])) == 2
    alert.refresh_from_db()
    assert alert.checked_at is not None
    assert JobAlertSent.objects.filter(posting=later).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_alerts_matching_one_posting_send_it_once(world) -> None:  # type: ignore[no-untyped-def]
    alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    alerts.alert_create(by=world["seeker"], params={"q": "车工"})
    lathe(world["employer"])
    drain()
    assert alerts.job_alerts_run() == {"alerts": 2, "postings": 1}
    assert len(alert_messages(world["seeker"])) == 1


@pytest.mark.django_db(transaction=True)
def test_postings_older_than_the_alert_are_not_sent(world) -> None:  # type: ignore[no-untyped-def]
    lathe(world["employer"], open_date=timezone.localdate() - dt.timedelta(days=5))
    drain()
    alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    assert alerts.job_alerts_run()["postings"] == 0


@pytest.mark.django_db(transaction=True)
def test_recommendations_opt_in_sends_new_recommended_postings_once(world) -> None:  # type: ignore[no-untyped-def]
    assert alerts.recommendations_subscribe(by=world["seeker"], on=True) is True
    assert alerts.recommendations_subscribe(by=world["seeker"], on=True) is True  # replay
    assert JobAlert.objects.filter(kind=AlertKind.RECOMMENDATIONS).count() == 1
    lathe(world["employer"])
    drain()
    assert alerts.job_alerts_run()["postings"] == 1
    assert alerts.job_alerts_run()["postings"] == 0
    assert len(alert_messages(world["seeker"])) == 1
    assert alerts.recommendations_subscribe(by=world["seeker"], on=False) is False
    assert not JobAlert.objects.filter(kind=AlertKind.RECOMMENDATIONS).exists()


@pytest.mark.django_db
def test_alert_writes_are_refused_to_the_wrong_people(world) -> None:  # type: ignore[no-untyped-def]
    for nobody in (None, SYSTEM, world["boss"]):
        with pytest.raises(Forbidden):
            alerts.alert_create(by=nobody, params={"q": "数控"})
        with pytest.raises(Forbidden):
            alerts.recommendations_subscribe(by=nobody, on=True)
    mine = alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    # another seeker cannot delete it, and learns nothing from trying
    with pytest.raises(NotFound):
        alerts.alert_delete(by=world["other"], alert_id=mine.pk)
    assert JobAlert.objects.filter(pk=mine.pk).exists()
    # the same search twice, an empty one, and too many are refused
    with pytest.raises(Conflict):
        alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    with pytest.raises(InvalidInput):
        alerts.alert_create(by=world["seeker"], params={"q": "   ", "unknown": "x"})
    for i in range(alerts.ALERTS_PER_ACCOUNT - 1):
        alerts.alert_create(by=world["seeker"], params={"q": f"词{i}"})
    with pytest.raises(Conflict):
        alerts.alert_create(by=world["seeker"], params={"q": "多一个"})
    # fields are bounded as the search page bounds them
    alerts.alert_delete(by=world["seeker"], alert_id=mine.pk)
    long = alerts.alert_create(by=world["seeker"], params={"q": "长" * 5000, "region": "5" * 99})
    assert len(long.query["q"]) == 200 and len(long.query["region"]) == 12


@pytest.mark.django_db
def test_alert_pages(world) -> None:  # type: ignore[no-untyped-def]
    seeker = client_for(world["seeker"])
    # the search page offers the button to a seeker, for a search with something in it
    assert "订阅此搜索" in seeker.get("/jobs/", {"q": "数控"}).content.decode()
    assert "订阅此搜索" not in seeker.get("/jobs/").content.decode()
    assert "订阅此搜索" not in client_for(None).get("/jobs/", {"q": "数控"}).content.decode()
    assert (
        "订阅此搜索" not in client_for(world["boss"]).get("/jobs/", {"q": "数控"}).content.decode()
    )
    # saving it
    response = seeker.post("/jobs/alerts/new/", {"q": "数控", "region": "510100"})
    assert response.status_code == 302
    alert = JobAlert.objects.get(account=world["seeker"])
    listing = seeker.get("/jobs/alerts/").content.decode()
    assert "数控 · 510100" in listing
    # another seeker's delete is a 404 and deletes nothing; an employer is refused
    assert client_for(world["other"]).post(f"/jobs/alerts/{alert.pk}/delete/").status_code == 404
    assert client_for(world["boss"]).post("/jobs/alerts/new/", {"q": "x"}).status_code == 403
    assert client_for(None).post("/jobs/alerts/new/", {"q": "x"}).status_code == 302
    assert JobAlert.objects.filter(pk=alert.pk).exists()
    assert seeker.post(f"/jobs/alerts/{alert.pk}/delete/").status_code == 302
    assert not JobAlert.objects.filter(pk=alert.pk).exists()
    # recommendations opt-in
    seeker.post("/jobs/alerts/recommendations/", {"on": "1"})
    assert JobAlert.objects.filter(account=world["seeker"], kind="recommendations").exists()


@pytest.mark.django_db
def test_a_status_change_notifies_the_seeker_once(world) -> None:  # type: ignore[no-untyped-def]
    posting = lathe(world["employer"])
    application = application_services.application_create(by=world["seeker"], posting_id=posting.pk)
    application_services.application_advance(
        by=world["boss"], application_id=application.pk, status="interview"
    )
    messages = list(Notification.objects.filter(kind="jobs.application"))
    assert [m.recipient_id for m in messages] == [world["seeker"].pk]
    assert "数控车工" in messages[0].title and messages[0].link == "/seeker/"
    assert "面试" in messages[0].title  # the state's label, in Chinese and in English
    assert messages[0].translations["en"]["title"].startswith("Your application for “数控车工”")
    # a refused change notifies nobody
    with pytest.raises(Conflict):
        application_services.application_advance(
            by=world["boss"], application_id=application.pk, status="viewed"
        )
    assert Notification.objects.filter(kind="jobs.application").count() == 1


@pytest.mark.django_db
def test_a_posting_held_for_review_notifies_the_employer(world, chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    # An age ceiling is accepted but held for review (bashu.jobs.fairness)
    held = posting_services.posting_create(
        by=world["boss"],
        employer_id=world["employer"].pk,
        data=posting_input(description="年龄35岁以下，负责后端开发。"),
    )
    assert held.status == "review"
    notes = list(Notification.objects.filter(kind="jobs.posting_held"))
    assert [n.recipient_id for n in notes] == [world["boss"].pk]
    assert notes[0].link == f"/jobs/{held.pk}/"
    assert not Notification.objects.filter(recipient=world["seeker"]).exists()
    posting_services.posting_review(by=chengdu_caseworker, posting_id=held.pk, approve=True)
    assert Notification.objects.filter(
        kind="jobs.posting_reviewed", recipient=world["boss"]
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_the_run_is_bounded_and_every_alert_comes_round(world, settings) -> None:  # type: ignore[no-untyped-def]
    # Given two alerts and a run that may look at one
    first = alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    second = alerts.alert_create(by=world["other"], params={"q": "数控"})
    lathe(world["employer"])
    drain()
    # When it runs twice, each run takes the alert checked longest ago (never checked first)
    assert alerts.job_alerts_run(limit=1) == {"alerts": 1, "postings": 1}
    assert alerts.job_alerts_run(limit=1) == {"alerts": 1, "postings": 1}
    # Then both people were told, once each
    assert JobAlertSent.objects.filter(alert__in=[first, second]).count() == 2
    assert alerts.job_alerts_run(limit=5) == {"alerts": 2, "postings": 0}
    # and the scheduler runs it every 15 minutes as a command
    assert settings.BASHU_SCHEDULE["job_alerts_run"] == 15 * 60
    out = io.StringIO()
    call_command("job_alerts_run", stdout=out)
    assert "alerts 2" in out.getvalue()


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_a_posting_once(world) -> None:  # type: ignore[no-untyped-def]
    # Given two alerts of one person matching one posting
    alerts.alert_create(by=world["seeker"], params={"q": "数控"})
    alerts.alert_create(by=world["seeker"], params={"q": "车工"})
    lathe(world["employer"])
    drain()
    barrier = threading.Barrier(3)
    results: list[dict[str, int]] = []

    def go() -> None:
        try:
            barrier.wait()
            results.append(alerts.job_alerts_run())
        finally:
            connections.close_all()

    # When three runs start at once
    threads = [threading.Thread(target=go) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then the posting was sent once, in one message
    assert sum(r["postings"] for r in results) == 1, results
    assert len(alert_messages(world["seeker"])) == 1
    assert JobAlertSent.objects.count() == 1
