"""Writes for records that follow people: insurance periods, insurance transfers and
personnel-archive moves. Each function is one transaction with its audit row; a failure
anywhere leaves nothing half-done (the exchange documents roll back with the rest).

The one-window case engine that drives transfers and moves is ``bashu.transfers.cases``;
the steps here that only a case runs (``_transfer_request``, ``_transfer_answer``,
``_archive_transfer_request``, ``_archive_receive``, ``_archive_refuse``) are called from it,
after it has checked the person's consent or the caseworker's region."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core.audit import audit_record
from bashu.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from bashu.core.models import Region
from bashu.core.models.reference import zone_region
from bashu.core.permissions import (
    Actor,
    account,
    may_act_for,
    require_actor,
    require_officer,
)
from bashu.people.models import Employer, EmploymentRegistration, Person
from bashu.transfers import rules
from bashu.transfers.exchange import exchange_send
from bashu.transfers.models import (
    Archive,
    ArchiveMove,
    InsurancePeriod,
    InsuranceTransfer,
)
from bashu.transfers.periods import Month, Period
from bashu.transfers.selectors import PeriodIn, as_period, relationship_region


def _zone_region(field: str, code: str) -> Region:
    region = zone_region(code)
    if region is None:
        raise InvalidInput.one(
            field, "unknown_region", _("未知或区外区划代码 %(code)s") % {"code": code}
        )
    return region


def _period_label(p: InsurancePeriod | Period) -> str:
    if isinstance(p, InsurancePeriod):
        return f"{p.region_id} {p.first_month:%Y-%m}..{p.last_month:%Y-%m}"
    return f"{p.region} {p.start}..{p.end}"


# ---------------------------------------------------------------- insurance periods


@transaction.atomic
def period_add(
    *,
    by: Actor,
    person_id: int,
    region: str,
    first_month: str,
    last_month: str,
    base: Decimal,
    employer_id: int | None = None,
    imported: bool = False,
) -> InsurancePeriod:
    """Record months paid in ``region``: by that region's caseworkers (or the system).

    A person registered in another region is recorded only with the employer that paid, of
    ``by``'s region, and a registration of the person's employment there (the link that makes
    the months theirs to record). Imported history (``imported``, flagged on an overlap rather
    than refused) is the person's own region's to load, or the system's. An overlap is refused
    naming the periods ``by`` may see; another region's periods are counted, not shown.
    """
    by = require_actor(by)
    require_officer(by, region, what=_("登记参保期间"))
    # The arguments are typed already; the period's rules are the calculator's (``checked``).
    new, errors = PeriodIn.model_construct(
        region=region, start=first_month, end=last_month
    ).checked(
        until=Month.of(timezone.localdate()),
        names={"region": "region", "start": "first_month", "end": "last_month"},
    )
    if base <= 0:
        errors.append(FieldError("base", "positive", _("缴费基数须大于 0")))
    if errors or new is None:
        raise InvalidInput(errors)
    person = Person.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("参保人不存在"))
    if not may_act_for(by, person.region_id):
        if imported:
            raise Forbidden(_("历史缴费数据只能由参保人所属地区导入"))
        _paying_employer_check(by, person, employer_id)
    clashes = [row for row in person.insurance_periods.all() if as_period(row).overlaps(new)]
    flag_reason = ""
    if clashes:
        visible = [c for c in clashes if may_act_for(by, c.region_id)]
        named = "；".join(_period_label(c) for c in visible)
        hidden = len(clashes) - len(visible)
        if hidden:
            named += ("；" if named else "") + _("其他地区已登记的 %(n)d 段期间") % {"n": hidden}
        message = _("%(period)s 与已登记期间 %(named)s 重叠") % {
            "period": _period_label(new),
            "named": named,
        }
        if not imported:
            raise InvalidInput.one("first_month", "overlap", message)
        flag_reason = message[:255]
    row = InsurancePeriod.objects.create(
        person=person,
        region_id=region,
        employer_id=employer_id,
        first_month=new.start.first_day(),
        last_month=new.end.first_day(),
        base=base,
        source=InsurancePeriod.Source.IMPORTED if imported else InsurancePeriod.Source.ENTERED,
        flagged=bool(clashes),
        flag_reason=flag_reason,
    )
    audit_record(
        actor=by,
        action="insurance.period.add",
        target_type="person",
        target_id=person.pk,
        detail={"period": row.pk, "region": region, "flagged": row.flagged},
    )
    return row


def _paying_employer_check(by: Actor, person: Person, employer_id: int | None) -> None:
    """Months of a person registered elsewhere: the paying employer must be ``by``'s, and
    the person must be registered as employed there."""
    if employer_id is None:
        raise InvalidInput.one(
            "employer_id",
            "required",
            _("该参保人归属其他地区：须注明本地区的缴费单位"),
        )
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None or not may_act_for(by, employer.region_id):
        raise InvalidInput.one(
            "employer_id", "out_of_region", _("缴费单位须为本地区登记的用人单位")
        )
    if not EmploymentRegistration.objects.filter(person=person, employer=employer).exists():
        raise InvalidInput.one(
            "employer_id",
            "not_employed",
            _("该参保人在此单位没有就业登记，不能登记其缴费期间"),
        )


@transaction.atomic
def period_review(*, by: Actor, period_id: int, keep: bool, note: str = "") -> None:
    """A caseworker of the period's region sorts out a flagged period (待核查): keep it (the
    flag is cleared, the person's transfer is no longer blocked) or, for imported history
    only, withdraw it. Audited either way."""
    period = InsurancePeriod.objects.select_for_update().filter(pk=period_id).first()
    if period is None:
        raise NotFound(_("缴费期间不存在"))
    require_officer(by, period.region_id, what=_("核查缴费期间"))
    if not period.flagged:
        raise Conflict(_("该期间不在待核查状态"))
    if not keep and period.source != InsurancePeriod.Source.IMPORTED:
        raise Conflict(_("只有历史导入的期间可以撤回"))
    audit_record(
        actor=by,
        action="insurance.period.keep" if keep else "insurance.period.withdraw",
        target_type="person",
        target_id=period.person_id,
        detail={"period": period.pk, "region": period.region_id, "note": note[:200]},
    )
    if keep:
        period.flagged, period.flag_reason = False, ""
        period.save(update_fields=["flagged", "flag_reason"])
    else:
        period.delete()


# ---------------------------------------------------------------- insurance transfers


def _certified_periods(person: Person) -> list[InsurancePeriod]:
    periods = list(person.insurance_periods.order_by("first_month"))
    flagged = [p for p in periods if p.flagged]
    if flagged:
        raise Conflict(
            _("有待核查的缴费期间，须先由经办人员处理：%(periods)s")
            % {"periods": "；".join(_period_label(p) for p in flagged)}
        )
    if not periods:
        raise InvalidInput.one("person_id", "no_periods", _("无参保缴费记录"))
    return periods


@transaction.atomic
def _transfer_request(
    *,
    by: Actor,
    person_id: int,
    to_region: str,
    window_region: str,
    drawing_benefit: bool = False,
    months_drawn: int = 0,
) -> tuple[InsuranceTransfer, bool]:
    """Ask to move the relationship to ``to_region``: a step of ``cases.case_submit``, which
    has checked the person's consent and opens the case in the same transaction. The origin
    certifies the periods at once in a signed document (like the EU's U1) carrying the funds
    figure — the origin's own act, whoever submitted. Asking again for the same move returns
    the open one (``created`` false)."""
    destination = _zone_region("to_region", to_region)
    _zone_region("window_region", window_region)
    person = Person.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise InvalidInput.one("person_id", "not_found", _("参保人不存在"))
    if months_drawn < 0:
        raise InvalidInput.one("months_drawn", "min", _("已领月数不能为负"))
    open_transfer = person.insurance_transfers.filter(
        status=InsuranceTransfer.Status.CERTIFIED
    ).first()
    if open_transfer is not None:
        if open_transfer.to_region_id == to_region:
            return open_transfer, False
        raise Conflict(
            _("已有转往 %(region)s 的失业保险关系转移在办理中，办结后才能再申请")
            % {"region": open_transfer.to_region.name}
        )
    origin = relationship_region(person)
    if origin == destination.code:
        raise InvalidInput.one("to_region", "same_region", _("转入地与当前参保地相同"))
    periods = _certified_periods(person)
    today = timezone.localdate()
    result = rules.entitlement(
        [as_period(p) for p in periods],
        claim_region=origin,
        claim_date=today,
        separation="involuntary" if drawing_benefit else "voluntary",
        registered_unemployed=drawing_benefit,
    )
    if drawing_benefit and result.eligible:
        result.benefit_months = max(0, result.benefit_months - months_drawn)
    funds = rules.transfer_of(result, origin, destination.code)
    body = {
        "periods": [
            {
                "region": p.region_id,
                "start": f"{p.first_month:%Y-%m}",
                "end": f"{p.last_month:%Y-%m}",
                "base": str(p.base),
            }
            for p in periods
        ],
        "contribution_months": result.contribution_months,
        "from_region": origin,
        "to_region": destination.code,
        "funds": {
            "kind": funds.kind,
            "amount": str(funds.amount),
            "benefit": str(funds.benefit),
            "medical_and_training": str(funds.medical_and_training),
            "remaining_benefit_months": result.benefit_months if funds.kind == "funds" else 0,
            "monthly_amount": str(result.monthly_amount),
            "source": funds.source,
            "reason": funds.reason,
        },
    }
    certificate = exchange_send(
        doc_type="insurance.periods.certified",
        sender=origin,
        receiver=destination.code,
        body=body,
        purpose=gettext_noop("失业保险关系转移：核定缴费期间"),
        person=person,
    )
    try:
        with transaction.atomic():
            transfer = InsuranceTransfer.objects.create(
                person=person,
                from_region_id=origin,
                to_region=destination,
                status=InsuranceTransfer.Status.CERTIFIED,
                contribution_months=result.contribution_months,
                funds_kind=funds.kind,
                funds=funds.amount,
                certificate=certificate,
                requested_by=account(by),
            )
    except IntegrityError as exc:
        raise Conflict(_("已有失业保险关系转移在办理中")) from exc
    audit_record(
        actor=by,
        action="insurance.transfer.request",
        target_type="person",
        target_id=person.pk,
        detail={"transfer": transfer.pk, "from": origin, "to": destination.code},
    )
    return transfer, True


def _transfer_answer(*, by: Actor, transfer_id: int, reason: str, accept: bool) -> None:
    """The destination accepts or returns a certified transfer: a step of
    ``cases.case_transition`` (approve, reject), which has checked ``by`` and locked the case."""
    transfer = InsuranceTransfer.objects.select_for_update().get(pk=transfer_id)
    if transfer.status != InsuranceTransfer.Status.CERTIFIED:
        raise Conflict(_("转移已%(status)s") % {"status": transfer.get_status_display()})
    doc_type = "insurance.transfer.accepted" if accept else "insurance.transfer.returned"
    transfer.answer = exchange_send(
        doc_type=doc_type,
        sender=transfer.to_region_id,
        receiver=transfer.from_region_id,
        body={
            "certificate": str(transfer.certificate.uuid),
            "contribution_months": transfer.contribution_months,
            "funds": str(transfer.funds),
            "reason": reason,
        },
        purpose=gettext_noop("失业保险关系转移：接收")
        if accept
        else gettext_noop("失业保险关系转移：退回"),
        person=transfer.person,
    )
    transfer.status = (
        InsuranceTransfer.Status.ACCEPTED if accept else InsuranceTransfer.Status.RETURNED
    )
    transfer.return_reason = "" if accept else reason[:255]
    transfer.answered_at = timezone.now()
    transfer.save(update_fields=["answer", "status", "return_reason", "answered_at"])


# ---------------------------------------------------------------- personnel archives


@transaction.atomic
def _archive_transfer_request(
    *,
    by: Actor,
    person_id: int,
    to_region: str,
    to_custodian: str,
    window_region: str,
) -> tuple[ArchiveMove, bool]:
    """Ask for a personnel file to move to another custodian (调档): a step of
    ``cases.case_submit``, which has checked the person's consent and opens the case in the
    same transaction. The person never carries it: the holder dispatches, the receiver
    confirms. The same request again returns the open move (``created`` false)."""
    destination = _zone_region("to_region", to_region)
    _zone_region("window_region", window_region)
    if not to_custodian.strip():
        raise InvalidInput.one("to_custodian", "required", _("须写明接收机构"))
    archive = (
        Archive.objects.select_for_update().filter(person_id=person_id).first()
        if Person.objects.filter(pk=person_id).exists()
        else None
    )
    if archive is None:
        raise InvalidInput.one("person_id", "no_archive", _("未查到该人员的档案"))
    open_move = archive.moves.filter(
        status__in=[ArchiveMove.Status.REQUESTED, ArchiveMove.Status.DISPATCHED]
    ).first()
    if open_move is not None:
        if (open_move.to_region_id, open_move.to_custodian) == (to_region, to_custodian.strip()):
            return open_move, False
        raise Conflict(_("该档案已有一项转递在办理中，办结后才能再申请"))
    if archive.region_id == to_region and archive.custodian == to_custodian.strip():
        raise InvalidInput.one("to_custodian", "same_custodian", _("档案已在该机构"))
    move = ArchiveMove.objects.create(
        archive=archive,
        from_region_id=archive.region_id,
        from_custodian=archive.custodian,
        to_region=destination,
        to_custodian=to_custodian.strip()[:128],
        status=ArchiveMove.Status.REQUESTED,
    )
    exchange_send(
        doc_type="archive.transfer.requested",
        sender=destination.code,
        receiver=archive.region_id,
        body={"move": move.pk, "to_custodian": move.to_custodian, "from": archive.custodian},
        purpose=gettext_noop("调取人事档案"),
        person=archive.person,
    )
    return move, True


@transaction.atomic
def archive_dispatch(*, by: Actor, move_id: int, tracking: str) -> ArchiveMove:
    """The holding agency sends the file (转出) by confidential post; a signed notice follows."""
    move = ArchiveMove.objects.select_for_update().filter(pk=move_id).first()
    if move is None:
        raise NotFound(_("档案转递不存在"))
    require_officer(by, move.from_region_id, what=_("转出档案"))
    if move.status != ArchiveMove.Status.REQUESTED:
        raise Conflict(
            _("这份档案的转递状态是“%(status)s”，不能再寄出")
            % {"status": move.get_status_display()}
        )
    if not tracking.strip():
        raise InvalidInput.one("tracking", "required", _("须填写机要编号"))
    move.dispatch_document = exchange_send(
        doc_type="archive.dispatched",
        sender=move.from_region_id,
        receiver=move.to_region_id,
        body={"move": move.pk, "tracking": tracking.strip(), "to_custodian": move.to_custodian},
        purpose=gettext_noop("人事档案转出"),
        person=move.archive.person,
    )
    move.status = ArchiveMove.Status.DISPATCHED
    move.tracking = tracking.strip()[:32]
    move.dispatched_at = timezone.now()
    move.save(update_fields=["dispatch_document", "status", "tracking", "dispatched_at"])
    audit_record(actor=by, action="archive.dispatch", target_type="archive_move", target_id=move.pk)
    return move


def _archive_receive(*, by: Actor, move_id: int) -> None:
    """The receiving custodian confirms the file arrived: a step of ``cases.case_transition``
    (approve), which has checked ``by``."""
    move = ArchiveMove.objects.select_for_update().get(pk=move_id)
    if move.status != ArchiveMove.Status.DISPATCHED:
        raise Conflict(_("档案尚未转出，不能确认接收"))
    move.receipt_document = exchange_send(
        doc_type="archive.received",
        sender=move.to_region_id,
        receiver=move.from_region_id,
        body={"move": move.pk, "tracking": move.tracking, "custodian": move.to_custodian},
        purpose=gettext_noop("人事档案接收确认"),
        person=move.archive.person,
    )
    move.status = ArchiveMove.Status.RECEIVED
    move.received_at = timezone.now()
    move.save(update_fields=["receipt_document", "status", "received_at"])
    archive = move.archive
    archive.region_id, archive.custodian = move.to_region_id, move.to_custodian
    archive.save(update_fields=["region", "custodian", "updated_at"])


def _archive_refuse(*, by: Actor, move_id: int) -> None:
    """The move is refused (reject in ``cases.case_transition``): the file stays put."""
    move = ArchiveMove.objects.select_for_update().get(pk=move_id)
    if move.status == ArchiveMove.Status.RECEIVED:
        raise Conflict(_("档案已接收，不能拒收"))
    move.status = ArchiveMove.Status.RETURNED
    move.save(update_fields=["status"])
