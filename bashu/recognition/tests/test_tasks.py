"""Large registers are imported by the background worker: 202, a status URL with progress,
then the report; a retried or recovered attempt resumes and writes nothing twice."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from bashu.core.models import TaskRun
from bashu.core.permissions import SYSTEM
from bashu.core.tabular import rows_read
from bashu.core.tasks import tasks_recover
from bashu.core.tests.queue import drain, pending
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.imports import ALIASES, credentials_import
from bashu.recognition.models import ProfessionalTitle
from conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "证书编号,姓名,公民身份号码,系列,层级,专业,发证区划,评审委员会,取得日期,状态,撤销原因\n"


@pytest.fixture(autouse=True)
def _everything_is_large(settings):  # type: ignore[no-untyped-def]
    """Every upload goes to the worker (the inline limit is 64 KiB; these files are small)."""
    settings.BASHU_IMPORT_INLINE_MAX_BYTES = 16


@pytest.fixture
def register():  # type: ignore[no-untyped-def]
    holders = [PersonFactory(area="511002", name=n) for n in ("刘建国", "王芳", "陈静", "张伟")]
    lines = [
        f"NJ-{i},{p.name},{p.resident_id},工程技术人员,中级,机械,511000,内江市评委会,2021-06-01,,"
        for i, p in enumerate(holders, start=1)
    ]
    lines.insert(
        2, f"NJ-X,{holders[0].name},{holders[0].resident_id},不存在系列,中级,,511000,,2021-06-01,,"
    )
    return holders, (HEADER + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def neijiang(make_account):  # type: ignore[no-untyped-def]
    return make_account("cw_neijiang", "caseworker", "511000")


def upload(user, content: bytes, name: str = "内江职称.csv"):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        "/api/v1/recognition/imports?kind=title", {"file": SimpleUploadedFile(name, content)}
    )


def uploads(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(settings.DATA_DIR) / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_large_register_is_imported_by_the_worker_with_a_status_url(
    register, neijiang, make_account, settings
) -> None:  # type: ignore[no-untyped-def]
    holders, content = register
    # When a caseworker uploads a register over the inline limit
    response = upload(neijiang, content)
    # Then the answer is 202 with the run's id and where to follow it; nothing imported yet
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["status"] == "queued"
    assert queued["status_url"] == f"/api/v1/recognition/imports/{queued['id']}"
    assert queued["page_url"] == f"/recognition/import/{queued['id']}/"
    assert ProfessionalTitle.objects.count() == 0
    (stored,) = uploads(settings)
    assert stored.read_bytes() == content and stored.stat().st_mode & 0o077 == 0
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert (status["status"], status["rows_done"], status["report"]) == ("queued", 0, None)
    # When the worker has run
    drain()
    # Then the status reports every row and the report, and the stored file is gone
    response = client_for(neijiang).get(queued["status_url"])
    status = response.json()
    assert status["status"] == "done" and status["finished"] and status["attempts"] == 1
    assert (status["rows_done"], status["rows_rejected"]) == (5, 1)
    report = status["report"]
    assert (report["created"], report["rejected_count"]) == (4, 1)
    assert report["rejected"] == [
        {"line": 4, "errors": [{"field": "series", "rule": "unknown_series"}]}
    ]
    assert ProfessionalTitle.objects.count() == 4
    assert uploads(settings) == []
    assert all(p.resident_id not in response.content.decode() for p in holders)
    # Only its caseworker (or an administrator) sees it; the same 404 for a stranger
    other = make_account("cw_chengdu", "caseworker", "510100")
    assert client_for(other).get(queued["status_url"]).status_code == 404
    assert client_for(other).get(f"/api/v1/recognition/imports/{uuid.uuid4()}").status_code == 404
    assert client_for(None).get(queued["status_url"]).status_code == 401
    admin = make_account("admin_user", "administrator")
    assert client_for(admin).get(queued["status_url"]).json()["status"] == "done"


def test_an_attempt_lost_mid_import_resumes_after_its_last_saved_line(register, neijiang) -> None:  # type: ignore[no-untyped-def]
    _holders, content = register
    queued = upload(neijiang, content).json()
    run = TaskRun.objects.get(pk=queued["id"])
    # Given a first attempt that imported lines 2 and 3, saved its progress, and was killed:
    first_two = [(line, row) for line, row in rows_read_bytes(content) if line <= 3]
    done = credentials_import(first_two, kind="title", by=neijiang)
    assert done.created == 2
    TaskRun.objects.filter(pk=run.pk).update(
        status="running", attempts=1, progress={"line": 3, "rows_done": 2, **done.as_dict()}
    )
    DBTaskResult.objects.get(pk=run.task_id).claim("bashu-killed")
    # When the housekeeping finds the attempt lost and the worker runs the next one
    assert tasks_recover() == 1
    drain()
    # Then the import resumed after line 3: every row once, the counts of both attempts
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert status["status"] == "done" and status["attempts"] == 2
    assert status["rows_done"] == 5
    assert (status["report"]["created"], status["report"]["unchanged"]) == (4, 0)
    assert status["report"]["rejected_count"] == 1
    assert sorted(ProfessionalTitle.objects.values_list("certificate_number", flat=True)) == [
        "NJ-1", "NJ-2", "NJ-3", "NJ-4",
    ]  # fmt: skip


def test_a_retry_from_the_first_line_writes_nothing_twice(register, neijiang) -> None:  # type: ignore[no-untyped-def]
    """Lines after the last saved one are read again: the importer makes that harmless."""
    _holders, content = register
    credentials_import(list(rows_read_bytes(content)), kind="title", by=SYSTEM)  # all committed
    queued = upload(neijiang, content).json()  # an attempt that saved no progress
    drain()
    report = client_for(neijiang).get(queued["status_url"]).json()["report"]
    assert (report["created"], report["unchanged"], report["rejected_count"]) == (0, 4, 1)
    assert ProfessionalTitle.objects.count() == 4


def test_a_file_refused_whole_fails_the_run_at_once_with_its_rule(neijiang, settings) -> None:  # type: ignore[no-untyped-def]
    queued = upload(neijiang, (HEADER + "NJ-1,刘建国\n").encode("gb18030")).json()
    drain()
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert status["status"] == "failed" and status["attempts"] == 1
    assert [(e["field"], e["rule"]) for e in status["errors"]] == [("file", "encoding")]
    assert "FileRefused" in status["error"]
    assert pending() == 0  # not retried: the same file would be refused again
    assert uploads(settings) == []


def test_only_caseworkers_start_an_import_and_nothing_is_stored_otherwise(
    register, make_account, settings
) -> None:  # type: ignore[no-untyped-def]
    _holders, content = register
    employer = make_account("boss", "employer")
    assert upload(employer, content).status_code == 403
    assert uploads(settings) == [] and TaskRun.objects.count() == 0 and pending() == 0


def test_the_page_follows_a_background_import_to_its_report(register, neijiang) -> None:  # type: ignore[no-untyped-def]
    _holders, content = register
    client = client_for(neijiang)
    response = client.post(
        "/recognition/import/",
        {"kind": "title", "file": SimpleUploadedFile("内江职称.csv", content)},
    )
    assert response.status_code == 302
    run = TaskRun.objects.get()
    assert response["Location"] == f"/recognition/import/{run.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in waiting and 'hx-trigger="every 2s"' in waiting
    drain()
    done = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in done and "hx-trigger" not in done
    assert 'id="import-report"' in done and 'id="rows-done">5<' in done


def rows_read_bytes(content: bytes):  # type: ignore[no-untyped-def]
    import io

    return rows_read(io.BytesIO(content), suffix=".csv", aliases=ALIASES)


def test_a_small_xlsx_holding_a_large_sheet_goes_to_the_worker(neijiang, settings) -> None:  # type: ignore[no-untyped-def]
    """An xlsx is measured by what it unpacks to: 57 KB of zip holding 2,000 rows, 850 KB."""
    import io

    from openpyxl import Workbook

    settings.BASHU_IMPORT_INLINE_MAX_BYTES = 64 * 1024
    book = Workbook()
    sheet = book.active
    sheet.append(["证书编号", "姓名", "公民身份号码", "系列", "层级", "发证区划", "取得日期"])
    for i in range(2000):
        sheet.append(
            [
                f"NJ-{i}",
                "某人",
                "510104199001011234",
                "工程技术人员",
                "中级",
                "511000",
                "2021-06-01",
            ]
        )
    content = io.BytesIO()
    book.save(content)
    assert len(content.getvalue()) < settings.BASHU_IMPORT_INLINE_MAX_BYTES
    response = upload(neijiang, content.getvalue(), name="register.xlsx")
    assert response.status_code == 202, response.content


@pytest.fixture
def long_register():  # type: ignore[no-untyped-def]
    """Twelve good rows and one refused (line 6), checkpointed every three rows."""
    holders = [PersonFactory(area="511002") for _ in range(12)]
    lines = [
        f"NJ-{i},{p.name},{p.resident_id},工程技术人员,中级,机械,511000,内江市评委会,2021-06-01,,"
        for i, p in enumerate(holders, start=1)
    ]
    lines.insert(
        4, f"NJ-X,{holders[0].name},{holders[0].resident_id},不存在系列,中级,,511000,,2021-06-01,,"
    )
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


NEVER = 10**6


class WorkerKilled(Exception):
    """Stands for the worker process dying between two rows."""


def _killed_after(line: int, monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The first attempt's reader dies when asked for the row after ``line``; later attempts
    read the whole file. Returns the lines each attempt was given."""
    from bashu.recognition import tasks

    real = tasks.rows_read
    given: list[int] = []
    attempts = {"n": 0}

    def reader(*args, **kwargs):  # type: ignore[no-untyped-def]
        attempts["n"] += 1
        first = attempts["n"] == 1
        for number, row in real(*args, **kwargs):
            if first and number > line:
                raise WorkerKilled(number)
            given.append(number)
            yield number, row
        if first and line < NEVER:  # dies asking for a row after the last one
            raise WorkerKilled("end of file")

    monkeypatch.setattr(tasks, "rows_read", reader)
    monkeypatch.setattr(tasks, "CHECKPOINT_ROWS", 3)
    monkeypatch.setattr(tasks, "CHECKPOINT_SECONDS", 3600.0)
    return given


@pytest.mark.parametrize("killed_after", [2, 4, 5, 7, 10, 14])
def test_a_worker_killed_between_rows_resumes_to_the_counts_of_a_clean_run(
    long_register, neijiang, monkeypatch, killed_after: int
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: progress is saved in the transaction of the rows it counts, so a run killed
    anywhere (mid-batch, at a checkpoint, after the last row) and resumed counts every row
    once, as a clean run does, and leaves no row twice or half written."""
    from django.utils import timezone

    from bashu.core.models import AuditEntry

    _killed_after(killed_after, monkeypatch)
    # Given a background import whose first attempt dies after line ``killed_after``
    queued = upload(neijiang, long_register).json()
    drain()
    run = TaskRun.objects.get(pk=queued["id"])
    assert run.status == "retrying" and run.attempts == 1, (run.status, run.error)
    saved = run.progress or {}
    # Then what it saved matches what it committed: rows up to its line, nothing after
    committed = ProfessionalTitle.objects.count()
    assert saved.get("created", 0) == committed
    assert saved.get("line", 0) <= killed_after
    # When the retry runs
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    drain()
    # Then the report is a clean run's: 12 created, line 6 refused, 13 rows, one audit row
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert status["status"] == "done" and status["attempts"] == 2
    report = status["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (12, 0, 0)
    assert (report["rejected_count"], [r["line"] for r in report["rejected"]]) == (1, [6])
    assert status["rows_done"] == 13
    assert sorted(ProfessionalTitle.objects.values_list("certificate_number", flat=True)) == sorted(
        f"NJ-{i}" for i in range(1, 13)
    )
    (audit,) = AuditEntry.objects.filter(action="credential.import")
    assert (audit.detail["created"], audit.detail["rejected"]) == (12, 1)


def test_a_clean_run_commits_in_batches_with_its_checkpoint(
    long_register, neijiang, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    given = _killed_after(NEVER, monkeypatch)
    saves: list[tuple[int, int, bool]] = []
    from bashu.recognition import tasks

    real_progress = tasks.task_run_progress

    def progress(run_id, state):  # type: ignore[no-untyped-def]
        from django.db import connection

        assert connection.in_atomic_block  # saved inside the rows' transaction
        saves.append((state["line"], state["rows_done"], bool(state.get("finished"))))
        real_progress(run_id, state)

    monkeypatch.setattr(tasks, "task_run_progress", progress)
    queued = upload(neijiang, long_register).json()
    drain()
    assert given == list(range(2, 15))
    assert saves == [
        (4, 3, False),
        (7, 6, False),
        (10, 9, False),
        (13, 12, False),
        (14, 13, False),
        (14, 13, True),
    ]
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert (status["status"], status["report"]["created"]) == ("done", 12)


def test_a_run_lost_after_its_final_checkpoint_resumes_to_nothing(register, neijiang) -> None:  # type: ignore[no-untyped-def]
    _holders, content = register
    queued = upload(neijiang, content).json()
    run = TaskRun.objects.get(pk=queued["id"])
    state = {"line": 6, "rows_done": 5, "created": 4, "rejected_count": 1, "finished": True}
    TaskRun.objects.filter(pk=run.pk).update(status="running", attempts=1, progress=state)
    DBTaskResult.objects.get(pk=run.task_id).claim("bashu-killed")
    assert tasks_recover() == 1
    drain()
    status = client_for(neijiang).get(queued["status_url"]).json()
    assert status["status"] == "done" and status["report"]["created"] == 4
    assert ProfessionalTitle.objects.count() == 0  # nothing read again
