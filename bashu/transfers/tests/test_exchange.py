"""The exchange log on the shared hash chain: what is hashed, structured refusals, the
checkpoints sent to the peer province, and a rewrite by the database's owner caught by them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from bashu.core.audit import AUDIT_CHAIN, audit_report, audit_verify
from bashu.core.chain import NODE_KEY_FILE, checkpoint_path
from bashu.core.errors import InvalidInput
from bashu.core.models import AuditEntry
from bashu.core.tests.test_chain import rechain
from bashu.recognition.keys import key_active, private_key, published_keys
from bashu.recognition.signing import sign, verify
from bashu.transfers.exchange import (
    CHECKPOINT_TYPE,
    EXCHANGE_CHAIN,
    exchange_log_verify,
    exchange_receive,
    exchange_send,
)
from bashu.transfers.models import ExchangeDocument
from conftest import requires_postgresql

pytestmark = pytest.mark.django_db

TABLE, TRIGGER = "transfers_exchangedocument", "transfers_exchange_append_only"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    return tmp_path


def _send(n: int = 1) -> list[ExchangeDocument]:
    return [
        exchange_send(
            doc_type="case.routed",
            sender="500103",
            receiver="510104",
            body={"case": i},
            purpose="test",
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list) -> None:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def rewrite_exchange(seq: int, **values) -> None:  # type: ignore[no-untyped-def]
    rechain(
        EXCHANGE_CHAIN,
        TABLE,
        TRIGGER,
        lambda: ExchangeDocument.objects.filter(seq=seq).update(**values),
    )


def test_columns_read_from_the_document_are_under_the_hash() -> None:
    """A rewritten column (here the purpose) breaks the chain, not only a rewritten body."""
    entries = _send(3)
    _raw(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["forged", entries[1].pk])  # noqa: S608
    assert exchange_log_verify() == (False, entries[1].seq)


def test_refusal_rule_comes_from_the_verification_not_its_message() -> None:
    """A known key claimed for another region is ``wrong_signer`` (the message once decided)."""
    (entry,) = _send()
    document = copy.deepcopy(entry.body)
    document["signature"]["region"] = "510000"  # outside what is signed: the signature holds
    with pytest.raises(InvalidInput) as refused:
        exchange_receive(document)
    assert refused.value.errors[0].rule == "wrong_signer"


def test_a_boolean_version_is_not_version_1() -> None:
    (entry,) = _send()
    payload = dict(entry.body["payload"], uuid="5c3f0a4e-2b1d-4f6e-8a9b-0c1d2e3f4a5b", version=True)
    key = key_active("500000")
    document = sign(payload, private_pem=private_key(key.kid), kid=key.kid, region="500000")
    with pytest.raises(InvalidInput) as refused:
        exchange_receive(document)
    assert refused.value.errors[0].rule == "unknown_type"


def test_checkpoints_of_both_chains_go_to_the_peer_province() -> None:
    _send(2)
    call_command("chain_checkpoint")
    sent = list(ExchangeDocument.objects.filter(type=CHECKPOINT_TYPE).order_by("seq"))
    assert [(d.sender_id, d.receiver_id) for d in sent] == [("510000", "500000")] * 2
    assert [d.body["payload"]["body"]["chain"] for d in sent] == ["audit", "exchange"]
    for chain, document in zip(("audit", "exchange"), sent, strict=True):
        assert verify(document.body, published_keys()).valid  # signed by Sichuan
        (line,) = checkpoint_path(chain).read_text().splitlines()
        assert document.body["payload"]["body"] == json.loads(line)  # the same signed record
    assert exchange_log_verify() == (True, None)
    report = EXCHANGE_CHAIN.verify()
    assert report.intact and [c.source.split()[0] for c in report.anchored] == ["exchange.jsonl"]


def test_node_region_setting_picks_the_peer(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NODE_REGION = "500000"
    _send()
    call_command("chain_checkpoint", "--chain", "exchange")
    document = ExchangeDocument.objects.get(type=CHECKPOINT_TYPE)
    assert (document.sender_id, document.receiver_id) == ("500000", "510000")


def test_idle_periodic_checkpoints_do_not_grow_the_log_forever() -> None:
    _send()
    for _ in range(2):
        call_command("chain_checkpoint")
    count = ExchangeDocument.objects.count()
    call_command("chain_checkpoint")
    call_command("chain_checkpoint")
    assert ExchangeDocument.objects.count() == count


def test_rewrite_with_recomputed_chain_is_caught_by_the_checkpoint() -> None:
    entries = _send(3)
    call_command("chain_checkpoint", "--chain", "exchange")  # anchors #3, then sends #4
    rewrite_exchange(entries[1].seq, purpose="forged")
    assert EXCHANGE_CHAIN.walk().broken is None  # the chain alone says intact
    assert exchange_log_verify() == (False, 3)
    with pytest.raises(CommandError, match=r"exchange\.jsonl") as failed:
        call_command("exchange_log_verify")
    assert "第 3 条" in str(failed.value)


def test_peer_copies_anchor_when_the_checkpoint_file_is_gone() -> None:
    _send()
    call_command("chain_checkpoint", "--chain", "audit")
    checkpoint_path("audit").unlink()
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    rechain(
        AUDIT_CHAIN,
        "core_auditentry",
        "core_auditentry_append_only",
        lambda: AuditEntry.objects.filter(pk=first.pk).update(purpose="forged"),
    )
    report = audit_report()
    assert report.broken is not None and report.broken.code == "checkpoint_mismatch"
    assert report.broken.checkpoint is not None
    assert report.broken.checkpoint.source.startswith("500000")
    assert [r.code for r in report.refused] == ["checkpoint_file_incomplete"]
    assert audit_verify()[1] is not None


def test_verify_command_prints_where_the_plain_chain_breaks() -> None:
    entries = _send(2)
    call_command("exchange_log_verify")
    _raw(f"UPDATE {TABLE} SET body = %s WHERE id = %s", [json.dumps({}), entries[0].pk])  # noqa: S608
    with pytest.raises(CommandError, match=r"第 1 条"):
        call_command("exchange_log_verify")


@requires_postgresql
def test_postgresql_owner_rewrite_with_trigger_disabled_is_detected() -> None:
    """Issue 11 on the exchange log: disable the trigger, rewrite a document's body,
    recompute every hash and the head, enable the trigger: verification names the checkpoint."""
    entries = _send(3)
    call_command("chain_checkpoint", "--chain", "exchange")
    forged = copy.deepcopy(entries[0].body)
    forged["payload"]["body"]["case"] = 99
    rewrite_exchange(entries[0].seq, body=forged)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {TABLE} SET purpose = 'x'")  # noqa: S608 - the trigger is back
    assert EXCHANGE_CHAIN.walk().broken is None
    with pytest.raises(CommandError, match=r"第 1–3 条.*exchange\.jsonl"):
        call_command("exchange_log_verify")


def test_losing_the_node_key_is_reported_while_the_peer_holds_checkpoints(data_dir: Path) -> None:
    """The data directory deleted (key and checkpoint files): the peer's copies remain, and
    cannot be vouched for any more, which verification says."""
    _send()
    call_command("chain_checkpoint", "--chain", "exchange")
    for path in (*(data_dir / "checkpoints").iterdir(), data_dir / "keys" / NODE_KEY_FILE):
        path.unlink()
    report = EXCHANGE_CHAIN.verify()
    assert not report.intact and [r.code for r in report.refused] == ["no_node_key"]
    with pytest.raises(CommandError, match="500000"):
        call_command("exchange_log_verify")
