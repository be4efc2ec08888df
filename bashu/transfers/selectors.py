"""Reads: a person's periods, archive and cases; caseworkers' queues; who read a record;
the entitlement estimate (失业保险待遇测算) over periods as entered or as recorded.

Who may read what is the permission layer's (``bashu.core.permissions``); querysets are
scoped by region with ``bashu.core.scoping.region_filter``, in the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from bashu.core.audit import audit_record
from bashu.core.bounds import Code
from bashu.core.errors import FieldError, Forbidden, InvalidInput, NotFound
from bashu.core.identity import mask_name, mask_resident_id
from bashu.core.models import AuditEntry, Region, User
from bashu.core.models.reference import zone_region
from bashu.core.permissions import account, may_act_for
from bashu.core.scoping import region_filter
from bashu.core.selectors import region_names
from bashu.people.models import Person
from bashu.transfers import rules
from bashu.transfers.models import (
    Archive,
    ArchiveMove,
    Case,
    CaseEvent,
    CaseState,
    ExchangeDocument,
    InsurancePeriod,
    InsuranceTransfer,
)
from bashu.transfers.periods import Month, Period, overlapping_pairs

# ---------------------------------------------------------------- periods as entered


class PeriodIn(BaseModel):
    """A contribution period as entered (参保缴费期间): the region paid in and the first and
    last month, ``YYYY-MM``. The one input shape of a period: the entitlement calculator
    reads a list of them, ``services.period_add`` one, and both check it with ``checked``."""

    region: Code = Field(..., description="参保地区划代码（6 位）")
    start: Code = Field(..., description="起始月份 YYYY-MM")
    end: Code = Field(..., description="终止月份 YYYY-MM")

    def checked(
        self, *, until: Month, names: Mapping[str, str], label: str = ""
    ) -> tuple[Period | None, list[FieldError]]:
        """The period, or every rule it breaks, each naming its field through ``names``
        (``region``, ``start``, ``end`` → the caller's field paths): a region of the zone,
        two months ``YYYY-MM``, the end not before the start and not after ``until``."""
        errors: list[FieldError] = []
        if zone_region(self.region) is None:
            errors.append(
                FieldError(
                    names["region"],
                    "unknown_region",
                    _("未知或区外区划代码 %(code)s") % {"code": self.region},
                )
            )
        months: dict[str, Month] = {}
        for name in ("start", "end"):
            try:
                months[name] = Month.parse(getattr(self, name))
            except ValueError as exc:
                errors.append(FieldError(names[name], "month_format", str(exc)))
        if len(months) == 2:
            if months["end"] < months["start"]:
                errors.append(FieldError(names["end"], "before_start", _("终止月份早于起始月份")))
            elif months["end"] > until:
                errors.append(
                    FieldError(
                        names["end"],
                        "future_date",
                        _("终止月份晚于 %(until)s") % {"until": until},
                    )
                )
        if errors:
            return None, errors
        return Period(self.region, months["start"], months["end"], label=label), []


def periods_check(rows: Sequence[PeriodIn], *, until: Month) -> list[Period]:
    """Periods as entered, every broken rule named by its field (``periods.1.end``); two
    periods that overlap are refused with both named."""
    errors: list[FieldError] = []
    periods: list[Period] = []
    for i, row in enumerate(rows):
        at = f"periods.{i}"
        period, broken = row.checked(
            until=until,
            names={"region": f"{at}.region", "start": f"{at}.start", "end": f"{at}.end"},
            label=at,
        )
        errors += broken
        if period is not None:
            periods.append(period)
    if not errors:
        for a, b in overlapping_pairs(periods):
            errors.append(
                FieldError(
                    f"periods.{b}",
                    "overlap",
                    _("%(a)s（%(a_period)s）与 %(b)s（%(b_period)s）重叠")
                    % {
                        "a": f"periods.{a}",
                        "a_period": f"{periods[a].region} {periods[a].start}..{periods[a].end}",
                        "b": f"periods.{b}",
                        "b_period": f"{periods[b].region} {periods[b].start}..{periods[b].end}",
                    },
                )
            )
    if errors:
        raise InvalidInput(errors)
    return periods


class EntitlementIn(BaseModel):
    """A question to the entitlement calculator (待遇测算): periods in any member regions,
    where and when the claim is made, and how the job ended."""

    periods: list[PeriodIn] = Field(..., max_length=200)
    claim_region: Code
    claim_date: dt.date
    separation: Literal["involuntary", "voluntary"]
    registered_unemployed: bool
    carried_over_months: int = Field(0, ge=0, le=24)
    transfer_to: Code | None = Field(None, description="转移到的地区（可选）：给出随关系划转的金额")


def reason_words(reason: str) -> str:
    """A reason of ``rules.entitlement`` (理由) in the reader's language: its msgid translated,
    then its values filled in (a place's name translated too)."""
    if not isinstance(reason, rules.Reason):
        return _(reason)
    if not reason.values:
        return _(reason.message)
    values = {
        k: reason_words(v) if isinstance(v, rules.Reason) else v for k, v in reason.values.items()
    }
    return _(reason.message) % values


def entitlement_words(result: rules.Entitlement) -> rules.Entitlement:
    """``result`` with its reasons (and its transfer's) in the reader's language."""
    transfer = result.transfer
    return replace(
        result,
        reasons=[reason_words(r) for r in result.reasons],
        transfer=replace(transfer, reason=reason_words(transfer.reason)) if transfer else None,
    )


def entitlement_estimate(question: EntitlementIn) -> rules.Entitlement:
    """What the periods entitle the claimant to, with the rule and a reason for each step
    (pure: nothing is read but reference data, nothing stored). Every broken rule of the
    question is named at once: unknown regions, a claim date in the future, bad periods."""
    errors: list[FieldError] = []
    if zone_region(question.claim_region) is None:
        errors.append(FieldError("claim_region", "unknown_region", _("未知申领地区划代码")))
    if question.transfer_to and zone_region(question.transfer_to) is None:
        errors.append(FieldError("transfer_to", "unknown_region", _("未知转入地区划代码")))
    if question.claim_date > timezone.localdate():
        errors.append(FieldError("claim_date", "future_date", _("申领日期晚于今天")))
    periods: list[Period] = []
    try:
        until = Month.of(question.claim_date)
    except ValueError as exc:  # a date before the months the platform knows (1900)
        errors.append(FieldError("claim_date", "minimum", str(exc)))
    else:
        try:
            periods = periods_check(question.periods, until=until)
        except InvalidInput as exc:
            errors += exc.errors
    if errors:
        raise InvalidInput(errors)
    return rules.entitlement(
        periods,
        claim_region=question.claim_region,
        claim_date=question.claim_date,
        separation=question.separation,
        registered_unemployed=question.registered_unemployed,
        carried_over_months=question.carried_over_months,
        transfer_to=question.transfer_to,
    )


# ---------------------------------------------------------------- recorded periods


def as_period(row: InsurancePeriod) -> Period:
    """A recorded period as the pure rules read it."""
    return Period(row.region_id, Month.of(row.first_month), Month.of(row.last_month))


def relationship_region(person: Person) -> str:
    """Where the person's insurance relationship is now: the last accepted transfer's
    destination, else the region of the latest period, else the person's own region."""
    moved = (
        person.insurance_transfers.filter(status=InsuranceTransfer.Status.ACCEPTED)
        .order_by("-answered_at")
        .first()
    )
    latest = person.insurance_periods.order_by("-last_month").first()
    if moved and (latest is None or moved.answered_at.date() >= latest.last_month):  # type: ignore[union-attr]
        return moved.to_region_id
    return latest.region_id if latest else person.region_id


@dataclass(frozen=True)
class Standing:
    """A person's insurance standing as the service hall shows it (我的参保): the recorded
    periods, where the relationship is, and what the periods would entitle them to if they
    lost their job today (none while a period is flagged for review)."""

    periods: list[InsurancePeriod]
    relationship: Region | None
    estimate: rules.Entitlement | None


def standing_of(person: Person) -> Standing:
    """The person's periods, relationship region and today's estimate: three queries."""
    periods = list(person.insurance_periods.select_related("region").order_by("first_month"))
    relationship = relationship_region(person)
    estimate = None
    if periods and not any(p.flagged for p in periods):
        estimate = rules.entitlement(
            [as_period(p) for p in periods],
            claim_region=relationship,
            claim_date=timezone.localdate(),
            separation="involuntary",
            registered_unemployed=True,
        )
    return Standing(periods, Region.objects.filter(code=relationship).first(), estimate)


def person_of(user: User) -> Person | None:
    """The insured person whose account ``user`` is, if any."""
    return Person.objects.filter(account_id=user.pk).first()


def _is_own(user: object, person: Person) -> bool:
    signed = account(user)
    return signed is not None and person.account_id == signed.pk


def _may_read_person(user: object, person: Person) -> bool:
    return _is_own(user, person) or may_act_for(user, person.region_id)


def periods_of(*, user: User, person_id: int) -> QuerySet[InsurancePeriod]:
    """A person's recorded periods, for the person and the caseworkers of their region;
    anyone else is told to ask through an exchange (403)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("参保人不存在"))
    if not _may_read_person(user, person):
        raise Forbidden(_("须通过跨区域协查"))
    return person.insurance_periods.select_related("region").order_by("first_month")


def case_visible(user: object, case: Case) -> bool:
    """The applicant and the caseworkers of the window's and the competent region, and for a
    personnel-file transfer those of the region holding the file (who dispatch it)."""
    return (
        _is_own(user, case.applicant)
        or may_act_for(user, case.competent_region_id)
        or may_act_for(user, case.window_region_id)
        or (case.archive_move is not None and may_act_for(user, case.archive_move.from_region_id))
    )


def _with_events(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what a case's answer shows, in a fixed number of queries for any number."""
    return cases.select_related("applicant", "window_region", "competent_region").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("region").order_by("at", "id"))
    )


def case_get(*, user: User, case_id: int) -> Case:
    """One case for those who may see it (``case_visible``), with its events and the
    workflow it drives; 404 for anyone else."""
    case = (
        _with_events(Case.objects.filter(pk=case_id))
        .select_related("transfer", "archive_move")
        .first()
    )
    if case is None or not case_visible(user, case):
        raise NotFound(_("案件 %(id)s 不存在") % {"id": case_id})
    return case


def case_queue(
    *, user: User, state: str | None = None, overdue: bool = False, kind: str | None = None
) -> QuerySet[Case]:
    """A caseworker's queue: cases their region is competent for, and personnel-file
    transfers whose file their region holds and must still dispatch (待转出), the most urgent
    first. Administrators see every region's; anyone else is refused (403)."""
    competent = region_filter(Case.objects.all(), user, field="competent_region")
    holding = region_filter(
        Case.objects.filter(archive_move__status=ArchiveMove.Status.REQUESTED),
        user,
        field="archive_move__from_region",
    )
    if competent is None or holding is None:
        raise Forbidden(_("仅限经办人员"))
    cases = _with_events(competent | holding).select_related("archive_move")
    cases = cases.filter(state=state) if state else cases.exclude(state=CaseState.DONE)
    if kind:
        cases = cases.filter(kind=kind)
    if overdue:
        cases = cases.filter(due_at__lt=timezone.now()).exclude(state=CaseState.DONE)
    return cases.order_by("due_at", "id")


def cases_of(person: Person) -> QuerySet[Case]:
    """The person's own cases (我的办件), newest first."""
    return _with_events(person.cases.all()).order_by("-received_at")


def is_overdue(case: Case) -> bool:
    return case.state != CaseState.DONE and case.due_at < timezone.now()


def archive_of(person: Person) -> Archive | None:
    """Where the person's file is (档案在哪里)."""
    return Archive.objects.select_related("region").filter(person=person).first()


def archive_mine(*, user: User) -> Archive:
    """The signed-in person's own file with its moves newest first (prefetched); 404 when
    they have none on record."""
    person = person_of(user)
    archive = (
        Archive.objects.select_related("region")
        .prefetch_related(Prefetch("moves", queryset=ArchiveMove.objects.order_by("-requested_at")))
        .filter(person=person)
        .first()
        if person is not None
        else None
    )
    if archive is None:
        raise NotFound(_("未查到您的档案"))
    return archive


def archive_moves_of(person: Person) -> QuerySet[ArchiveMove]:
    """The moves of the person's file, newest first."""
    return ArchiveMove.objects.filter(archive__person=person).order_by("-requested_at")


def archive_moves_to_dispatch(*, user: object) -> QuerySet[ArchiveMove]:
    """Files asked for that the regions ``user`` acts for hold and must send (待转出), oldest
    first; filtered in the database. Nobody else has any."""
    moves = ArchiveMove.objects.filter(status=ArchiveMove.Status.REQUESTED)
    scoped = region_filter(moves, user, field="from_region")
    return (scoped if scoped is not None else moves.none()).order_by("requested_at", "id")


@dataclass(frozen=True)
class CaseSteps:
    """What ``user`` may do on a case's page: act as the competent region, dispatch the file."""

    may_act: bool
    may_dispatch: bool


def case_steps(*, user: object, case: Case) -> CaseSteps:
    move = case.archive_move
    return CaseSteps(
        may_act=may_act_for(user, case.competent_region_id),
        may_dispatch=move is not None
        and move.status == ArchiveMove.Status.REQUESTED
        and may_act_for(user, move.from_region_id),
    )


def record_reads(person: Person) -> list[dict[str, Any]]:
    """Which region read this person's records, when and why (谁查看了我的记录): documents about
    them received by other regions, and full reads in the audit log."""
    rows: list[dict[str, Any]] = [
        {
            "at": d.received_at,
            "region": d.receiver_id,
            "region_name": d.receiver.name,
            "sender_name": d.sender.name,
            "why": _(d.purpose) if d.purpose else "",
            "how": _("交换文书 %(type)s") % {"type": d.type},
            "type": d.type,
        }
        for d in ExchangeDocument.objects.select_related("receiver", "sender").filter(person=person)
    ]
    reads = list(
        AuditEntry.objects.filter(
            Q(target_type="person", target_id=str(person.pk))
            & (Q(action__endswith=".reveal") | Q(action__startswith="insurance."))
        ).exclude(region_code="")  # the person's own actions are not someone reading their record
    )
    places = region_names({e.region_code for e in reads})
    rows += [
        {
            "at": e.at,
            "region": e.region_code,
            "region_name": places.get(e.region_code, ""),
            "sender_name": "",
            "why": _(e.purpose) if e.purpose else e.action,
            "how": _("经办人员 %(name)s") % {"name": mask_name(e.actor_username)},
            "type": e.action,
        }
        for e in reads
    ]
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def _masked_document(body: dict[str, Any]) -> dict[str, Any]:
    """A signed document as shown on a page or in an answer: the subject's ID masked (the
    signature then no longer verifies; the signed original travels only between regions)."""
    payload = dict(body.get("payload") or {})
    subject = payload.get("subject")
    if isinstance(subject, dict) and subject.get("resident_id"):
        payload["subject"] = {**subject, "resident_id": mask_resident_id(subject["resident_id"])}
    return {**body, "payload": payload, "masked": True}


def transfer_get(*, user: User, transfer_id: int) -> dict[str, Any]:
    """One insurance transfer for the person it is about, or a caseworker of its origin or
    destination; anyone else gets 404. A caseworker's read is audited (it shows every
    period); resident IDs are masked in the documents."""
    transfer = (
        InsuranceTransfer.objects.select_related("person", "certificate", "answer")
        .filter(pk=transfer_id)
        .first()
    )
    own = transfer is not None and _is_own(user, transfer.person)
    if transfer is None or not (
        own
        or may_act_for(user, transfer.from_region_id)
        or may_act_for(user, transfer.to_region_id)
    ):
        raise NotFound(_("转移 %(id)s 不存在") % {"id": transfer_id})
    if not own:
        audit_record(
            actor=user,
            action="insurance.transfer.read",
            target_type="person",
            target_id=transfer.person_id,
            purpose="失业保险关系转移经办",
            detail={"transfer": transfer.pk},
        )
    return {
        "id": transfer.pk,
        "from_region": transfer.from_region_id,
        "to_region": transfer.to_region_id,
        "status": transfer.status,
        "contribution_months": transfer.contribution_months,
        "funds_kind": transfer.funds_kind,
        "funds": transfer.funds,
        "return_reason": transfer.return_reason,
        "requested_at": transfer.requested_at,
        "answered_at": transfer.answered_at,
        "certificate": _masked_document(transfer.certificate.body),
        "answer": _masked_document(transfer.answer.body) if transfer.answer else None,
    }


def estimate_after_transfer(person: Person, to_region: str) -> rules.Entitlement | None:
    """What the person's periods would entitle them to once their relationship is in
    ``to_region`` (转移后测算): the same months, the destination's table and standard. None
    while a period is flagged for review or when nothing is recorded."""
    periods = list(person.insurance_periods.order_by("first_month"))
    if not periods or any(p.flagged for p in periods) or zone_region(to_region) is None:
        return None
    return rules.entitlement(
        [as_period(p) for p in periods],
        claim_region=to_region,
        claim_date=timezone.localdate(),
        separation="involuntary",
        registered_unemployed=True,
    )
