"""Writing and verifying the hash-chained audit log (审计日志).

``audit_record`` is the only writer. It runs inside the caller's transaction, so an
audited change and its audit row commit or roll back together. The chain itself (linking,
the locked head, verification, checkpoints outside the database) is ``bashu.core.chain``,
shared with the exchange log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashu.core.chain import ChainBreak, ChainReport, HashChain
from bashu.core.models import AuditChainHead, AuditEntry
from bashu.core.permissions import Requester, account, is_system

__all__ = ["AUDIT_CHAIN", "ChainBreak", "audit_record", "audit_report", "audit_verify"]


def _content(entry: AuditEntry) -> dict[str, Any]:
    """What of an entry is hashed (with its seq and predecessor's hash, added by the chain)."""
    return {
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "actor_username": entry.actor_username,
        "role": entry.role,
        "region_code": entry.region_code,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "purpose": entry.purpose,
        "detail": entry.detail,
    }


AUDIT_CHAIN: HashChain[AuditEntry] = HashChain(
    name="audit",
    label=_("审计日志"),
    entries=AuditEntry,
    head=AuditChainHead,
    content=_content,
    stamp="at",
)


@transaction.atomic
def audit_record(
    *,
    actor: Requester,
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
    user = account(actor)
    entry = AuditEntry(
        at=timezone.now(),  # set again under the head lock, so times follow the sequence
        actor=user,
        actor_username=user.get_username() if user else ("system" if is_system(actor) else ""),
        role=user.role if user else ("system" if is_system(actor) else "public"),
        region_code=(user.region_id or "") if user else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        purpose=purpose,
        detail=detail or {},
    )
    return AUDIT_CHAIN.append(entry)


def audit_report(*, checkpoints: Path | None = None) -> ChainReport:
    """The audit chain verified against every checkpoint (see ``HashChain.verify``)."""
    return AUDIT_CHAIN.verify(path=checkpoints)


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return the number of entries checked and the first break.

    Detects an altered row (its hash no longer matches its content), a missing row (a gap
    in the sequence or a predecessor hash that does not match), a truncated tail (the head
    names a later entry than the last one present), and a rewrite with every hash
    recomputed at or before a checkpoint kept outside the database; a checkpoint that
    cannot be trusted (bad signature) is a break too.
    """
    report = audit_report()
    return report.checked, report.first_problem()
