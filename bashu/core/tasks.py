"""Background work (后台任务): what must not run inside a request, on django-tasks' database
backend (docs/adr/0010-task-queue.md).

- ``background(...)`` declares a task with an explicit retry policy: a failed attempt is
  recorded by the queue as FAILED with its error (personal numbers masked), and the next
  attempt is enqueued with a growing delay, until the policy gives up. Domain refusals
  (``BashuError``) are final at once: waiting does not make a forbidden act allowed.
- ``enqueue_on_commit(task, ...)`` is how a service schedules a side effect. The queue lives
  in the same database, so the task row is written inside the caller's transaction: it
  exists exactly when the change commits, and vanishes with a rollback (a transactional
  outbox; nothing is lost between a commit and an enqueue).
- A ``TaskRun`` (``task_run_start``) is the piece of work a person follows: an import's
  progress and report, a periodic command's outcome, each retry.
- ``bashu worker`` runs the queue, beats a heartbeat, recovers attempts whose worker was
  lost, and enqueues the periodic commands of ``settings.BASHU_SCHEDULE``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from bashu.core.errors import BashuError, NotFound
from bashu.core.logging import mask_text
from bashu.core.models import TaskRun, TaskRunStatus
from bashu.core.permissions import Actor, account, is_administrator

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The keyword a task's attempt number travels in (1 for the first; added by the retry).
ATTEMPT = "_attempt"
#: The keyword naming the ``TaskRun`` a task reports to, when it has one.
RUN = "run_id"
#: Worker ids of ``bashu worker`` start with this; their heartbeat says they are alive.
WORKER_PREFIX = "bashu-"
#: How often a worker beats, and how long a beat lasts: a worker silent this long is lost.
HEARTBEAT_EVERY = 15.0
HEARTBEAT_TTL = 60
#: An attempt claimed by a worker that does not beat (a plain ``db_worker``) is lost only
#: after this long.
FOREIGN_WORKER_LEASE = dt.timedelta(hours=6)


class TaskFailed(Exception):
    """What the queue records for a failed attempt: the original exception's class and
    message, personal numbers masked, over the original traceback."""


class WorkerLost(Exception):
    """The worker running an attempt stopped (killed, machine restarted) before it ended."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a task is tried again.

    Attempt ``n`` failing waits ``first_delay × factor^(n-1)`` seconds (at most ``max_delay``)
    before attempt ``n + 1``; after ``attempts`` attempts the failure is final.
    """

    attempts: int = 5
    first_delay: float = 30.0
    factor: float = 4.0
    max_delay: float = 6 * 3600.0
    #: Failures that no retry can cure: recorded, never tried again.
    give_up_on: tuple[type[BaseException], ...] = (BashuError,)

    def delay(self, attempt: int) -> dt.timedelta:
        """The wait after attempt ``attempt`` failed."""
        seconds = self.first_delay * self.factor ** max(0, attempt - 1)
        return dt.timedelta(seconds=min(self.max_delay, seconds))

    def final(self, attempt: int, error: BaseException) -> bool:
        return attempt >= self.attempts or isinstance(error, self.give_up_on)


DEFAULT_RETRY = RetryPolicy()


def _error_text(error: BaseException) -> str:
    return mask_text(f"{type(error).__module__}.{type(error).__qualname__}: {error}")[:2000]


def _retry_policy(task_: Task[Any, Any]) -> RetryPolicy | None:
    return getattr(task_.func, "retry_policy", None)


def _attempt_enqueue(
    task_: Task[Any, Any],
    args: list[Any] | tuple[Any, ...],
    kwargs: dict[str, Any],
    attempt: int,
    delay: dt.timedelta,
) -> str:
    """Enqueue attempt ``attempt`` of ``task_`` after ``delay``; the queue's id."""
    later = task_.using(run_after=timezone.now() + delay)
    result = later.enqueue(*args, **{**kwargs, ATTEMPT: attempt})
    return str(result.id)


# --- TaskRun bookkeeping (each a single UPDATE: the worker runs outside transactions) -------


def _run_update(run_id: str | None, **fields: Any) -> None:
    if run_id:
        TaskRun.objects.filter(pk=run_id).update(updated_at=timezone.now(), **fields)


def task_run_progress(run_id: str | None, progress: dict[str, Any]) -> None:
    """Record how far a run got (shown on its status page; also its heartbeat)."""
    _run_update(run_id, progress=progress)


def _final(hook: Callable[..., None] | None, kwargs: dict[str, Any]) -> None:
    if hook is None:
        return
    try:
        hook(**kwargs)
    except Exception:  # the outcome is recorded already; a failed clean-up is only logged
        logger.exception("clean-up after a task failed")


def background(
    *,
    retry: RetryPolicy = DEFAULT_RETRY,
    priority: int = 0,
    on_final: Callable[..., None] | None = None,
) -> Callable[[Callable[..., T]], Task[Any, T]]:
    """Declare a background task (a module-level function taking keyword arguments).

    The function runs in the worker. If it raises, the queue records the attempt FAILED with
    the error and, unless the policy gives up, the next attempt is enqueued after the
    policy's delay. A task given ``run_id`` reports to that ``TaskRun``: running, retrying,
    done with the function's return value as the report, or failed with the error.
    ``on_final(**kwargs)`` runs once the work has ended either way (e.g. to delete an upload).
    """

    def decorate(func: Callable[..., T]) -> Task[Any, T]:
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT, 1))
            run_id = kwargs.get(RUN)
            if run_id:
                current = TaskRun.objects.filter(pk=run_id).values_list("status", flat=True)
                if current.first() in (TaskRunStatus.DONE, TaskRunStatus.FAILED, None):
                    return None  # already ended (a duplicate attempt): do nothing twice
                _run_update(
                    run_id,
                    status=TaskRunStatus.RUNNING,
                    attempts=attempt,
                    task_id=str(context.task_result.id),
                )
            try:
                result = func(*args, **kwargs)
            except Exception as error:
                final = retry.final(attempt, error)
                backend = context.task_result.task.get_backend()
                if not final and backend.supports_defer:
                    next_id = _attempt_enqueue(
                        context.task_result.task, args, kwargs, attempt + 1, retry.delay(attempt)
                    )
                    _run_update(
                        run_id, status=TaskRunStatus.RETRYING, error=_error_text(error),
                        task_id=next_id,
                    )  # fmt: skip
                    logger.warning(
                        "task %s attempt %d failed, retry %s in %s",
                        func.__qualname__, attempt, next_id, retry.delay(attempt),
                    )  # fmt: skip
                else:
                    _run_update(
                        run_id, status=TaskRunStatus.FAILED, error=_error_text(error),
                        finished_at=timezone.now(),
                    )  # fmt: skip
                    _final(on_final, kwargs)
                raise TaskFailed(_error_text(error)).with_traceback(error.__traceback__) from None
            _run_update(
                run_id, status=TaskRunStatus.DONE, report=result, error="",
                finished_at=timezone.now(),
            )  # fmt: skip
            _final(on_final, kwargs)
            return result

        # The task is found again by its module path: the wrapper takes the function's names
        # (not ``functools.wraps``: the queue reads the wrapper's own signature for context).
        run.__module__ = func.__module__
        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        run.retry_policy = retry  # type: ignore[attr-defined]
        run.on_final = on_final  # type: ignore[attr-defined]
        return task(takes_context=True, priority=priority)(run)

    return decorate


def enqueue_on_commit(task_: Task[Any, Any], /, **kwargs: Any) -> None:
    """Schedule ``task_(**kwargs)`` to run once the caller's transaction commits.

    With the database queue the task row is written now, inside the transaction: it commits
    with the change or rolls back with it, and the worker sees it exactly at the commit.
    Any other backend is enqueued by ``transaction.on_commit``.
    """
    if isinstance(task_.get_backend(), DatabaseBackend):
        task_.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_.enqueue(**kwargs))


# --- runs people follow -----------------------------------------------------------------


@transaction.atomic
def task_run_start(
    *,
    kind: str,
    task_: Task[Any, Any],
    params: dict[str, Any],
    by: Actor | None = None,
    label: str = "",
) -> TaskRun:
    """Create a ``TaskRun`` and enqueue its task in one transaction (both or neither)."""
    run = TaskRun.objects.create(
        kind=kind, label=label[:255], started_by=account(by), params=params
    )
    result = task_.enqueue(**params, **{RUN: str(run.pk)})
    run.task_id = str(result.id)
    run.save(update_fields=["task_id"])
    return run


def task_run_get(*, by: Actor, run_id: uuid.UUID | str, kind: str) -> TaskRun:
    """A run of ``kind`` for the account that started it, or an administrator; anyone else
    (and an unknown id) gets the same :class:`NotFound`."""
    run = TaskRun.objects.filter(pk=run_id, kind=kind).first()
    user = account(by)
    if run is None or not (
        is_administrator(by) or (user is not None and run.started_by_id == user.pk)
    ):
        raise NotFound(_("未找到该后台任务"))
    return run


# --- uploads -------------------------------------------------------------------------------


def uploads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_store(upload: UploadedFile[bytes], *, suffix: str) -> str:
    """Copy an upload into ``BASHU_DATA_DIR/uploads`` (owner-only: it holds personal data);
    its stored name, for the task that reads it."""
    name = f"{uuid.uuid4().hex}{suffix}"
    path = uploads_dir() / name
    with path.open("xb") as out:
        path.chmod(0o600)
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def upload_path(name: str) -> Path:
    """The stored upload ``name`` (a bare file name; anything else is refused)."""
    if not name or Path(name).name != name or name.startswith("."):
        raise ValueError("not an upload name")
    return uploads_dir() / name


def upload_delete(name: str) -> None:
    upload_path(name).unlink(missing_ok=True)


# --- the worker's housekeeping: heartbeat, lost attempts, the schedule ----------------------


def _heartbeat_key(worker_id: str) -> str:
    return f"bashu:worker:{worker_id}"


def worker_heartbeat(worker_id: str) -> None:
    caches["default"].set(_heartbeat_key(worker_id), timezone.now().isoformat(), HEARTBEAT_TTL)


def worker_alive(worker_id: str) -> bool:
    return caches["default"].get(_heartbeat_key(worker_id)) is not None


def _lost(result: DBTaskResult[..., Any], now: dt.datetime) -> bool:
    worker = result.worker_ids[-1] if result.worker_ids else ""
    if worker.startswith(WORKER_PREFIX):
        return not worker_alive(worker)
    return result.started_at is None or result.started_at < now - FOREIGN_WORKER_LEASE


def tasks_recover(*, now: dt.datetime | None = None) -> int:
    """Attempts left RUNNING by a worker that is gone: record each FAILED (``WorkerLost``)
    and enqueue the next attempt at once, if its policy has one left. Returns how many."""
    now = now or timezone.now()
    recovered = 0
    for candidate in DBTaskResult.objects.running().order_by():
        if not _lost(candidate, now):
            continue
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=candidate.pk, status="RUNNING")
                .first()
            )
            if result is None:
                continue
            error = WorkerLost(_("执行该任务的后台进程已停止"))
            result.set_failed(error)
            recovered += 1
            kwargs = dict(result.args_kwargs.get("kwargs") or {})
            attempt = int(kwargs.pop(ATTEMPT, 1))
            run_id = kwargs.get(RUN)
            try:
                task_: Any = result.task
            except (ImportError, SuspiciousOperation):
                _run_update(run_id, status=TaskRunStatus.FAILED, error=_error_text(error))
                continue
            policy = _retry_policy(task_)
            if policy is not None and not policy.final(attempt, error):
                next_id = _attempt_enqueue(
                    task_, result.args_kwargs.get("args") or [], kwargs, attempt + 1,
                    dt.timedelta(0),
                )  # fmt: skip
                _run_update(
                    run_id, status=TaskRunStatus.RETRYING, error=_error_text(error),
                    task_id=next_id,
                )  # fmt: skip
            else:
                _run_update(
                    run_id, status=TaskRunStatus.FAILED, error=_error_text(error),
                    finished_at=now,
                )  # fmt: skip
                _final(getattr(task_.func, "on_final", None), kwargs)
            logger.warning("task %s (%s) lost with its worker", result.task_path, result.pk)
    return recovered


def _schedule_kind(name: str) -> str:
    return f"schedule.{name}"


@background(retry=RetryPolicy(attempts=3, first_delay=60.0))
def command_run(*, run_id: str, name: str) -> dict[str, Any]:
    """Run one command of ``settings.BASHU_SCHEDULE`` (and only those); its last output."""
    if name not in settings.BASHU_SCHEDULE:
        raise ValueError(f"{name} is not a scheduled command")
    out = io.StringIO()
    call_command(name, stdout=out, stderr=out)
    return {"output": mask_text(out.getvalue()[-2000:])}


def schedule_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic command that is due: none of its runs waits or runs, and the
    last one was enqueued at least its interval ago (an interval in seconds), or before
    today's time of day ("02:00": once a day, from then). Returns the names enqueued.

    State is the ``TaskRun`` rows themselves, so a restart neither skips nor repeats a run
    and two schedulers at once enqueue at most one extra, harmless run (each command is
    idempotent)."""
    now = now or timezone.now()
    known = get_commands()
    enqueued = []
    for name, every in settings.BASHU_SCHEDULE.items():
        if name not in known:
            continue
        if isinstance(every, str):  # daily at "HH:MM", local time: due from then until done
            hour, minute = (int(part) for part in every.split(":"))
            local = timezone.localtime(now)
            since = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if local < since:
                continue
        else:
            since = now - dt.timedelta(seconds=every)
        last = TaskRun.objects.filter(kind=_schedule_kind(name)).order_by("-created_at").first()
        if last is not None and (not last.finished or last.created_at > since):
            continue
        task_run_start(
            kind=_schedule_kind(name), task_=command_run, params={"name": name}, label=name
        )
        enqueued.append(name)
    return enqueued
