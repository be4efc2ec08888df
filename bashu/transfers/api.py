"""API of records that follow people: the entitlement calculator (public), insurance periods,
transfers, archives, one-window cases and the exchange inbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Field, Header, Query, Router, Schema
from ninja.security import django_auth

from bashu.core.bounds import MAX_PAGE, Code, Id
from bashu.core.errors import FieldError, InvalidInput, NotFound
from bashu.core.identity import mask_name
from bashu.core.models.reference import zone_region
from bashu.core.scoping import signed_in
from bashu.transfers import cases, rules, selectors, services
from bashu.transfers.exchange import exchange_receive
from bashu.transfers.models import ArchiveMove, Case
from bashu.transfers.periods import Month, Period, overlapping_pairs

router = Router(tags=["transfers 随人走"])


class PeriodIn(Schema):
    region: Code = Field(..., description="参保地区划代码（6 位）")
    start: Code = Field(..., description="起始月份 YYYY-MM")
    end: Code = Field(..., description="终止月份 YYYY-MM")


class EntitlementIn(Schema):
    periods: list[PeriodIn] = Field(..., max_length=200)
    claim_region: Code
    claim_date: dt.date
    separation: Literal["involuntary", "voluntary"]
    registered_unemployed: bool
    carried_over_months: int = Field(0, ge=0, le=24)
    transfer_to: Code | None = Field(None, description="转移到的地区（可选）：给出随关系划转的金额")


class RuleOut(Schema):
    id: str
    name: str
    source: str
    effective_from: dt.date
    verified: bool


class EntitlementOut(Schema):
    eligible: bool
    contribution_months: int
    benefit_months: int
    monthly_amount: float
    rule: RuleOut | None
    reasons: list[str]
    standard: dict[str, Any] | None
    transfer: dict[str, Any] | None


def _known(code: str) -> bool:
    return zone_region(code) is not None


def periods_parse(rows: list[PeriodIn], *, until: Month) -> list[Period]:
    """Periods from the request, every broken rule named by its field (periods.1.end)."""
    errors: list[FieldError] = []
    periods: list[Period] = []
    for i, row in enumerate(rows):
        months: dict[str, Month] = {}
        if not _known(row.region):
            errors.append(
                FieldError(f"periods.{i}.region", "unknown_region", f"未知区划代码 {row.region}")
            )
        for name in ("start", "end"):
            try:
                months[name] = Month.parse(getattr(row, name))
            except ValueError as exc:
                errors.append(FieldError(f"periods.{i}.{name}", "month_format", str(exc)))
        if len(months) < 2:
            continue
        if months["end"] < months["start"]:
            errors.append(
                FieldError(
                    f"periods.{i}.end", "before_start", "终止月份早于起始月份 (end before start)"
                )
            )
        elif months["end"] > until:
            errors.append(
                FieldError(
                    f"periods.{i}.end",
                    "future_date",
                    f"终止月份晚于 {until} (after the claim month)",
                )
            )
        else:
            periods.append(Period(row.region, months["start"], months["end"], label=f"periods.{i}"))
    if not errors:
        for a, b in overlapping_pairs(periods):
            errors.append(
                FieldError(
                    f"periods.{b}",
                    "overlap",
                    f"periods.{a}（{periods[a].region} {periods[a].start}..{periods[a].end}）与 "
                    f"periods.{b}（{periods[b].region} {periods[b].start}..{periods[b].end}）重叠 "
                    "(periods overlap)",
                )
            )
    if errors:
        raise InvalidInput(errors)
    return periods


@router.post(
    "/insurance/entitlement",
    response=EntitlementOut,
    summary="失业保险待遇测算 (unemployment-benefit entitlement)",
)
def entitlement(request: HttpRequest, payload: EntitlementIn) -> dict[str, Any]:
    """Public and stateless: periods in every member region add up; the answer gives the
    rule it rests on and a reason for each step or failed condition."""
    errors: list[FieldError] = []
    if not _known(payload.claim_region):
        errors.append(FieldError("claim_region", "unknown_region", "未知申领地区划代码"))
    if payload.transfer_to and not _known(payload.transfer_to):
        errors.append(FieldError("transfer_to", "unknown_region", "未知转入地区划代码"))
    if payload.claim_date > timezone.localdate():
        errors.append(FieldError("claim_date", "future_date", "申领日期晚于今天 (in the future)"))
    try:
        periods = periods_parse(payload.periods, until=Month.of(payload.claim_date))
    except InvalidInput as exc:
        errors += exc.errors
    if errors:
        raise InvalidInput(errors)
    result = rules.entitlement(
        periods,
        claim_region=payload.claim_region,
        claim_date=payload.claim_date,
        separation=payload.separation,
        registered_unemployed=payload.registered_unemployed,
        carried_over_months=payload.carried_over_months,
        transfer_to=payload.transfer_to,
    )
    table, standard, transfer = result.table, result.standard, result.transfer
    return {
        "eligible": result.eligible,
        "contribution_months": result.contribution_months,
        "benefit_months": result.benefit_months,
        "monthly_amount": float(result.monthly_amount),
        "rule": {
            "id": table.id,
            "name": table.name,
            "source": table.source,
            "effective_from": table.effective_from,
            "verified": table.verified,
        }
        if table
        else None,
        "reasons": result.reasons,
        "standard": {
            "minimum_wage": standard.minimum_wage,
            "tier": standard.tier,
            "share": float(standard.share),
            "source": standard.source,
        }
        if standard
        else None,
        "transfer": {
            "kind": transfer.kind,
            "amount": float(transfer.amount),
            "benefit": float(transfer.benefit),
            "medical_and_training": float(transfer.medical_and_training),
            "source": transfer.source,
            "reason": transfer.reason,
        }
        if transfer
        else None,
    }


class PeriodOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    first_month: dt.date
    last_month: dt.date
    base: Decimal
    source: str
    flagged: bool
    flag_reason: str


class PeriodCreateIn(Schema):
    person_id: Id
    region: Code
    first_month: Code = Field(..., description="YYYY-MM")
    last_month: Code = Field(..., description="YYYY-MM")
    base: Decimal = Field(..., ge=0, max_digits=10, decimal_places=2)
    employer_id: Id | None = None
    imported: bool = Field(False, description="历史数据导入：重叠时标记待核而不拒绝")


@router.get("/insurance/periods", response=list[PeriodOut], auth=django_auth)
def periods_list(request: HttpRequest, person_id: Id) -> object:
    """A person's periods: for the person, and caseworkers of the person's region."""
    return list(selectors.periods_of(user=signed_in(request), person_id=person_id))


@router.post("/insurance/periods", response={201: PeriodOut}, auth=django_auth)
def period_create(request: HttpRequest, payload: PeriodCreateIn) -> tuple[int, object]:
    row = services.period_add(
        by=signed_in(request),
        person_id=payload.person_id,
        region=payload.region,
        first_month=payload.first_month,
        last_month=payload.last_month,
        base=payload.base,
        employer_id=payload.employer_id,
        imported=payload.imported,
    )
    return 201, row


class CaseIn(Schema):
    kind: Code = Field(
        ..., description="insurance_transfer, archive_transfer, title_recognition, …"
    )
    applicant_id: Id
    window_region: Code = Field(..., description="受理窗口所在区划")
    details: dict[str, Any] = Field(default_factory=dict)
    applicant_id_number: str | None = Field(
        None,
        max_length=18,
        description="窗口受理时录入申请人所持身份证号码，证明本人到场 (at a window: the "
        "number on the ID card the applicant presents, proving they are there)",
    )


class EventOut(Schema):
    from_state: str
    to_state: str
    region: str = Field(..., alias="region_id")
    note: str
    at: dt.datetime


class CaseOut(Schema):
    id: int
    kind: str
    kind_name: str
    applicant: str
    window_region: str
    competent_region: str
    state: str
    state_name: str
    reason: str
    received_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    details: dict[str, Any]
    transfer_id: int | None = Field(None, description="失业保险关系转移 (the insurance transfer)")
    archive_move_id: int | None = Field(None, description="档案转递 (the personnel-file move)")
    consent: str = Field("", description="online: 本人在线申请; window: 本人持证到窗口")
    events: list[EventOut]


def case_out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "kind": case.kind,
        "kind_name": cases.case_kinds()[case.kind]["name"],
        "applicant": mask_name(case.applicant.name),
        "window_region": case.window_region_id,
        "competent_region": case.competent_region_id,
        "state": case.state,
        "state_name": str(case.get_state_display()),
        "reason": case.reason,
        "received_at": case.received_at,
        "due_at": case.due_at,
        "overdue": selectors.is_overdue(case),
        "details": case.details,
        "transfer_id": case.transfer_id,
        "archive_move_id": case.archive_move_id,
        "consent": case.consent,
        "events": list(case.events.all()),
    }


@router.post(
    "/cases",
    response={200: CaseOut, 201: CaseOut},
    auth=django_auth,
    summary="一窗受理 (receive a case at any window)",
)
def case_create(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=64),
) -> tuple[int, dict[str, Any]]:
    """201 for a new case; 200 with the first case when the same request comes again."""
    case, created = cases.case_submit(
        by=signed_in(request),
        kind=payload.kind,
        applicant_id=payload.applicant_id,
        window_region=payload.window_region,
        details=payload.details,
        client_key=idempotency_key,
        applicant_id_number=payload.applicant_id_number,
    )
    return (201 if created else 200), case_out(case)


@router.get("/cases", auth=django_auth, summary="待办案件 (the caseworker's queue)")
def case_list(
    request: HttpRequest,
    state: Code | None = None,
    kind: Code | None = None,
    overdue: bool = False,
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> dict[str, Any]:
    queue = selectors.case_queue(user=signed_in(request), state=state, overdue=overdue, kind=kind)
    paginator = Paginator(queue, 50)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [CaseOut.model_validate(case_out(c)).model_dump() for c in current],
    }


@router.get("/cases/{case_id}", response=CaseOut, auth=django_auth)
def case_detail(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    return case_out(selectors.case_get(user=signed_in(request), case_id=case_id))


class TransitionIn(Schema):
    action: Literal["take", "approve", "reject", "close"]
    reason: str = Field("", max_length=255)


@router.post(
    "/cases/{case_id}/transitions",
    response=CaseOut,
    auth=django_auth,
    summary="办理一步 (take, approve, reject, close)",
)
def case_transition(request: HttpRequest, case_id: Id, payload: TransitionIn) -> dict[str, Any]:
    """One atomic step; a step the case's state does not allow answers 409 naming the state."""
    case = cases.case_transition(
        by=signed_in(request), case_id=case_id, action=payload.action, reason=payload.reason
    )
    return case_out(case)


@router.get("/insurance/transfers/{transfer_id}", auth=django_auth)
def transfer_detail(request: HttpRequest, transfer_id: Id) -> dict[str, Any]:
    """The transfer with its signed documents (the certificate of periods, the answer): for
    the person, and audited for the caseworkers of the two regions; IDs masked."""
    return selectors.transfer_get(user=signed_in(request), transfer_id=transfer_id)


class DispatchIn(Schema):
    tracking: str = Field(..., min_length=1, max_length=32, description="机要编号")


@router.post("/archives/moves/{move_id}/dispatch", auth=django_auth, summary="档案转出")
def archive_dispatch(request: HttpRequest, move_id: Id, payload: DispatchIn) -> dict[str, Any]:
    move = services.archive_dispatch(
        by=signed_in(request), move_id=move_id, tracking=payload.tracking
    )
    return {"id": move.pk, "status": move.status, "tracking": move.tracking}


@router.get("/archives/mine", auth=django_auth, summary="我的档案在哪里 (where is my file?)")
def archive_mine(request: HttpRequest) -> dict[str, Any]:
    person = selectors.person_of(signed_in(request))
    archive = selectors.archive_of(person) if person else None
    if archive is None:
        raise NotFound("未查到您的档案 (no file on record)")
    return {
        "custodian": archive.custodian,
        "region": archive.region_id,
        "region_name": archive.region.name,
        "updated_at": archive.updated_at,
        "moves": [
            {
                "from": m.from_custodian,
                "to": m.to_custodian,
                "status": m.status,
                "tracking": m.tracking,
                "requested_at": m.requested_at,
                "dispatched_at": m.dispatched_at,
                "received_at": m.received_at,
            }
            for m in ArchiveMove.objects.filter(archive=archive)
        ],
    }


@router.get("/me/record-reads", auth=django_auth, summary="谁查看了我的记录 (who read my records)")
def record_reads(request: HttpRequest) -> list[dict[str, Any]]:
    person = selectors.person_of(signed_in(request))
    return [] if person is None else selectors.record_reads(person)


@router.post(
    "/exchange/documents",
    response={201: dict[str, Any]},
    summary="接收交换文书 (a region's inbox)",
)
def exchange_inbox(
    request: HttpRequest, document: Body[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    """Another region's node delivers a signed document. A bad signature, an unknown sender or
    receiver, an unknown type and a replayed UUID are refused, each by name."""
    entry = exchange_receive(document)
    return 201, {"seq": entry.seq, "uuid": str(entry.uuid), "type": entry.type}
