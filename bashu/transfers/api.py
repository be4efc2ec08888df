"""API of records that follow people: the entitlement calculator (public), insurance periods,
transfers, archives, one-window cases and the exchange inbox.

Lists answer one page ``{items, count}`` (``bashu.core.pagination``, ``limit``/``offset``).
No ``from __future__ import annotations`` here: ``ninja.pagination.paginate`` wraps the
handlers and ninja resolves string annotations in the wrapper's module, not this one."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params import functions as params
from ninja.security import django_auth
from pydantic import PlainSerializer, WithJsonSchema

from bashu.core.bounds import Code, Id
from bashu.core.identity import mask_name
from bashu.core.pagination import Pagination
from bashu.core.scoping import signed_in
from bashu.transfers import cases, rules, selectors, services
from bashu.transfers.exchange import exchange_receive
from bashu.transfers.models import Archive, ArchiveMove, Case
from bashu.transfers.selectors import EntitlementIn

router = Router(tags=["transfers 随人走"])


#: Money (元) in answers: a ``Decimal`` end to end, written in JSON as a string with two
#: decimals (``"1890.00"``), exact, as in the signed exchange documents.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?\d+\.\d{2}$",
            "description": "金额（元），两位小数的十进制字符串 (yuan, a decimal string with "
            "two places)",
            "examples": ["1890.00"],
        },
        mode="serialization",
    ),
]
#: A ratio (share of the minimum wage): a ``Decimal``, written in JSON as a string.
Ratio = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {"type": "string", "description": "比例，十进制字符串 (a decimal string)"},
        mode="serialization",
    ),
]


class RuleOut(Schema):
    id: str
    name: str
    source: str
    effective_from: dt.date
    verified: bool


class StandardOut(Schema):
    minimum_wage: int
    tier: int
    share: Ratio
    source: str


class FundsOut(Schema):
    kind: str
    amount: Money
    benefit: Money
    medical_and_training: Money
    source: str
    reason: str


class EntitlementOut(Schema):
    eligible: bool
    contribution_months: int
    benefit_months: int
    monthly_amount: Money
    rule: RuleOut | None = Field(None, alias="table")
    reasons: list[str]
    standard: StandardOut | None
    transfer: FundsOut | None


@router.post(
    "/insurance/entitlement",
    response=EntitlementOut,
    summary="失业保险待遇测算 (unemployment-benefit entitlement)",
)
def entitlement(request: HttpRequest, payload: EntitlementIn) -> rules.Entitlement:
    """Public and stateless: periods in every member region add up; the answer gives the
    rule it rests on and a reason for each step or failed condition. Amounts are decimal
    strings (``"1890.00"``)."""
    return selectors.entitlement_words(selectors.entitlement_estimate(payload))


class PeriodOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    first_month: dt.date
    last_month: dt.date
    base: Money
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
@paginate(Pagination)
def periods_list(request: HttpRequest, person_id: Id) -> Any:
    """A person's periods, first month first: for the person, and caseworkers of the
    person's region. One page ``{items, count}``."""
    return selectors.periods_of(user=signed_in(request), person_id=person_id)


@router.post("/insurance/periods", response={201: PeriodOut}, auth=django_auth)
def period_create(request: HttpRequest, payload: PeriodCreateIn) -> Status[object]:
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
    return Status(201, row)


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
    idempotency_key: str | None = params.Header(None, alias="Idempotency-Key", max_length=64),
) -> Status[dict[str, Any]]:
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
    return Status(201 if created else 200, case_out(case))


@router.get(
    "/cases",
    response=list[CaseOut],
    auth=django_auth,
    summary="待办案件 (the caseworker's queue)",
)
@paginate(Pagination, convert=case_out)
def case_list(
    request: HttpRequest,
    state: Code | None = None,
    kind: Code | None = None,
    overdue: bool = False,
) -> Any:
    """The cases the caseworker's region is competent for, the most urgent first; one page
    ``{items, count}``."""
    return selectors.case_queue(user=signed_in(request), state=state, overdue=overdue, kind=kind)


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


class TransferOut(Schema):
    id: int
    from_region: str
    to_region: str
    status: str = Field(..., description="certified, accepted, returned")
    contribution_months: int
    funds_kind: str = Field(..., description="funds: 随关系划转资金; relationship_only: 只转关系")
    funds: Money
    return_reason: str
    requested_at: dt.datetime
    answered_at: dt.datetime | None
    certificate: dict[str, Any] = Field(..., description="缴费期间核定文书（身份证号脱敏）")
    answer: dict[str, Any] | None = Field(None, description="接收或退回文书（身份证号脱敏）")


@router.get("/insurance/transfers/{transfer_id}", response=TransferOut, auth=django_auth)
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


class MoveOut(Schema):
    from_custodian: str = Field(..., serialization_alias="from", description="转出机构")
    to: str = Field(..., validation_alias="to_custodian", description="接收机构")
    status: str
    tracking: str
    requested_at: dt.datetime
    dispatched_at: dt.datetime | None
    received_at: dt.datetime | None


class ArchiveOut(Schema):
    custodian: str
    region: str = Field(..., validation_alias="region_id")
    region_name: str
    updated_at: dt.datetime
    moves: list[MoveOut] = Field(..., description="转递记录，最新在前 (moves, newest first)")

    @staticmethod
    def resolve_region_name(archive: Archive) -> str:
        return archive.region.name

    @staticmethod
    def resolve_moves(archive: Archive) -> list[ArchiveMove]:
        return list(archive.moves.all())


@router.get(
    "/archives/mine",
    response=ArchiveOut,
    by_alias=True,
    auth=django_auth,
    summary="我的档案在哪里 (where is my file?)",
)
def archive_mine(request: HttpRequest) -> Archive:
    return selectors.archive_mine(user=signed_in(request))


class RecordReadOut(Schema):
    at: dt.datetime
    region: str
    region_name: str
    why: str
    how: str


@router.get(
    "/me/record-reads",
    response=list[RecordReadOut],
    auth=django_auth,
    summary="谁查看了我的记录 (who read my records)",
)
@paginate(Pagination)
def record_reads(request: HttpRequest) -> Any:
    """Which region read the signed-in person's records, when and why, newest first; one
    page ``{items, count}``."""
    person = selectors.person_of(signed_in(request))
    return [] if person is None else selectors.record_reads(person)


@router.post(
    "/exchange/documents",
    response={201: dict[str, Any]},
    summary="接收交换文书 (a region's inbox)",
)
def exchange_inbox(request: HttpRequest, document: Body[dict[str, Any]]) -> Status[dict[str, Any]]:
    """Another region's node delivers a signed document. A bad signature, an unknown sender or
    receiver, an unknown type and a replayed UUID are refused, each by name."""
    entry = exchange_receive(document)
    return Status(201, {"seq": entry.seq, "uuid": str(entry.uuid), "type": entry.type})
