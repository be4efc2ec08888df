"""Background imports of issuers' registers (证书名册后台导入), ADR 0010.

A register larger than ``settings.BASHU_IMPORT_INLINE_MAX_BYTES`` is not read inside the
request: it is stored in ``BASHU_DATA_DIR/uploads`` (owner-only), a ``TaskRun`` is created
with its task in one transaction, and the answer is 202 with the run's id. The worker runs
the same importer as the inline path (``imports.credentials_import``), saving its progress
every ``CHECKPOINT_ROWS`` rows: the last line done and the report so far. A retried
attempt (after an error or a lost worker) resumes after the last line saved; rows between
that line and the failure are read again, which the importer makes harmless (a row already
in is ``unchanged``). The stored file is deleted once the run has ended, done or failed.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from bashu.core.errors import BashuError, Forbidden
from bashu.core.models import TaskRun, TaskRunStatus
from bashu.core.permissions import Actor, require_officer
from bashu.core.tabular import FileRefused, rows_read
from bashu.core.tasks import (
    RetryPolicy,
    background,
    task_run_get,
    task_run_progress,
    task_run_start,
    upload_delete,
    upload_path,
    upload_store,
)
from bashu.recognition import imports

IMPORT_KIND = "recognition.import"
#: Progress is saved after this many rows (and at least every few seconds).
CHECKPOINT_ROWS = 100
CHECKPOINT_SECONDS = 2.0
_COUNTS = ("created", "updated", "revoked", "unchanged")


#: An xlsx is measured by what it unpacks to; its sheet's XML is about this many times the
#: CSV of the same rows.
XLSX_PER_CSV_BYTE = 8


def import_inline(upload: UploadedFile, *, suffix: str) -> bool:
    """Small registers are imported inside the request: the answer comes at once.

    Small is ``BASHU_IMPORT_INLINE_MAX_BYTES`` of CSV or JSON Lines, or an xlsx that unpacks
    to at most ``XLSX_PER_CSV_BYTE`` times that (its zip directory says, without unpacking):
    a few kilobytes of xlsx may hold a sheet of many thousand rows. A file that is not a zip
    at all is refused at once, inline."""
    limit = settings.BASHU_IMPORT_INLINE_MAX_BYTES
    if suffix != ".xlsx":
        return (upload.size or 0) <= limit
    try:
        with zipfile.ZipFile(upload.open("rb")) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True
    finally:
        upload.seek(0)
    return unpacked <= XLSX_PER_CSV_BYTE * limit


def credentials_import_start(
    *, by: Actor, upload: UploadedFile, kind: str, suffix: str, source_name: str
) -> TaskRun:
    """Store ``upload`` and enqueue its import by ``by`` (refused before anything is stored
    when ``by`` may not import)."""
    require_officer(by, what=_("导入发证机构的证书登记"))
    if kind not in imports.KINDS:
        raise ValueError(kind)
    stored = upload_store(upload, suffix=suffix)
    try:
        return task_run_start(
            kind=IMPORT_KIND,
            task_=credentials_import_run,
            params={
                "upload": stored,
                "suffix": suffix,
                "kind": kind,
                "source_name": source_name[:128],
            },
            by=by,
            label=f"{kind}: {source_name}",
        )
    except BaseException:
        upload_delete(stored)
        raise


def _upload_remove(*, upload: str, **rest: Any) -> None:
    upload_delete(upload)


def _report_resumed(saved: dict[str, Any]) -> imports.ImportReport:
    """The report of the attempts before this one, as they saved it (empty at first)."""
    return imports.ImportReport(
        **{name: int(saved.get(name, 0)) for name in _COUNTS},
        rejected=list(saved.get("rejected", [])),
        rejected_count=int(saved.get("rejected_count", 0)),
        rejected_rules=dict(saved.get("rejected_rules", {})),
    )


class _Progress:
    """How far the import got: the last line finished, rows done, the report so far."""

    def __init__(self, run_id: str, saved: dict[str, Any]):
        self.run_id = run_id
        self.report = _report_resumed(saved)
        self.line = int(saved.get("line", 0))
        self.rows_done = int(saved.get("rows_done", 0))
        self.since_save = 0
        self.saved_at = time.monotonic()

    def state(self) -> dict[str, Any]:
        return {"line": self.line, "rows_done": self.rows_done, **self.report.as_dict()}

    def row_done(self, line: int) -> None:
        self.line, self.rows_done, self.since_save = line, self.rows_done + 1, self.since_save + 1
        if self.since_save >= CHECKPOINT_ROWS or (
            time.monotonic() - self.saved_at >= CHECKPOINT_SECONDS
        ):
            self.save()

    def save(self) -> None:
        task_run_progress(self.run_id, self.state())
        self.since_save, self.saved_at = 0, time.monotonic()


def _watched(
    rows: Iterator[tuple[int, dict[str, Any]]], *, after: int, done: Callable[[int], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows after line ``after``; ``done(line)`` once the importer has finished that row
    (it asks for the next row only then, each row being its own transaction)."""
    for line, row in rows:
        if line <= after:
            continue
        yield line, row
        done(line)


@background(
    retry=RetryPolicy(attempts=3, first_delay=60.0, give_up_on=(BashuError, FileRefused)),
    on_final=_upload_remove,
)
def credentials_import_run(
    *, run_id: str, upload: str, suffix: str, kind: str, source_name: str
) -> dict[str, Any]:
    """Import a stored register for the caseworker who uploaded it (their rights as now).

    A file refused whole (unreadable, too many rows: ``FileRefused``) fails the run at once,
    with its rule, before any row is imported; nothing about it improves on a retry."""
    run = TaskRun.objects.select_related("started_by").get(pk=run_id)
    if run.started_by is None or not run.started_by.is_active:
        raise Forbidden(_("发起导入的账户已不存在或已停用"))
    progress = _Progress(run_id, run.progress or {})
    rows = rows_read(upload_path(upload), suffix=suffix, aliases=imports.ALIASES)
    try:
        imports.credentials_import(
            _watched(rows, after=progress.line, done=progress.row_done),
            kind=kind,
            by=run.started_by,
            source_name=source_name,
            report=progress.report,
        )
    except FileRefused as exc:
        refusal = {"field": "file", "rule": exc.rule, "message": exc.message}
        task_run_progress(run_id, {**progress.state(), "file_refused": refusal})
        raise
    progress.save()
    return progress.state()


def credentials_import_status(*, by: Actor, run_id: Any) -> dict[str, Any]:
    """What the status URL and page show of an import: progress, then the report or the
    error. Only for the caseworker who started it (or an administrator): anyone else, and
    an unknown id, get the same 404."""
    run = task_run_get(by=by, run_id=run_id, kind=IMPORT_KIND)
    done = run.status == TaskRunStatus.DONE
    state = (run.report if done else run.progress) or {}
    refusal = state.get("file_refused")
    return {
        "id": str(run.pk),
        "kind": run.params.get("kind", ""),
        "source_name": run.params.get("source_name", ""),
        "status": run.status,
        "finished": run.finished,
        "attempts": run.attempts,
        "rows_done": int(state.get("rows_done", 0)),
        "rows_rejected": int(state.get("rejected_count", 0)),
        "report": _report_resumed(state).as_dict() if done else None,
        "errors": [refusal] if refusal else [],
        "error": run.error
        if run.status in (TaskRunStatus.FAILED, TaskRunStatus.RETRYING)
        else None,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
    }
