"""Writing and verifying the hash-chained audit log (审计日志).

``audit_record`` is the only writer. It runs inside the caller's transaction, so an
audited change and its audit row commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bashu.core.models import AuditChainHead, AuditEntry, User
from bashu.core.models.audit import GENESIS_HASH


def _entry_hash(entry: AuditEntry) -> str:
    content = {
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
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: str | int = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and advance the chain head.

    ``detail`` must never hold personal data in clear (ID numbers, names, phones); callers
    pass record identifiers and field names, not values.
    """
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    is_user = actor is not None and actor.is_authenticated
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user and actor else "",
        role=(actor.role if is_user and actor else "public"),
        region_code=(actor.region_id or "") if is_user and actor else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        purpose=purpose,
        detail=detail or {},
        prev_hash=head.hash,
    )
    entry.hash = _entry_hash(entry)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold."""

    seq: int
    problem: str


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=5000)


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return the number of entries checked and the first break.

    Detects an altered row (its hash no longer matches its content), a missing row (a gap
    in the sequence or a predecessor hash that does not match), and a truncated tail (the
    head names a later entry than the last one present).
    """
    checked = 0
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for entry in _entries():
        if entry.seq != expected_seq:
            return checked, ChainBreak(expected_seq, f"记录 #{expected_seq} 缺失 (entry missing)")
        if entry.prev_hash != prev_hash:
            return checked, ChainBreak(entry.seq, "前序哈希不符 (predecessor hash mismatch)")
        if _entry_hash(entry) != entry.hash:
            return checked, ChainBreak(entry.seq, "内容与哈希不符，记录被改动 (entry altered)")
        checked += 1
        expected_seq += 1
        prev_hash = entry.hash
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return checked, ChainBreak(
            checked + 1, f"链尾记录 #{checked + 1}–#{head.seq} 缺失 (tail missing)"
        )
    return checked, None
