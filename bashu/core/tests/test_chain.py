"""The one hash-chained log and its anchoring outside the database (ADR 0009), on the audit
chain: signed checkpoints in BASHU_DATA_DIR catch a rewrite by the database's owner even
with the trigger disabled and every hash recomputed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from pathlib import Path

import pytest
import rfc8785
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from bashu.core import chain as chain_module
from bashu.core.audit import AUDIT_CHAIN, audit_record, audit_report, audit_verify
from bashu.core.chain import (
    GENESIS_HASH,
    HashChain,
    canonical,
    chains,
    checkpoint_path,
    checkpoint_write,
    link_hash,
    node_key,
    node_key_path,
    node_public_key,
)
from bashu.core.models import AuditChainHead, AuditEntry
from conftest import requires_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """Every test keeps its node key and checkpoints apart. The peer (the exchange with the
    other province, declared by transfers) is tested with the exchange log."""
    settings.DATA_DIR = tmp_path
    chains()  # the apps' declarations are loaded once, then the peers are set aside
    monkeypatch.setattr(chain_module, "_peers", {})
    return tmp_path


def _write(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.act", target_type="thing", target_id=i)


def rechain(chain: HashChain, table: str, trigger: str, change) -> None:  # type: ignore[no-untyped-def,type-arg]
    """The attack: with the trigger off, ``change()`` rewrites rows behind the application's
    back, then every hash and the head are recomputed so the chain is consistent again."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        change()
        previous = GENESIS_HASH
        for entry in chain.entries.objects.order_by("seq"):
            new = link_hash(seq=entry.seq, prev_hash=previous, content=chain.content(entry))
            cursor.execute(
                f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [previous, new, entry.pk],
            )
            previous = new
        chain.head_model.objects.filter(pk=1).update(hash=previous)
        if postgresql:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def rewrite_audit(seq: int, **values) -> None:  # type: ignore[no-untyped-def]
    rechain(
        AUDIT_CHAIN,
        "core_auditentry",
        "core_auditentry_append_only",
        lambda: AuditEntry.objects.filter(seq=seq).update(**values),
    )


def test_canonical_json_is_jcs() -> None:
    value = {"b": 1.0, "a": "成都", "c": [True, None, 10**15]}
    assert (
        canonical(value)
        == rfc8785.dumps(value)
        == '{"a":"成都","b":1,"c":[true,null,1000000000000000]}'.encode()
    )


def test_audit_hashes_are_what_the_audit_log_always_hashed() -> None:
    """Chains written before the shared implementation still verify: same bytes, same hash."""
    _write(2)
    entry = AuditEntry.objects.get(seq=2)
    legacy = {
        "seq": entry.seq,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "actor_username": entry.actor_username,
        "role": entry.role,
        "region_code": entry.region_code,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "purpose": entry.purpose,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    text = json.dumps(legacy, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert entry.hash == hashlib.sha256(text.encode()).hexdigest()


def test_link_hash_refuses_content_that_names_its_own_position() -> None:
    with pytest.raises(ValueError, match="seq"):
        link_hash(seq=1, prev_hash=GENESIS_HASH, content={"seq": 2})


def test_both_chains_are_registered() -> None:
    assert list(chains()) == ["audit", "exchange"]


def test_node_key_is_created_once_private_and_outside_the_database(data_dir: Path) -> None:
    assert node_public_key() is None  # reading never creates it
    assert not node_key_path().exists()
    _write(1)
    checkpoint_write(AUDIT_CHAIN)
    path = node_key_path()
    assert path.parent.parent == data_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    public = node_public_key()
    checkpoint_write(AUDIT_CHAIN, force=True)
    assert node_public_key() == public


def test_checkpoint_is_a_signed_json_line_of_the_head() -> None:
    _write(3)
    checkpoint = checkpoint_write(AUDIT_CHAIN)
    assert checkpoint is not None and checkpoint.seq == 3
    lines = checkpoint_path("audit").read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    head = AuditChainHead.objects.get(pk=1)
    assert (record["chain"], record["seq"], record["hash"]) == ("audit", 3, head.hash)
    assert record["at"].endswith("+00:00") and record["key"] == node_public_key()
    assert len(record["signature"]) == 88


def test_no_checkpoint_when_nothing_was_appended_since_unless_forced() -> None:
    _write(1)
    assert checkpoint_write(AUDIT_CHAIN) is not None
    assert checkpoint_write(AUDIT_CHAIN) is None
    assert checkpoint_write(AUDIT_CHAIN, force=True) is not None
    _write(1)
    assert checkpoint_write(AUDIT_CHAIN) is not None
    assert len(checkpoint_path("audit").read_text().splitlines()) == 3


def test_intact_chain_matches_every_checkpoint() -> None:
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    _write(1)  # after the last checkpoint: fine
    report = audit_report()
    assert report.intact and report.checked == AuditEntry.objects.count()
    assert [c.seq for c in report.anchored] == [2, 4]


def test_rewrite_with_recomputed_chain_is_caught_by_the_checkpoint() -> None:
    _write(5)
    checkpoint_write(AUDIT_CHAIN)  # anchors #5
    _write(2)
    rewrite_audit(3, detail={"note": "rewritten"}, purpose="forged")
    # without an anchor the rewrite is invisible: every hash matches its content
    assert AUDIT_CHAIN.walk().broken is None
    checked, broken = audit_verify()
    assert broken is not None and broken.code == "checkpoint_mismatch"
    assert broken.seq == 5 and broken.checkpoint is not None and broken.checkpoint.seq == 5
    assert "audit.jsonl" in broken.problem and "1–5" in broken.problem
    assert checked == 4  # #1–#4 hold their links; #5 differs from what was signed


def test_rewrite_is_placed_between_the_checkpoints_around_it() -> None:
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    _write(3)
    checkpoint_write(AUDIT_CHAIN)
    rewrite_audit(4, purpose="forged")
    _checked, broken = audit_verify()
    assert broken is not None and broken.seq == 5 and "3–5" in broken.problem


def test_rewrite_after_the_last_checkpoint_is_not_detected() -> None:
    """The limit (ADR 0009): what was appended since the last checkpoint has no anchor yet."""
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    _write(2)
    rewrite_audit(4, purpose="forged")
    assert audit_verify() == (4, None)


def test_checkpoint_refuses_to_anchor_a_chain_rewritten_since_the_last_one() -> None:
    _write(3)
    call_command("chain_checkpoint", "--chain", "audit")
    _write(1)
    rewrite_audit(2, purpose="forged")
    with pytest.raises(CommandError, match="#4"):
        call_command("chain_checkpoint", "--chain", "audit")
    assert len(checkpoint_path("audit").read_text().splitlines()) == 1


def test_entries_deleted_below_a_checkpoint_are_reported() -> None:
    _write(4)
    checkpoint_write(AUDIT_CHAIN)

    def truncate() -> None:
        AuditEntry.objects.filter(seq__gt=2).delete()
        AuditChainHead.objects.filter(pk=1).update(seq=2)

    rechain(AUDIT_CHAIN, "core_auditentry", "core_auditentry_append_only", truncate)
    _checked, broken = audit_verify()
    assert broken is not None and broken.code == "checkpoint_beyond" and broken.seq == 3


def test_deleting_the_head_row_does_not_hide_the_entries() -> None:
    _write(2)
    rechain(
        AUDIT_CHAIN,
        "core_auditentry",
        "core_auditentry_append_only",
        lambda: AuditChainHead.objects.all().delete(),
    )
    _checked, broken = audit_verify()
    assert broken is not None and broken.code == "head_missing"


def _tamper(line: int, **changes) -> None:  # type: ignore[no-untyped-def]
    path = checkpoint_path("audit")
    lines = path.read_text().splitlines()
    record = json.loads(lines[line])
    record.update(changes)
    lines[line] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")


def test_tampered_checkpoint_is_reported() -> None:
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    _tamper(0, seq=1, hash=AuditEntry.objects.get(seq=1).hash)  # made to match, unsigned
    report = audit_report()
    assert report.broken is None and not report.anchored
    assert [r.code for r in report.refused] == ["bad_signature"]
    assert "audit.jsonl" in report.refused[0].source
    with pytest.raises(CommandError, match=r"audit\.jsonl"):
        call_command("audit_verify")
    with pytest.raises(CommandError, match=r"audit\.jsonl"):
        call_command("chain_checkpoint", "--chain", "audit")  # nor extended


def test_checkpoint_of_another_key_or_without_the_node_key_is_refused(data_dir: Path) -> None:
    _write(1)
    checkpoint_write(AUDIT_CHAIN)
    node_key_path().rename(data_dir / "elsewhere.pem")
    assert [r.code for r in audit_report().refused] == ["no_node_key"]
    with pytest.raises(CommandError, match=r"audit\.jsonl"):
        call_command("chain_checkpoint", "--chain", "audit")  # and no new key is made for it
    assert not node_key_path().exists()
    node_key()  # a new node key does not vouch for the old key's checkpoints
    assert [r.code for r in audit_report().refused] == ["unknown_key"]


def test_malformed_or_foreign_lines_are_refused() -> None:
    _write(1)
    checkpoint_write(AUDIT_CHAIN)
    path = checkpoint_path("audit")
    with path.open("a") as handle:
        handle.write("not json\n")
        handle.write(json.dumps({"chain": "audit", "seq": "1"}) + "\n")
    exchange_line = json.loads(path.read_text().splitlines()[0])
    exchange_line["chain"] = "exchange"
    with path.open("a") as handle:
        handle.write(json.dumps(exchange_line) + "\n")
    assert [r.code for r in audit_report().refused] == ["malformed", "malformed", "wrong_chain"]


def test_verify_command_names_the_checkpoint_and_exits_non_zero(capsys) -> None:  # type: ignore[no-untyped-def]
    _write(3)
    call_command("audit_verify")
    assert "chain_checkpoint" in capsys.readouterr().out  # not anchored yet: says so
    call_command("chain_checkpoint")
    call_command("audit_verify")
    assert "audit.jsonl" in capsys.readouterr().out
    rewrite_audit(1, action="forged")
    with pytest.raises(CommandError, match=r"#3.*audit\.jsonl"):
        call_command("audit_verify")


def test_verify_against_a_copy_of_the_checkpoints(data_dir: Path) -> None:
    _write(2)
    checkpoint_write(AUDIT_CHAIN)
    copy = data_dir / "from-the-peer.jsonl"
    copy.write_text(checkpoint_path("audit").read_text())
    checkpoint_path("audit").unlink()  # the owner removed the local file as well
    rewrite_audit(1, purpose="forged")
    assert audit_report().intact  # nothing left here to anchor the chain
    with pytest.raises(CommandError, match=r"from-the-peer\.jsonl"):
        call_command("audit_verify", "--checkpoints", str(copy))


@requires_postgresql
def test_postgresql_owner_rewrite_with_trigger_disabled_is_detected() -> None:
    """Issue 11: disable the trigger, rewrite a row's detail, recompute every hash and the
    head, enable the trigger again: ``audit_verify`` fails and names the checkpoint."""
    _write(4)
    call_command("chain_checkpoint", "--chain", "audit")
    rewrite_audit(2, detail={"fields": ["forged"]})
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET purpose = 'x'")  # the trigger is back
    assert AUDIT_CHAIN.walk().broken is None  # the chain alone says intact
    with pytest.raises(CommandError, match=r"#4.*检查点.*audit\.jsonl"):
        call_command("audit_verify")
