"""The task machinery on the real queue: retries with backoff, failures recorded, lost
attempts recovered, the schedule, the worker command. Every task here runs in the real
worker (``drain``), never in a mock."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bashu.core.errors import Forbidden
from bashu.core.logging import mask_text
from bashu.core.models import TaskRun, TaskRunStatus
from bashu.core.tasks import (
    ATTEMPT,
    RetryPolicy,
    background,
    schedule_tick,
    task_run_start,
    tasks_recover,
    upload_path,
    worker_heartbeat,
)
from bashu.core.tests.queue import drain, pending

pytestmark = pytest.mark.django_db(transaction=True)

#: How often each task below was called, per key (the worker runs in this process).
CALLS: Counter[str] = Counter()
ID_NUMBER = "510104198608170076"


@background(retry=RetryPolicy(attempts=3, first_delay=30.0, factor=2.0))
def fails_once(*, key: str, run_id: str | None = None) -> dict[str, int]:
    CALLS[key] += 1
    if CALLS[key] == 1:
        raise ConnectionError(f"index busy while writing the entry of {ID_NUMBER}")
    return {"calls": CALLS[key]}


@background(retry=RetryPolicy(attempts=2, first_delay=5.0))
def always_fails(*, key: str, run_id: str | None = None) -> None:
    CALLS[key] += 1
    raise OSError("the disk is full")


@background()
def refused(*, key: str, run_id: str | None = None) -> None:
    CALLS[key] += 1
    raise Forbidden("not yours")


def attempts_of(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


def time_passes(result: DBTaskResult) -> None:
    """The retry's delay is over (its run_after moved to now)."""
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now())


def test_a_task_that_fails_once_is_retried_after_its_delay_and_succeeds() -> None:
    # Given a task that fails on its first attempt
    enqueued_at = timezone.now()
    fails_once.enqueue(key="retry")
    # When the worker runs it
    assert drain() == 1
    # Then the attempt is recorded FAILED with its error, the personal number masked
    first, second = attempts_of("bashu.core.tests.test_tasks.fails_once")
    assert first.status == "FAILED"
    assert first.exception_class_path == "bashu.core.tasks.TaskFailed"
    assert "builtins.ConnectionError: index busy" in first.traceback
    assert ID_NUMBER not in first.traceback and mask_text(ID_NUMBER) in first.traceback
    # and the next attempt waits for the policy's first delay (30 s)
    assert second.status == "READY" and second.args_kwargs["kwargs"][ATTEMPT] == 2
    assert second.run_after >= enqueued_at + dt.timedelta(seconds=30)
    assert drain() == 0 and CALLS["retry"] == 1  # not before its time
    # When the delay is over, the second attempt succeeds
    time_passes(second)
    assert drain() == 1
    second.refresh_from_db()
    assert second.status == "SUCCESSFUL" and second.return_value == {"calls": 2}
    assert pending() == 0


def test_the_delay_grows_with_each_attempt() -> None:
    policy = RetryPolicy(attempts=5, first_delay=30.0, factor=4.0, max_delay=600.0)
    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 120, 480, 600]


def test_a_run_records_each_retry_and_its_final_failure() -> None:
    run = task_run_start(
        kind="test.disk", task_=always_fails, params={"key": "final"}, label="always fails"
    )
    assert run.status == TaskRunStatus.QUEUED and pending() == 1
    drain()
    run.refresh_from_db()
    assert run.status == TaskRunStatus.RETRYING and run.attempts == 1
    assert run.error == "builtins.OSError: the disk is full" and run.finished_at is None
    (_, retry) = attempts_of("bashu.core.tests.test_tasks.always_fails")
    assert run.task_id == str(retry.pk)
    time_passes(retry)
    drain()
    run.refresh_from_db()
    # The policy's two attempts are spent: FAILED, with the error, and nothing more queued
    assert run.status == TaskRunStatus.FAILED and run.attempts == 2
    assert run.error == "builtins.OSError: the disk is full" and run.finished_at is not None
    assert [r.status for r in attempts_of("bashu.core.tests.test_tasks.always_fails")] == [
        "FAILED",
        "FAILED",
    ]
    assert pending() == 0 and CALLS["final"] == 2


def test_a_refusal_is_final_at_once() -> None:
    run = task_run_start(kind="test.refused", task_=refused, params={"key": "refused"})
    drain()
    run.refresh_from_db()
    assert run.status == TaskRunStatus.FAILED and "Forbidden: not yours" in run.error
    assert pending() == 0 and CALLS["refused"] == 1


def test_an_attempt_lost_with_its_worker_is_run_again() -> None:
    # Given a run whose attempt a worker claimed, then died (its heartbeat ran out)
    run = task_run_start(kind="test.lost", task_=fails_once, params={"key": "lost"})
    CALLS["lost"] = 1  # so the next call succeeds
    claimed = DBTaskResult.objects.get(pk=run.task_id)
    claimed.claim("bashu-gone")
    # and another whose worker still beats
    alive = fails_once.enqueue(key="alive")
    DBTaskResult.objects.get(pk=alive.id).claim("bashu-alive")
    worker_heartbeat("bashu-alive")
    # When the housekeeping looks for lost attempts
    assert tasks_recover() == 1
    # Then the lost one is recorded FAILED (worker lost) and enqueued again at once
    claimed.refresh_from_db()
    assert claimed.status == "FAILED" and "WorkerLost" in claimed.exception_class_path
    run.refresh_from_db()
    assert run.status == TaskRunStatus.RETRYING and run.task_id != str(claimed.pk)
    assert DBTaskResult.objects.get(pk=alive.id).status == "RUNNING"
    drain()
    run.refresh_from_db()
    assert run.status == TaskRunStatus.DONE and run.report == {"calls": 2}
    assert run.attempts == 2


def test_a_finished_run_is_not_done_twice() -> None:
    run = task_run_start(kind="test.twice", task_=fails_once, params={"key": "twice"})
    CALLS["twice"] = 1
    drain()
    fails_once.enqueue(key="twice", run_id=str(run.pk))  # delivered again
    drain()
    assert CALLS["twice"] == 2


def test_the_schedule_enqueues_each_command_when_due(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_SCHEDULE = {"chain_checkpoint": 600, "no_such_command": 60}
    now = timezone.now()
    assert schedule_tick(now=now) == ["chain_checkpoint"]  # an unknown command is skipped
    assert schedule_tick(now=now) == []  # the first run waits: not twice
    drain()
    run = TaskRun.objects.get(kind="schedule.chain_checkpoint")
    assert run.status == TaskRunStatus.DONE, run.error
    assert Path(settings.DATA_DIR, "checkpoints", "audit.jsonl").exists()
    assert schedule_tick(now=now + dt.timedelta(seconds=60)) == []  # not yet due
    assert schedule_tick(now=now + dt.timedelta(seconds=601)) == ["chain_checkpoint"]


def test_the_worker_command_runs_what_is_ready(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_SCHEDULE = {}
    CALLS["command"] = 1
    fails_once.enqueue(key="command")
    call_command("worker", "--batch", verbosity=0)
    assert CALLS["command"] == 2 and pending() == 0
    (result,) = attempts_of("bashu.core.tests.test_tasks.fails_once")
    assert result.worker_ids[-1].startswith("bashu-")


def test_upload_names_cannot_leave_the_upload_folder() -> None:
    for name in ("../settings.py", "/etc/passwd", "", ".hidden", "a/b.csv"):
        with pytest.raises(ValueError):
            upload_path(name)
    assert upload_path("0123abcd.csv").name == "0123abcd.csv"


def test_failures_are_visible_to_administrators_in_the_admin(administrator, make_account) -> None:  # type: ignore[no-untyped-def]
    from conftest import client_for

    task_run_start(kind="test.refused", task_=refused, params={"key": "admin"}, label="拒绝")
    drain()
    page = client_for(administrator).get("/admin/core/taskrun/")
    assert page.status_code == 200
    assert "Forbidden: not yours" in page.content.decode()
    queue = client_for(administrator).get("/admin/django_tasks_database/dbtaskresult/")
    assert queue.status_code == 200 and "refused" in queue.content.decode()
    caseworker = make_account("cw_admin", "caseworker", "510100")
    assert client_for(caseworker).get("/admin/core/taskrun/").status_code in (302, 403)


def test_old_finished_work_is_pruned_and_imports_are_kept() -> None:
    from bashu.core.models import TaskRunStatus as S

    old = timezone.now() - dt.timedelta(days=20)
    scheduled = TaskRun.objects.create(kind="schedule.x", status=S.DONE, finished_at=old)
    recent = TaskRun.objects.create(kind="schedule.x", status=S.DONE, finished_at=timezone.now())
    waiting = TaskRun.objects.create(kind="schedule.y", status=S.QUEUED)
    imported = TaskRun.objects.create(kind="recognition.import", status=S.DONE, finished_at=old)
    fails_once.enqueue(key="prune")
    CALLS["prune"] = 1
    drain()
    DBTaskResult.objects.update(finished_at=old)
    call_command("tasks_prune", verbosity=0)
    assert set(TaskRun.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk, imported.pk}
    assert not DBTaskResult.objects.exists()
    del scheduled
