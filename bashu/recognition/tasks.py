"""Background imports of issuers' registers (证书名册后台导入), ADR 0010.

A register larger than ``settings.BASHU_IMPORT_INLINE_MAX_BYTES`` is not read inside the
request: it is stored in ``BASHU_DATA_DIR/uploads`` (owner-only), a ``TaskRun`` is created
with its task in one transaction, and the answer is 202 with the run's id. The worker runs
the same importer as the inline path (``imports.credentials_import``), committing rows
``CHECKPOINT_ROWS`` at a time (or every ``CHECKPOINT_SECONDS``) with its progress, the last
line done and the report so far, saved in the same transaction (issue 11). A retried attempt
(after an error or a lost worker) resumes after the last line saved: the rows of the batch
it lost were lost with their checkpoint, so they are read again and counted once, and the
counts of a killed and resumed run are those of a clean run. The closing audit row is
written with the final checkpoint (``finished``), so a run lost after it resumes to nothing.
The stored file is deleted once the run has ended, done or failed.
"""

from __future__ import annotations

import zipfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from bashu.core.errors import BashuError, Forbidden
from bashu.core.models import TaskRun, TaskRunStatus
from bashu.core.permissions import Actor, require_officer
from bashu.core.tabular import FileRefused, ImportReport, rows_read
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
#: Rows are committed, with the progress, this many at a time (and at least every few
#: seconds, which is also the run's heartbeat).
CHECKPOINT_ROWS = 100
CHECKPOINT_SECONDS = 2.0


#: An xlsx is measured by what it unpacks to; its sheet's XML is about this many times the
#: CSV of the same rows.
XLSX_PER_CSV_BYTE = 8


def import_inline(upload: UploadedFile[bytes], *, suffix: str) -> bool:
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
    *, by: Actor, upload: UploadedFile[bytes], kind: str, suffix: str, source_name: str
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


def _report_resumed(saved: dict[str, Any]) -> ImportReport:
    """The report of the attempts before this one, as they saved it (empty at first)."""
    return ImportReport.from_dict(saved, outcomes=imports.OUTCOMES)


class _Progress:
    """How far the import got: the last line finished, rows done, the report so far. It is
    the importer's checkpoint: called inside the transaction of the rows it counts."""

    def __init__(self, run_id: str, saved: dict[str, Any]):
        self.run_id = run_id
        self.report = _report_resumed(saved)
        self.line = int(saved.get("line", 0))
        self.rows_done = int(saved.get("rows_done", 0))
        self.finished = bool(saved.get("finished", False))

    def state(self) -> dict[str, Any]:
        state = {"line": self.line, "rows_done": self.rows_done, **self.report.as_dict()}
        return {**state, "finished": True} if self.finished else state

    def __call__(self, *, line: int, rows: int, finished: bool) -> None:
        self.line, self.rows_done, self.finished = line, self.rows_done + rows, finished
        task_run_progress(self.run_id, self.state())


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
    if progress.finished:  # a previous attempt committed every row and the audit row
        return progress.state()
    rows = rows_read(upload_path(upload), suffix=suffix, aliases=imports.ALIASES)
    try:
        imports.credentials_import(
            rows,
            kind=kind,
            by=run.started_by,
            source_name=source_name,
            report=progress.report,
            after=progress.line,
            batch=CHECKPOINT_ROWS,
            batch_seconds=CHECKPOINT_SECONDS,
            checkpoint=progress,
        )
    except FileRefused as exc:
        refusal = {"field": "file", "rule": exc.rule, "message": exc.message}
        task_run_progress(run_id, {**progress.state(), "file_refused": refusal})
        raise
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
