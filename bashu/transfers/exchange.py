"""Cross-region exchange (跨区域交换): signed, versioned documents in an append-only,
hash-chained log.

``exchange_send`` signs a document with the sender province's key and delivers it;
``exchange_receive`` is what a receiving region runs on anything that arrives — in this
deployment directly, from another region's node through ``POST /api/v1/exchange/documents``.
It refuses, and says which: a bad signature, an unknown sender, a receiver outside the
zone, an unknown type or version, and a replayed UUID.

The log is a ``bashu.core.chain.HashChain`` (the audit log's implementation); its head is
checkpointed outside the database like the audit log's (``bashu chain_checkpoint``), and
checkpoints of both chains are sent to the peer province as ``chain.checkpoint`` documents
(``checkpoint_send``), the peer's copy of the anchor (ADR 0009).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from bashu.core.chain import HashChain
from bashu.core.errors import Conflict, FieldError, InvalidInput
from bashu.core.models.reference import zone_region
from bashu.people.models import Person
from bashu.recognition.keys import key_active, private_key, published_keys
from bashu.recognition.signing import document_check, sign, verify
from bashu.transfers.models import ExchangeChainHead, ExchangeDocument

# type → the versions a receiver understands, and what the document is for
TYPES: dict[str, tuple[tuple[int, ...], str]] = {
    "insurance.periods.certified": ((1,), "失业保险缴费期间核定（转出地）"),
    "insurance.transfer.accepted": ((1,), "失业保险关系转移接收（转入地）"),
    "insurance.transfer.returned": ((1,), "失业保险关系转移退回（转入地）"),
    "archive.transfer.requested": ((1,), "档案转递申请"),
    "archive.dispatched": ((1,), "档案已转出"),
    "archive.received": ((1,), "档案已接收"),
    "case.routed": ((1,), "一窗受理案件转办"),
    "chain.checkpoint": ((1,), "日志链头检查点（对端留存）"),
}
CHECKPOINT_TYPE = "chain.checkpoint"
#: The peer that keeps a province's checkpoints: the other province of the zone.
PEER_PROVINCE = {"510000": "500000", "500000": "510000"}


def _content(entry: ExchangeDocument) -> dict[str, Any]:
    """What of an exchange entry is hashed: the document as received and every column read
    from it (so a rewritten column breaks the chain too), with seq and predecessor added."""
    return {
        "document": entry.body,
        "uuid": str(entry.uuid),
        "type": entry.type,
        "version": int(entry.version),
        "sender": entry.sender_id,
        "receiver": entry.receiver_id,
        "person": entry.person_id,
        "purpose": entry.purpose,
    }


EXCHANGE_CHAIN: HashChain[ExchangeDocument] = HashChain(
    name="exchange",
    label=gettext_lazy("交换日志"),
    entries=ExchangeDocument,
    head=ExchangeChainHead,
    content=_content,
    anchors=models.Q(type=CHECKPOINT_TYPE),
)


def exchange_send(
    *,
    doc_type: str,
    sender: str,
    receiver: str,
    body: dict[str, Any],
    purpose: str,
    person: Person | None = None,
) -> ExchangeDocument:
    """Sign ``body`` as ``sender`` and deliver it to ``receiver``'s log."""
    payload = {
        "uuid": str(uuid.uuid4()),
        "type": doc_type,
        "version": TYPES[doc_type][0][-1],
        "sender": sender,
        "receiver": receiver,
        "sent_at": timezone.now().isoformat(),
        "purpose": purpose,
        "subject": {"resident_id": person.resident_id} if person else None,
        "body": body,
    }
    signer = sender[:2] + "0000"
    key = key_active(signer)
    document = sign(payload, private_pem=private_key(key.kid), kid=key.kid, region=signer)
    return exchange_receive(document)


def _refuse(field: str, rule: str, message: str) -> InvalidInput:
    return InvalidInput([FieldError(field, rule, message)], gettext("文书被拒收"))


@transaction.atomic
def exchange_receive(document: Any) -> ExchangeDocument:
    """Check an arriving document and append it to the log; see the module docstring."""
    if not isinstance(document, dict) or not isinstance(document.get("payload"), dict):
        raise _refuse("payload", "malformed", gettext("文书格式不正确"))
    document_check(document)  # bounded (signature length, size, depth) before any decoding
    payload = document["payload"]
    for name in ("uuid", "type", "version", "sender", "receiver", "purpose", "body"):
        if name not in payload:
            raise _refuse(
                f"payload.{name}", "required", gettext("文书缺少 %(name)s") % {"name": name}
            )
    sender, receiver = str(payload["sender"]), str(payload["receiver"])
    if zone_region(sender) is None:
        raise _refuse(
            "payload.sender", "unknown_sender", gettext("未知发文地区 %(code)s") % {"code": sender}
        )
    if zone_region(receiver) is None:
        raise _refuse(
            "payload.receiver",
            "unknown_receiver",
            gettext("未知收文地区 %(code)s") % {"code": receiver},
        )
    result = verify(document, published_keys())
    if not result.valid:
        raise _refuse("signature", result.rule or "bad_signature", result.reason)
    if result.region != sender[:2] + "0000":
        raise _refuse(
            "signature",
            "wrong_signer",
            gettext("签名地区 %(region)s 不是发文地区 %(sender)s 所在省（市）")
            % {"region": result.region, "sender": sender},
        )
    versions = TYPES.get(str(payload["type"]), ((), ""))[0]
    if isinstance(payload["version"], bool) or payload["version"] not in versions:
        raise _refuse(
            "payload.type",
            "unknown_type",
            gettext("不支持的文书类型或版本 %(type)s v%(version)s")
            % {"type": payload["type"], "version": payload["version"]},
        )
    try:
        document_id = uuid.UUID(str(payload["uuid"]))
    except ValueError as exc:
        raise _refuse("payload.uuid", "malformed", gettext("文书标识不是 UUID")) from exc
    if ExchangeDocument.objects.filter(uuid=document_id).exists():
        raise Conflict(
            gettext("文书 %(id)s 已接收过，拒绝重放") % {"id": document_id},
            [FieldError("payload.uuid", "replayed", gettext("重复的文书标识"))],
        )
    subject = payload.get("subject") or {}
    person = (
        Person.objects.filter(resident_id=subject.get("resident_id", "")).first()
        if isinstance(subject, dict)
        else None
    )
    entry = ExchangeDocument(
        uuid=document_id,
        type=payload["type"],
        version=payload["version"],
        sender_id=sender,
        receiver_id=receiver,
        person=person,
        purpose=str(payload["purpose"])[:128],
        body=document,
    )
    try:
        EXCHANGE_CHAIN.append(entry)
    except IntegrityError as exc:  # the same UUID arriving twice at the same moment
        raise Conflict(
            gettext("文书 %(id)s 已接收过，拒绝重放") % {"id": document_id},
            [FieldError("payload.uuid", "replayed", gettext("重复的文书标识"))],
        ) from exc
    return entry


def exchange_log_verify() -> tuple[bool, int | None]:
    """Walk the log and check it against its checkpoints; ``(True, None)`` when both hold,
    else ``(False, seq of the first bad entry)`` (``0`` for a checkpoint that cannot be
    trusted). ``EXCHANGE_CHAIN.verify()`` says more."""
    report = EXCHANGE_CHAIN.verify()
    problem = report.first_problem()
    return (True, None) if problem is None else (False, problem.seq)


def node_province() -> str:
    """The province whose node this deployment is (``BASHU_NODE_REGION``)."""
    return str(settings.NODE_REGION)[:2] + "0000"


def checkpoint_send(record: dict[str, Any]) -> None:
    """Send a signed checkpoint to the peer province's log, as a ``chain.checkpoint``
    document signed by this node's province (its body is the node-signed record)."""
    sender = node_province()
    exchange_send(
        doc_type=CHECKPOINT_TYPE,
        sender=sender,
        receiver=PEER_PROVINCE[sender],
        body=record,
        purpose=gettext_noop("日志链头检查点"),
    )


def checkpoint_records(chain: str) -> Iterator[tuple[str, Any]]:
    """The checkpoints of ``chain`` the peer holds: ``(where, record)`` for each."""
    sender = node_province()
    receiver = PEER_PROVINCE[sender]
    documents = ExchangeDocument.objects.filter(
        type=CHECKPOINT_TYPE,
        sender_id=sender,
        receiver_id=receiver,
        body__payload__body__chain=chain,
    ).order_by("seq")
    for document in documents.iterator():
        where = gettext("%(peer)s 交换日志第 %(seq)s 条") % {"peer": receiver, "seq": document.seq}
        yield str(where), (document.body.get("payload") or {}).get("body")
