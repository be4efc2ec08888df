"""The hash-chained audit log: append-only, and any alteration or loss is found."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from bashu.core.audit import audit_record, audit_verify
from bashu.core.models import AuditEntry, Role
from conftest import requires_postgresql

pytestmark = pytest.mark.django_db


def _write(n: int, actor=None) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        audit_record(
            actor=actor, action="test.act", target_type="thing", target_id=i, purpose="test"
        )


def _raw(sql: str, params: list | None = None) -> None:
    """Change the table behind the application's back, as an intruder with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def test_entry_records_who_role_region_what_why(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    entry = audit_record(
        actor=chengdu_caseworker,
        action="person.reveal",
        target_type="person",
        target_id=7,
        purpose="核查",
    )
    assert (entry.actor_username, entry.role, entry.region_code) == (
        "cw_chengdu",
        Role.CASEWORKER,
        "510100",
    )
    assert (entry.action, entry.target_type, entry.target_id, entry.purpose) == (
        "person.reveal",
        "person",
        "7",
        "核查",
    )
    assert entry.at is not None and len(entry.hash) == 64


def test_intact_chain_verifies() -> None:
    _write(5)
    checked, broken = audit_verify()
    assert broken is None and checked == AuditEntry.objects.count()


def test_entries_cannot_be_changed_or_deleted_through_the_application() -> None:
    _write(1)
    entry = AuditEntry.objects.last()
    assert entry is not None
    entry.purpose = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@requires_postgresql
def test_postgresql_refuses_updates_and_deletes() -> None:
    _write(1)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET purpose = 'x'")


def test_altered_row_is_reported_at_its_position() -> None:
    _write(5)
    target = AuditEntry.objects.order_by("seq")[2]
    _raw("UPDATE core_auditentry SET purpose = %s WHERE id = %s", ["tampered", target.pk])
    _checked, broken = audit_verify()
    assert broken is not None and broken.seq == target.seq and "记录被改动" in broken.problem


def test_deleted_row_is_reported_as_missing() -> None:
    _write(5)
    target = AuditEntry.objects.order_by("seq")[1]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [target.pk])
    _checked, broken = audit_verify()
    assert broken is not None and broken.seq == target.seq and "缺失" in broken.problem


def test_truncated_tail_is_reported() -> None:
    _write(4)
    last = AuditEntry.objects.order_by("seq").last()
    assert last is not None
    _raw("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    _checked, broken = audit_verify()
    assert broken is not None and broken.seq == last.seq and "链尾记录" in broken.problem


def test_command_exits_non_zero_on_a_break() -> None:
    _write(3)
    call_command("audit_verify")  # intact: no error
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    _raw("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match="#1"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_concurrent_writers_extend_one_chain() -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            _write(10)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken = audit_verify()
    assert broken is None and checked == 40
