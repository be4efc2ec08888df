"""Signed exports (可验证文书) of registered credentials and recorded decisions.

A credential is signed by its issuing province, a decision by its host province, with the
province's current Ed25519 key. Two envelopes carry the same statement:

- ``bashu``: ``{"payload", "signature"}`` (see ``signing``), the simplest to check by hand;
- ``vc``: a W3C Verifiable Credential (data model 2.0) secured with a Data Integrity proof of
  the ``eddsa-jcs-2022`` cryptosuite, for wallets and verifiers outside Bashu.

Both verify offline with the keys published at ``/api/v1/recognition/keys``. Exports carry
the holder's name (the verifier compares it with the person in front of them) and a masked
ID number; each export is audited. A VC also carries its place in the issuing province's
W3C Bitstring Status List (``status``), so a verifier outside Bashu learns of a revocation.

``document_verify`` checks a signature and reports, beside it, the current status of what
the document attests: valid, revoked (date and reason), expired, superseded (the record or
the decision changed since it was signed), unknown (not in the registry), or ``estimate``
for a pre-check, which is never a decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Forbidden, InvalidInput, NotFound
from bashu.core.identity import mask_resident_id
from bashu.core.models import User
from bashu.core.scoping import in_scope
from bashu.recognition.keys import key_active, private_key, published_keys
from bashu.recognition.models import CredentialStatus, RecognitionDecision
from bashu.recognition.rules import agreement_get
from bashu.recognition.selectors import Registered, credential_find
from bashu.recognition.signing import Verification, sign, vc_sign, verify
from bashu.recognition.status import credential_status_entry, list_bit, province_of

Envelope = Literal["bashu", "vc"]

CREDENTIAL_TYPE = "bashu.recognition.credential/v1"
DECISION_TYPE = "bashu.recognition.decision/v1"
#: A pre-check's estimate (预查): signed so it cannot be altered, never a decision.
PRECHECK_TYPE = "bashu.recognition.precheck/v1"


def document_sign(
    body: dict[str, Any],
    *,
    region: str,
    envelope: Envelope = "bashu",
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Sign ``body`` with the current key of ``region``'s province."""
    signer = province_of(region)
    key = key_active(signer)
    if envelope == "vc":
        return vc_sign(
            body,
            private_pem=private_key(key.kid),
            kid=key.kid,
            region=signer,
            valid_from=body.get("issued_on"),
            valid_until=body.get("expires_on"),
            credential_status=credential_status,
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
        "type": CREDENTIAL_TYPE,
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
        raise NotFound(_("未找到证书 %(number)s") % {"number": number})
    if not (_holder_of(found, by) or in_scope(by, found.credential.issuing_region)):
        raise Forbidden(_("只有持证人或发证地经办人员可导出"))
    statement = credential_statement(found)
    audit_record(
        actor=by,
        action="credential.export",
        target_type=found.kind,
        target_id=statement["number"],
        detail={"envelope": envelope},
    )
    return document_sign(
        statement,
        region=found.credential.issuing_region,
        envelope=envelope,
        credential_status=credential_status_entry(found) if envelope == "vc" else None,
    )


def decision_statement(decision: RecognitionDecision) -> dict[str, Any]:
    agreement = agreement_get(decision.agreement_id) if decision.agreement_id else None
    return {
        "type": DECISION_TYPE,
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
        raise NotFound(_("未找到认定 %(id)s") % {"id": decision_id})
    found = credential_find(decision.certificate_number)
    if not (in_scope(by, decision.host_region_id) or (found is not None and _holder_of(found, by))):
        raise Forbidden(_("只有持证人或使用地经办人员可导出"))
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


# --- verification, with the current status of what a document attests ---

#: What a credential export states as of its signing, not about the credential itself.
_AS_OF = {"attested_at", "status", "revoked_at", "revocation_reason"}


@dataclass(frozen=True)
class Checked:
    """A signature check and, when the signature holds, the current status of its statement."""

    valid: bool
    reason: str
    kid: str | None
    region: str | None
    rule: str | None
    document_type: str | None = None
    #: valid, revoked, expired, superseded, unknown, estimate (a pre-check); None otherwise
    status: str | None = None
    status_reason: str | None = None
    revoked_at: str | None = None
    revocation_reason: str | None = None
    #: the W3C Bitstring Status List the VC points to was read
    status_list_checked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _statement(document: dict[str, Any]) -> dict[str, Any] | None:
    statement = document.get("payload")
    if statement is None and "proof" in document:
        statement = document.get("credentialSubject")
    return statement if isinstance(statement, dict) else None


def _revoked(row: Any, reason: str, **extra: Any) -> dict[str, Any]:
    return {
        "status": "revoked",
        "status_reason": reason,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        "revocation_reason": row.revocation_reason or None,
        **extra,
    }


def _credential_status(
    statement: dict[str, Any], document: dict[str, Any], signer: str | None
) -> dict[str, Any]:
    found = credential_find(str(statement.get("number", "")))
    if (
        found is None
        or found.kind != statement.get("kind")
        or province_of(found.credential.issuing_region) != signer
    ):
        return {"status": "unknown", "status_reason": _("登记中查无此证书")}
    listed = (
        list_bit(document["credentialStatus"], signer or "")
        if "credentialStatus" in document
        else None
    )
    checked = {"status_list_checked": listed is not None}
    row = found.row
    if row.status == CredentialStatus.REVOKED or listed:
        when = row.revoked_at.date().isoformat() if row.revoked_at else "?"
        return _revoked(
            row,
            _("证书已于 %(date)s 撤销：%(reason)s")
            % {"date": when, "reason": row.revocation_reason or "?"},
            **checked,
        )
    expires = _iso(found.credential.expires_on)
    valid_until = str(document.get("validUntil") or "")[:10] or None
    today = timezone.localdate().isoformat()
    ended = min(d for d in (expires, valid_until, "9999-12-31") if d)
    if ended < today:
        return {
            "status": "expired",
            "status_reason": _("证书已于 %(date)s 到期") % {"date": ended},
            **checked,
        }
    current = {k: v for k, v in credential_statement(found).items() if k not in _AS_OF}
    if current != {k: v for k, v in statement.items() if k not in _AS_OF}:
        return {
            "status": "superseded",
            "status_reason": _("登记内容已变更，本文书已被取代，请导出最新文书"),
            **checked,
        }
    return {"status": "valid", "status_reason": _("证书现行有效"), **checked}


def _decision_status(statement: dict[str, Any], signer: str | None) -> dict[str, Any]:
    decision_id = statement.get("decision_id")
    decision = (
        RecognitionDecision.objects.filter(
            pk=decision_id,
            certificate_number=str(statement.get("certificate_number", "")),
            host_region_id=str(statement.get("host_region", "")),
            outcome=str(statement.get("outcome", "")),
        ).first()
        if type(decision_id) is int
        else None
    )
    if decision is None or province_of(decision.host_region_id) != signer:
        return {"status": "unknown", "status_reason": _("不是登记的互认认定")}
    found = credential_find(decision.certificate_number)
    if found is not None and found.row.status == CredentialStatus.REVOKED:
        return _revoked(
            found.row,
            _("所认定的证书已撤销：%(reason)s") % {"reason": found.row.revocation_reason or "?"},
        )
    newer = RecognitionDecision.objects.filter(
        certificate_number=decision.certificate_number,
        host_region_id=decision.host_region_id,
        decided_at__gt=decision.decided_at,
    )
    if newer.exists():
        return {"status": "superseded", "status_reason": _("已有更新的认定取代本认定")}
    return {"status": "valid", "status_reason": _("认定现行有效")}


def document_verify(document: Any) -> Checked:
    """Verify a document's signature with the published keys and, when it holds, report the
    current status of what it attests. Call ``signing.document_check`` first: this decodes."""
    result: Verification = verify(document, published_keys())
    statement = _statement(document) if isinstance(document, dict) else None
    doc_type = str(statement["type"]) if statement and statement.get("type") else None
    checked = Checked(result.valid, result.reason, result.kid, result.region, result.rule, doc_type)
    if not result.valid or statement is None:
        return checked
    if doc_type == CREDENTIAL_TYPE:
        state = _credential_status(statement, document, result.region)
    elif doc_type == DECISION_TYPE:
        state = _decision_status(statement, result.region)
    elif doc_type == PRECHECK_TYPE:
        state = {"status": "estimate", "status_reason": _("预查估算，仅供参考，不是互认认定")}
    else:
        return checked
    return Checked(**{**asdict(checked), **state})


def decision_verify(document: Any) -> RecognitionDecision:
    """The recorded decision a signed document proves, for whoever must rely on one. Refuses
    anything else by field and rule: an altered or unknown signature, a pre-check estimate
    (which is signed too, but is not a decision), a credential, a decision not on record."""
    checked = document_verify(document)
    if not checked.valid:
        raise InvalidInput.one("signature", checked.rule or "bad_signature", checked.reason)
    if checked.document_type != DECISION_TYPE or checked.status == "unknown":
        raise InvalidInput.one(
            "payload.type", "not_a_decision", _("不是登记的互认认定（预查结果只是估算）")
        )
    statement = _statement(document) or {}
    return RecognitionDecision.objects.get(pk=statement["decision_id"])
