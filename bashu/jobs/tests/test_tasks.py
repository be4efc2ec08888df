"""The search index follows posting writes through the background worker, never the request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bashu.core.models import Role
from bashu.core.permissions import SYSTEM
from bashu.core.tests.queue import drain, pending
from bashu.jobs.models import JobPosting
from bashu.jobs.services import postings as posting_services
from bashu.jobs.tasks import postings_reindex
from bashu.jobs.tests.factories import make_posting, posting_input
from bashu.people.tests.factories import EmployerFactory
from conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

REINDEX = "bashu.jobs.tasks.postings_reindex"


def found(q: str) -> list[int]:
    response = client_for(None).get("/api/v1/jobs/search", {"q": q})
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_a_posting_published_through_the_api_is_indexed_by_the_worker(make_account) -> None:  # type: ignore[no-untyped-def]
    # Given an employer's account
    employer = EmployerFactory(area="510104")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    today = timezone.localdate()
    # When it publishes a posting
    response = client_for(boss).post(
        "/api/v1/jobs/postings",
        {
            "employer_id": employer.pk,
            "title": "数控车工",
            "description": "操作数控车床加工汽车零部件",
            "occupation": "6-18-01-01",
            "industry": "36",
            "region": "510104",
            "salary_min": 6000,
            "salary_max": 9000,
            "education": "secondary_vocational",
            "experience_years": 1,
            "skills": ["数控车床"],
            "headcount": 2,
            "open_date": today.isoformat(),
            "close_date": (today + dt.timedelta(days=20)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    posting_id = response.json()["id"]
    # Then the request has only enqueued the index update: the posting is not searchable yet
    waiting = DBTaskResult.objects.filter(task_path=REINDEX, status="READY")
    assert [row.args_kwargs["kwargs"]["ids"] for row in waiting] == [[posting_id]]
    assert found("数控车工") == []
    # and once the worker has run, it is
    assert drain() == 1
    assert found("数控车工") == [posting_id]
    assert DBTaskResult.objects.get(task_path=REINDEX).status == "SUCCESSFUL"


def test_a_rolled_back_write_enqueues_nothing() -> None:
    employer = EmployerFactory(area="510107")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_posting(employer, title="回滚的岗位")
        assert pending() == 1  # written inside the transaction...
        raise RuntimeError("the caller fails after the service")
    assert pending() == 0  # ...and gone with it
    assert not JobPosting.objects.filter(title="回滚的岗位").exists()


def test_closing_and_expiry_leave_the_index_through_the_worker() -> None:
    employer = EmployerFactory(area="510107")
    java = make_posting(employer)
    welder = make_posting(employer, title="焊工", description="焊接", skills=["焊工证"])
    drain()
    assert set(found("")) == {java.pk, welder.pk}
    posting_services.posting_close(by=SYSTEM, posting_id=welder.pk)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    JobPosting.objects.filter(pk=java.pk).update(
        open_date=yesterday - dt.timedelta(days=5), close_date=yesterday
    )
    assert posting_services.postings_close_expired() == 1
    assert welder.pk in found("焊工")  # the request changed the database only
    drain()
    assert found("") == []


def test_a_late_task_applies_the_database_as_it_is_now() -> None:
    """Tasks may run late or twice: each reads the postings when it runs, so an old task
    never puts an old version back, and a posting gone from the database leaves the index."""
    employer = EmployerFactory(area="510107")
    java = make_posting(employer)
    posting_services.posting_update(
        by=SYSTEM, posting_id=java.pk, data=posting_input(title="Python数据分析师")
    )
    assert pending() == 2
    drain()
    assert found("Python") == [java.pk] and found("Java开发工程师") == []
    postings_reindex.enqueue(ids=[java.pk])  # a duplicate, late delivery
    JobPosting.objects.filter(pk=java.pk).delete()
    drain()
    assert found("Python") == []


def test_the_schedule_closes_expired_postings_through_the_worker(settings) -> None:  # type: ignore[no-untyped-def]
    from bashu.core.models import TaskRun
    from bashu.core.tasks import schedule_tick

    settings.BASHU_SCHEDULE = {"close_expired_postings": 3600}
    employer = EmployerFactory(area="510107")
    java = make_posting(employer)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    JobPosting.objects.filter(pk=java.pk).update(
        open_date=yesterday - dt.timedelta(days=5), close_date=yesterday
    )
    assert schedule_tick() == ["close_expired_postings"]
    drain()  # the scheduled command closes it; its index update, enqueued then, runs too
    assert JobPosting.objects.get(pk=java.pk).status == "closed"
    run = TaskRun.objects.get(kind="schedule.close_expired_postings")
    assert run.status == "done" and "1" in run.report["output"]
    assert found("") == []
