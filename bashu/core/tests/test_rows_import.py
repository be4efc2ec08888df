"""The one row importer (rows_import) and its report (ImportReport): outcomes, rejections
without cell content, a refused row writes nothing, checkpoints in the rows' transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bashu.core.audit import audit_record
from bashu.core.errors import FieldError, InvalidInput
from bashu.core.models import AuditEntry
from bashu.core.permissions import SYSTEM
from bashu.core.tabular import ERROR, ImportReport, rows_import


def test_a_report_counts_the_outcomes_it_declares_in_order() -> None:
    report = ImportReport(outcomes=("created", "updated", "revoked", "unchanged"))
    for outcome in ("created", "created", "revoked", "unchanged"):
        report.add(outcome)
    report.reject(7, [{"field": "name", "rule": "required", "message": "张三"}])
    report.warn(8, [{"field": "education", "rule": "education_name", "from": "本科", "to": "b"}])
    report.warn(9, [])  # no normalisation, no warning
    assert list(report.as_dict()) == [
        "created",
        "updated",
        "revoked",
        "unchanged",
        "rejected",
        "rejected_count",
        "rejected_rules",
        "warned",
        "warned_count",
        "warning_rules",
    ]
    assert report.warned == [
        {
            "line": 8,
            "warnings": [
                {"field": "education", "rule": "education_name", "from": "本科", "to": "b"}
            ],
        }
    ]
    assert (report.warned_count, report.warning_rules) == (1, {"education_name": 1})
    assert (report.loaded, report.rows) == (4, 5)
    assert "张三" not in str(report.as_dict())
    again = ImportReport.from_dict(report.as_dict(), outcomes=report.outcomes)
    assert again.as_dict() == report.as_dict()


def test_a_report_refuses_an_outcome_it_does_not_declare() -> None:
    report = ImportReport()
    assert list(report.counts()) == ["created", "updated", "unchanged"]
    with pytest.raises(ValueError):
        report.add("revoked")
    with pytest.raises(ValueError):
        ImportReport(outcomes=("deleted",))


@pytest.mark.django_db
def test_a_refused_row_writes_nothing_and_the_others_go_in() -> None:
    def load(row: dict[str, Any]) -> str:
        audit_record(actor=SYSTEM, action="test.row", target_id=row["id"])
        if row["id"] == "2":
            raise InvalidInput([FieldError("id", "taken", "no")])
        return "created"

    rows = [(2, {"id": "1"}), (3, {"id": "2"}), (4, {ERROR: {"field": "line", "rule": "json"}})]
    report = rows_import(rows, load, report=ImportReport())
    assert (report.created, report.rejected_count) == (1, 2)
    assert report.rejected == [
        {"line": 3, "errors": [{"field": "id", "rule": "taken"}]},
        {"line": 4, "errors": [{"field": "line", "rule": "json"}]},
    ]
    assert list(
        AuditEntry.objects.filter(action="test.row").values_list("target_id", flat=True)
    ) == ["1"]


@pytest.mark.django_db
def test_checkpoints_come_per_batch_inside_its_transaction_and_a_resume_skips() -> None:
    saved: list[tuple[int, int, bool]] = []
    depth: list[bool] = []

    def checkpoint(*, line: int, rows: int, finished: bool) -> None:
        depth.append(connection.in_atomic_block)
        saved.append((line, rows, finished))

    rows = [(n, {"n": n}) for n in range(2, 10)]
    report = rows_import(
        rows, lambda row: "created", report=ImportReport(), after=3, batch=2, checkpoint=checkpoint
    )
    assert report.created == 6  # lines 4..9
    assert saved == [(5, 2, False), (7, 2, False), (9, 2, False), (9, 0, True)]
    assert all(depth)


@pytest.mark.django_db(transaction=True)
def test_a_batch_lost_mid_way_loses_its_rows_and_its_checkpoint_together() -> None:
    saved: list[int] = []

    def load(row: dict[str, Any]) -> str:
        if row["n"] == 5:
            raise RuntimeError("killed")
        audit_record(actor=SYSTEM, action="test.row", target_id=row["n"])
        return "created"

    def checkpoint(*, line: int, rows: int, finished: bool) -> None:
        saved.append(line)

    rows = [(n, {"n": n}) for n in range(2, 8)]
    with pytest.raises(RuntimeError):
        rows_import(rows, load, report=ImportReport(), batch=2, checkpoint=checkpoint)
    # lines 2-3 committed with their checkpoint; line 4 went with the batch that died
    assert saved == [3]
    assert sorted(
        AuditEntry.objects.filter(action="test.row").values_list("target_id", flat=True)
    ) == ["2", "3"]
