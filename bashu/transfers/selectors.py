"""Reads: a person's periods, archive and cases; caseworkers' queues; who read a record."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bashu.core.audit import audit_record
from bashu.core.codes import region_prefix
from bashu.core.errors import Forbidden, NotFound
from bashu.core.identity import mask_name, mask_resident_id
from bashu.core.models import AuditEntry, User
from bashu.core.scoping import in_scope, is_full_access
from bashu.people.models import Person
from bashu.transfers.models import (
    Archive,
    Case,
    CaseState,
    ExchangeDocument,
    InsurancePeriod,
    InsuranceTransfer,
)


def person_of(user: User) -> Person | None:
    return Person.objects.filter(account_id=user.pk).first()


def _may_read_person(user: User, person: Person) -> bool:
    return person.account_id == user.pk or in_scope(user, person.region_id)


def periods_of(*, user: User, person_id: int) -> QuerySet[InsurancePeriod]:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("参保人不存在 (no such person)")
    if not _may_read_person(user, person):
        raise Forbidden("须通过跨区域协查 (another region's record: ask through an exchange)")
    return person.insurance_periods.select_related("region").order_by("first_month")


def case_visible(user: User, case: Case) -> bool:
    return (
        case.applicant.account_id == user.pk
        or in_scope(user, case.competent_region_id)
        or in_scope(user, case.window_region_id)
    )


def case_get(*, user: User, case_id: int) -> Case:
    case = (
        Case.objects.select_related("applicant", "window_region", "competent_region")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not case_visible(user, case):
        raise NotFound(f"案件 {case_id} 不存在 (no such case)")
    return case


def case_queue(
    *, user: User, state: str | None = None, overdue: bool = False, kind: str | None = None
) -> QuerySet[Case]:
    """A caseworker's queue: cases their region is competent for, the most urgent first."""
    cases = Case.objects.select_related("applicant", "window_region", "competent_region")
    if not is_full_access(user):
        if not user.region_id:
            raise Forbidden("仅限经办人员 (caseworkers only)")
        cases = cases.filter(competent_region__code__startswith=region_prefix(user.region_id))
    cases = cases.filter(state=state) if state else cases.exclude(state=CaseState.DONE)
    if kind:
        cases = cases.filter(kind=kind)
    if overdue:
        cases = cases.filter(due_at__lt=timezone.now()).exclude(state=CaseState.DONE)
    return cases.order_by("due_at", "id")


def cases_of(person: Person) -> QuerySet[Case]:
    return person.cases.select_related("window_region", "competent_region").order_by("-received_at")


def is_overdue(case: Case) -> bool:
    return case.state != CaseState.DONE and case.due_at < timezone.now()


def archive_of(person: Person) -> Archive | None:
    return Archive.objects.select_related("region").filter(person=person).first()


def record_reads(person: Person) -> list[dict[str, Any]]:
    """Which region read this person's records, when and why (谁查看了我的记录): documents about
    them received by other regions, and full reads in the audit log."""
    rows: list[dict[str, Any]] = [
        {
            "at": d.received_at,
            "region": d.receiver_id,
            "region_name": d.receiver.name,
            "why": d.purpose,
            "how": f"交换文书 {d.type}",
        }
        for d in ExchangeDocument.objects.select_related("receiver").filter(person=person)
    ]
    reads = AuditEntry.objects.filter(
        Q(target_type="person", target_id=str(person.pk))
        & (Q(action__endswith=".reveal") | Q(action__startswith="insurance."))
    ).exclude(region_code="")  # the person's own actions are not someone reading their record
    rows += [
        {
            "at": e.at,
            "region": e.region_code,
            "region_name": "",
            "why": e.purpose or e.action,
            "how": f"经办人员 {mask_name(e.actor_username)}",
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
    own = transfer is not None and transfer.person.account_id == user.pk
    if transfer is None or not (
        own or in_scope(user, transfer.from_region_id) or in_scope(user, transfer.to_region_id)
    ):
        raise NotFound(f"转移 {transfer_id} 不存在 (no such transfer)")
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
        "funds": str(transfer.funds),
        "return_reason": transfer.return_reason,
        "requested_at": transfer.requested_at,
        "answered_at": transfer.answered_at,
        "certificate": _masked_document(transfer.certificate.body),
        "answer": _masked_document(transfer.answer.body) if transfer.answer else None,
    }
