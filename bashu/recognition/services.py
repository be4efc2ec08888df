"""Recognition decisions on registered credentials, and revocations — stored and audited."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, InvalidInput, NotFound
from bashu.core.permissions import Actor, account, require_officer, require_region
from bashu.people.models import Employer
from bashu.recognition.models import (
    CredentialStatus,
    Expert,
    ExpertDraw,
    RecognitionDecision,
    ServiceDelivery,
)
from bashu.recognition.rules import Decision, recognise
from bashu.recognition.selectors import (
    Registered,
    card_services_for,
    credential_find,
    reason_words,
    region_known,
)


def _number(row: Model) -> str:
    return str(getattr(row, "certificate_number", None) or getattr(row, "number", ""))


@transaction.atomic
def decision_record(
    *, by: Actor, number: str, host_region: str, on_date: dt.date | None = None
) -> tuple[RecognitionDecision, Decision]:
    """A caseworker of the host region decides on a registered credential; stored and audited.

    Unknown certificates are refused (404); the rules refuse expired and revoked ones with
    the reason (the refusal is stored too: it is a decision)."""
    require_officer(by, host_region, what=_("在该地区作出认定"))
    region_known("host_region", host_region)
    found = credential_find(number)
    if found is None:
        raise NotFound(_("未找到证书 %(number)s") % {"number": number})
    on = on_date or timezone.localdate()
    decision = recognise(found.credential, host_region, on)
    record = RecognitionDecision.objects.create(
        kind=found.kind,
        certificate_number=_number(found.row),
        host_region_id=host_region,
        on_date=on,
        outcome=decision.outcome,
        equivalent=decision.equivalent or "",
        agreement_id=decision.agreement.id if decision.agreement else "",
        clause_id=decision.clause["id"] if decision.clause else "",
        reasons=decision.reasons,
        decided_by=account(by),
    )
    audit_record(
        actor=by,
        action="recognition.decide",
        target_type="recognition_decision",
        target_id=record.pk,
        detail={"kind": found.kind, "host_region": host_region, "outcome": decision.outcome},
    )
    return record, decision


@transaction.atomic
def credential_revoke(*, by: Actor, number: str, reason: str) -> Registered:
    """The issuing region revokes a credential; the reason is required and kept."""
    found = credential_find(number)
    if found is None:
        raise NotFound(_("未找到证书 %(number)s") % {"number": number})
    require_officer(by, found.credential.issuing_region, what=_("撤销该地区颁发的证书"))
    if not reason.strip():
        raise InvalidInput.one("reason", "required", _("撤销须说明原因"))
    row = type(found.row).objects.select_for_update().get(pk=found.row.pk)
    if row.status == CredentialStatus.REVOKED:
        raise Conflict(_("证书已撤销"))
    row.status = CredentialStatus.REVOKED
    row.revoked_at = timezone.now()
    row.revocation_reason = reason.strip()[:255]
    row.save(update_fields=["status", "revoked_at", "revocation_reason"])
    audit_record(
        actor=by,
        action="credential.revoke",
        target_type=found.kind,
        target_id=_number(row),
        purpose=reason[:255],
    )
    refreshed = credential_find(number)
    assert refreshed is not None  # noqa: S101
    return refreshed


@transaction.atomic
def delivery_record(
    *, by: Actor, number: str, service_code: str, host_region: str, delivered_on: dt.date
) -> ServiceDelivery:
    """A caseworker of the region that served the holder records the delivery."""
    require_officer(by, host_region, what=_("登记该地区的人才卡服务"))
    if delivered_on > timezone.localdate():
        raise InvalidInput.one("delivered_on", "future_date", _("服务日期不得晚于今天"))
    card, decision, services = card_services_for(
        number=number, host_region=host_region, on=delivered_on
    )
    service = next((s for s in services if s.code == service_code), None)
    if service is None:
        reason = (
            reason_words(decision.reasons[0])
            if decision and not services
            else _("该卡类不享有此项服务")
        )
        raise InvalidInput.one("service_code", "not_entitled", reason)
    delivery = ServiceDelivery.objects.create(
        card=card,
        service=service,
        region_id=host_region,
        delivered_on=delivered_on,
        recorded_by=account(by),
    )
    audit_record(
        actor=by,
        action="card_service.deliver",
        target_type="service_delivery",
        target_id=delivery.pk,
        detail={"service": service.code, "region": host_region},
    )
    return delivery


@transaction.atomic
def experts_draw(*, by: Actor, applicant_id: int, field: str, count: int) -> ExpertDraw:
    """Draw ``count`` experts of ``field`` from both provinces' pool, never anyone working for
    the applicant; the draw (seed, drawn, excluded) is stored and audited so it can be replayed.
    Only a caseworker of the applicant's own region draws for it."""
    require_officer(by, what=_("抽取评审专家"))
    applicant = Employer.objects.filter(pk=applicant_id).first()
    if applicant is None:
        raise InvalidInput.one("applicant_id", "not_found", _("申请单位不存在"))
    require_region(by, applicant.region_id, what=_("为该单位抽取评审专家"))
    if not 1 <= count <= 20:
        raise InvalidInput.one("count", "range", _("抽取人数须为 1–20"))
    pool = [e for e in Expert.objects.filter(active=True).order_by("id") if field in e.fields]
    excluded = [e.pk for e in pool if e.employer_id == applicant.pk]
    eligible = [e.pk for e in pool if e.employer_id != applicant.pk]
    if len(eligible) < count:
        raise Conflict(
            _("“%(field)s”领域可抽取专家仅 %(n)s 人") % {"field": field, "n": len(eligible)}
        )
    seed = secrets.token_hex(8)
    drawn = random.Random(seed).sample(eligible, count)  # noqa: S311 - the seed is logged for replay
    draw = ExpertDraw.objects.create(
        applicant=applicant,
        field=field,
        requested=count,
        drawn=drawn,
        excluded=excluded,
        seed=seed,
        drawn_by=account(by),
    )
    audit_record(
        actor=by,
        action="expert.draw",
        target_type="expert_draw",
        target_id=draw.pk,
        detail={"applicant": applicant.pk, "field": field, "drawn": drawn, "excluded": excluded},
    )
    return draw
