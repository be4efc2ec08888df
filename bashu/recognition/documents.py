"""Signed exports (可验证文书) of registered credentials and recorded decisions.

A credential is signed by its issuing province, a decision by its host province, with the
province's current Ed25519 key. Two envelopes carry the same statement:

- ``bashu``: ``{"payload", "signature"}`` (see ``signing``), the simplest to check by hand;
- ``vc``: a W3C Verifiable Credential (data model 2.0) secured with a Data Integrity proof of
  the ``eddsa-jcs-2022`` cryptosuite, for wallets and verifiers outside Bashu.

Both verify offline with the keys published at ``/api/v1/recognition/keys``. Exports carry
the holder's name (the verifier compares it with the person in front of them) and a masked
ID number; each export is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone

from bashu.core.audit import audit_record
from bashu.core.errors import Forbidden, NotFound
from bashu.core.identity import mask_resident_id
from bashu.core.models import User
from bashu.core.scoping import in_scope
from bashu.recognition.keys import key_active, private_key
from bashu.recognition.models import RecognitionDecision
from bashu.recognition.rules import agreement_get
from bashu.recognition.selectors import Registered, credential_find
from bashu.recognition.signing import sign, vc_sign

Envelope = Literal["bashu", "vc"]


def document_sign(
    body: dict[str, Any], *, region: str, envelope: Envelope = "bashu"
) -> dict[str, Any]:
    """Sign ``body`` with the current key of ``region``'s province."""
    signer = region[:2] + "0000"
    key = key_active(signer)
    if envelope == "vc":
        return vc_sign(
            body,
            private_pem=private_key(key.kid),
            kid=key.kid,
            region=signer,
            valid_from=body.get("issued_on"),
            valid_until=body.get("expires_on"),
        )
    return sign(body, private_pem=private_key(key.kid), kid=key.kid, region=signer)


def _holder_of(found: Registered, by: User) -> bool:
    holder = getattr(found.row, "person", None)
    return holder is not None and holder.account_id == by.pk


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def credential_statement(found: Registered) -> dict[str, Any]:
    """What the issuer attests about a credential, as of now."""
    row = found.row
    statement: dict[str, Any] = {
        "type": "bashu.recognition.credential/v1",
        "kind": found.kind,
        "number": getattr(row, "certificate_number", None) or row.number,
        "status": row.status,
        "issuing_region": found.credential.issuing_region,
        "issuer": found.issuer,
        "issued_on": _iso(found.credential.issued_on),
        "expires_on": _iso(found.credential.expires_on),
        "holder": {"name": found.holder_name},
        "attested_at": timezone.now().isoformat(),
    }
    if found.kind == "agency_licence":
        statement["holder"]["uscc"] = row.agency.uscc
        statement.update(licence_kind=row.kind, scope=row.scope)
    else:
        statement["holder"]["resident_id"] = mask_resident_id(row.person.resident_id)
    if found.kind == "title":
        statement.update(
            series=row.series.name,
            level=row.level.name,
            specialty=row.specialty,
            committee=row.committee,
        )
    elif found.kind == "skill":
        statement.update(level=row.level.name, occupation=row.occupation_id)
    elif found.kind == "talent_card":
        statement.update(programme=row.get_programme_display(), card_class=row.card_class)
    if row.revoked_at:
        statement.update(
            revoked_at=row.revoked_at.isoformat(), revocation_reason=row.revocation_reason
        )
    return statement


def credential_document(*, by: User, number: str, envelope: Envelope = "bashu") -> dict[str, Any]:
    """The holder, or a caseworker of the issuing region, exports a credential signed by the
    issuing province."""
    found = credential_find(number)
    if found is None:
        raise NotFound(f"未找到证书 {number} (no such credential)")
    if not (_holder_of(found, by) or in_scope(by, found.credential.issuing_region)):
        raise Forbidden("只有持证人或发证地经办人员可导出 (the holder or the issuer exports)")
    statement = credential_statement(found)
    audit_record(
        actor=by,
        action="credential.export",
        target_type=found.kind,
        target_id=statement["number"],
        detail={"envelope": envelope},
    )
    return document_sign(statement, region=found.credential.issuing_region, envelope=envelope)


def decision_statement(decision: RecognitionDecision) -> dict[str, Any]:
    agreement = agreement_get(decision.agreement_id) if decision.agreement_id else None
    return {
        "type": "bashu.recognition.decision/v1",
        "decision_id": decision.pk,
        "kind": decision.kind,
        "certificate_number": decision.certificate_number,
        "host_region": decision.host_region_id,
        "on_date": decision.on_date.isoformat(),
        "outcome": decision.outcome,
        "equivalent": decision.equivalent or None,
        "agreement": {"id": agreement.id, "name": agreement.name, "source": agreement.source}
        if agreement
        else None,
        "clause_id": decision.clause_id or None,
        "reasons": decision.reasons,
        "decided_at": decision.decided_at.isoformat(),
        "issued_on": decision.on_date.isoformat(),
    }


def decision_document(
    *, by: User, decision_id: int, envelope: Envelope = "bashu"
) -> dict[str, Any]:
    """A recorded decision signed by the host province, for the holder or the host region."""
    decision = RecognitionDecision.objects.filter(pk=decision_id).first()
    if decision is None:
        raise NotFound(f"未找到认定 {decision_id} (no such decision)")
    found = credential_find(decision.certificate_number)
    if not (in_scope(by, decision.host_region_id) or (found is not None and _holder_of(found, by))):
        raise Forbidden("只有持证人或使用地经办人员可导出 (the holder or the host region exports)")
    audit_record(
        actor=by,
        action="recognition.decision.export",
        target_type="recognition_decision",
        target_id=decision.pk,
        detail={"envelope": envelope},
    )
    return document_sign(
        decision_statement(decision), region=decision.host_region_id, envelope=envelope
    )
