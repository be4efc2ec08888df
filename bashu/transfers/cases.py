"""One-window cases (一窗受理，全域办理): the case engine.

A case is received at any member region's window and handled by the competent region.
This module holds the case kinds (data in ``data/case_kinds.json``), the per-kind details
schemas, the person's consent, submission (``case_submit``) and the transition table
(``case_transition``) with its events. The workflows a case drives — an insurance transfer,
an archive move — are ``services``' (insurance periods, transfers, archives); the case
links to them by foreign key only and runs their steps in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, InvalidInput, NotFound, schema_errors
from bashu.core.loaders import data_file_load
from bashu.core.notifications import Words, notify
from bashu.core.permissions import Actor, account, require_actor, require_officer
from bashu.people.models import Person
from bashu.transfers import services
from bashu.transfers.exchange import exchange_send
from bashu.transfers.models import (
    ArchiveMove,
    Case,
    CaseEvent,
    CaseState,
    Consent,
    InsuranceTransfer,
)
from bashu.transfers.services import _zone_region

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def case_kinds() -> dict[str, dict[str, Any]]:
    """Case kinds as data: name, service time, which field names the competent region."""
    rows = data_file_load(DATA / "case_kinds.json")
    return {r["kind"]: r for r in rows}


def case_kind_name(kind: str) -> str:
    """A case kind's name (事项名称) in the reader's language (the names are data)."""
    spec = case_kinds().get(kind)
    if spec is None:
        return kind
    english = (get_language() or "").startswith("en")
    return capfirst(str(spec["name_en"] if english else spec["name"]))


#: The kind's name, read in the language a message is written in (``Words`` parameters).
_kind_name_lazy = lazy(case_kind_name, str)


def _applicant_notify(case: Case, state: str) -> None:
    """Tell the applicant their case moved (in the step's transaction: with it or not at
    all), once per case and state, in every language of the portal."""
    recipient = case.applicant.account
    if recipient is None:
        return
    notify(
        recipient=recipient,
        kind="transfers.case",
        title=Words(
            gettext_noop("“%(kind)s”：%(state)s"),
            {"kind": _kind_name_lazy(case.kind), "state": CaseState(state).label},
        ),
        body=Words(
            gettext_noop("承办地区：%(region)s。详情和下一步见办事大厅的案件页面。"),
            {"region": case.competent_region.name},
        ),
        link=f"/cases/{case.pk}/",
        dedupe_key=f"transfers.case:{case.pk}:{state}",
    )


def _client_key(kind: str, applicant: int, details: dict[str, Any], given: str | None) -> str:
    """The same request submitted again the same day is the same case (重复提交不重复受理)."""
    # A key the client gives is scoped to the applicant and kind, so one person's key can
    # never name another person's case.
    content = json.dumps(
        [kind, applicant, given[:128]]
        if given
        else [kind, applicant, details, timezone.localdate().isoformat()],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode()).hexdigest()


class _Details(BaseModel):
    """What a case asks for, per kind (申请事项): checked before anything is written."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _MoveDetails(_Details):
    to_region: str = Field(..., min_length=6, max_length=6, pattern=r"^\d{6}$")


class InsuranceTransferDetails(_MoveDetails):
    drawing_benefit: bool = False
    months_drawn: int = Field(0, ge=0, le=24)


class ArchiveTransferDetails(_MoveDetails):
    to_custodian: str = Field(..., min_length=1, max_length=128)


class TitleRecognitionDetails(_Details):
    host_region: str = Field(..., min_length=6, max_length=6, pattern=r"^\d{6}$")
    certificate_number: str = Field("", max_length=40)


class RegionDetails(_Details):
    region: str = Field(..., min_length=6, max_length=6, pattern=r"^\d{6}$")


DETAILS: dict[str, type[_Details]] = {
    "insurance_transfer": InsuranceTransferDetails,
    "archive_transfer": ArchiveTransferDetails,
    "title_recognition": TitleRecognitionDetails,
    "policy_claim": RegionDetails,
    "unemployment_benefit": RegionDetails,
}


def case_details_parse(kind: str, details: dict[str, Any]) -> _Details:
    """``details`` checked against the kind's schema; 422 naming ``details.<field>``."""
    try:
        return DETAILS[kind].model_validate(details)
    except ValidationError as exc:
        raise InvalidInput(schema_errors(exc, prefix="details.")) from exc


def _consent(by: Actor, person: Person, window_region: str, id_number: str | None) -> str:
    """How the person asked (本人意愿): signed in as themselves, or present at a window of
    ``by``'s region with their ID card, whose number the caseworker enters and which must be
    the person's. Nobody opens a case for somebody else."""
    user = account(by)
    if user is not None and person.account_id == user.pk:
        return Consent.ONLINE
    require_officer(by, window_region, what=_("在本窗口受理"))
    id_number = (id_number or "").strip().upper()
    if not id_number:
        raise InvalidInput.one(
            "applicant_id_number",
            "consent_required",
            _("须由申请人本人持身份证到窗口办理：请录入其所持证件号码"),
        )
    if id_number != person.resident_id:
        raise InvalidInput.one(
            "applicant_id_number",
            "id_mismatch",
            _("所录证件号码与申请人不符"),
        )
    return Consent.WINDOW


def _event(case: Case, to_state: str, by: Actor | None, region: str, note: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        from_state=case.state,
        to_state=to_state,
        region_id=region,
        by=account(by),
        note=note,
    )
    case.state = to_state


def _case_open(
    *,
    by: Actor,
    kind: str,
    person: Person,
    window_region: str,
    competent_region: str,
    details: dict[str, Any],
    client_key: str,
    consent: str,
    transfer: InsuranceTransfer | None = None,
    archive_move: ArchiveMove | None = None,
) -> Case:
    spec = case_kinds()[kind]
    case = Case(
        kind=kind,
        applicant=person,
        window_region_id=window_region,
        competent_region_id=competent_region,
        details=details,
        client_key=client_key,
        consent=consent,
        transfer=transfer,
        archive_move=archive_move,
        due_at=timezone.now() + dt.timedelta(days=spec["service_days"]),
        state="",
    )
    case.save()
    _event(case, CaseState.RECEIVED, by, window_region, f"{window_region} 窗口受理")
    _event(case, CaseState.ROUTED, None, competent_region, f"转 {competent_region} 承办")
    case.save(update_fields=["state"])
    if window_region != competent_region:
        exchange_send(
            doc_type="case.routed",
            sender=window_region,
            receiver=competent_region,
            body={"case": case.pk, "kind": kind, "details": details},
            purpose=f"一窗受理转办：{spec['name']}",
            person=person,
        )
    audit_record(
        actor=by,
        action="case.submit",
        target_type="case",
        target_id=case.pk,
        detail={
            "kind": kind,
            "window": window_region,
            "competent": competent_region,
            "consent": consent,
        },
    )
    return case


def case_submit(
    *,
    by: Actor,
    kind: str,
    applicant_id: int,
    window_region: str,
    details: dict[str, Any],
    client_key: str | None = None,
    applicant_id_number: str | None = None,
) -> tuple[Case, bool]:
    """Receive a case at any member region's window and route it to the competent region.
    Returns the case and whether it is new: the same submission again returns the first.

    Only the person (signed in) or a caseworker of the window's region with the person
    present (``applicant_id_number`` read from their ID card) may submit; ``details`` must
    match the kind's schema."""
    by = require_actor(by)
    if kind not in case_kinds():
        raise InvalidInput.one("kind", "choice", _("未知事项 %(kind)s") % {"kind": kind})
    parsed = case_details_parse(kind, details)
    _zone_region("window_region", window_region)
    person = Person.objects.filter(pk=applicant_id).first()
    if person is None:
        raise InvalidInput.one("applicant_id", "not_found", _("申请人不存在"))
    consent = _consent(by, person, window_region, applicant_id_number)
    if isinstance(parsed, InsuranceTransferDetails | ArchiveTransferDetails):
        return _move_case_submit(
            by=by,
            person=person,
            parsed=parsed,
            window_region=window_region,
            client_key=client_key,
            consent=consent,
        )
    clean = parsed.model_dump()
    field = case_kinds()[kind]["competent"]
    competent = str(clean[field])
    _zone_region(f"details.{field}", competent)
    key = _client_key(kind, person.pk, clean, client_key)
    existing = Case.objects.filter(client_key=key, applicant=person).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return (
                _case_open(
                    by=by,
                    kind=kind,
                    person=person,
                    window_region=window_region,
                    competent_region=competent,
                    details=clean,
                    client_key=key,
                    consent=consent,
                ),
                True,
            )
    except IntegrityError as exc:  # submitted twice at the same moment: the other one won
        existing = Case.objects.filter(client_key=key, applicant=person).first()
        if existing is None:  # the key is someone else's case: never show it
            raise Conflict(_("提交标识已被使用，请更换 Idempotency-Key")) from exc
        return existing, False


@transaction.atomic
def _move_case_submit(
    *,
    by: Actor,
    person: Person,
    parsed: InsuranceTransferDetails | ArchiveTransferDetails,
    window_region: str,
    client_key: str | None,
    consent: str,
) -> tuple[Case, bool]:
    """A move between regions is requested from its owner's service and the case goes to the
    destination's queue, in one transaction; asking again for the same move returns the case
    of the open one.

    An insurance transfer: the origin certifies the periods (``services._transfer_request``).
    An archive transfer: the file's move is requested (``services._archive_transfer_request``).
    """
    link: dict[str, Any]  # the case's foreign key to the move: transfer or archive_move
    if isinstance(parsed, InsuranceTransferDetails):
        kind = "insurance_transfer"
        transfer, created = services._transfer_request(
            by=by,
            person_id=person.pk,
            to_region=parsed.to_region,
            window_region=window_region,
            drawing_benefit=parsed.drawing_benefit,
            months_drawn=parsed.months_drawn,
        )
        link = {"transfer": transfer}
        competent_region = transfer.to_region_id
        details: dict[str, Any] = {
            "from_region": transfer.from_region_id,
            "to_region": transfer.to_region_id,
        }
        key_details: dict[str, Any] = {"t": transfer.pk}
    else:
        kind = "archive_transfer"
        move, created = services._archive_transfer_request(
            by=by,
            person_id=person.pk,
            to_region=parsed.to_region,
            to_custodian=parsed.to_custodian,
            window_region=window_region,
        )
        link = {"archive_move": move}
        competent_region = move.to_region_id
        details = {"to_region": move.to_region_id, "to_custodian": move.to_custodian}
        key_details = {"m": move.pk}
    if not created:
        return Case.objects.get(**link), False
    case = _case_open(
        by=by,
        kind=kind,
        person=person,
        window_region=window_region,
        competent_region=competent_region,
        details=details,
        client_key=_client_key(kind, person.pk, key_details, client_key),
        consent=consent,
        **link,
    )
    return case, True


#: What each action is called in a refusal (不能受理审查…).
ACTION_NAMES: dict[str, Any] = {
    "take": gettext_lazy("受理审查"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("作出不予批准的决定"),
    "close": gettext_lazy("办结"),
}

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "take": ((CaseState.ROUTED,), CaseState.IN_REVIEW),
    "approve": ((CaseState.IN_REVIEW,), CaseState.APPROVED),
    "reject": ((CaseState.IN_REVIEW,), CaseState.REJECTED),
    "close": ((CaseState.APPROVED, CaseState.REJECTED), CaseState.DONE),
}


@transaction.atomic
def case_transition(*, by: Actor, case_id: int, action: str, reason: str = "") -> Case:
    """Move a case one step. The row is locked, so two caseworkers approving at once give one
    approval and one refusal naming the state the case is already in. Approving or rejecting
    a transfer answers it in the same transaction."""
    if action not in TRANSITIONS:
        raise InvalidInput.one("action", "choice", _("操作须为 take、approve、reject 或 close"))
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("案件 %(id)s 不存在") % {"id": case_id})
    require_officer(by, case.competent_region_id, what=_("办理该案件"))
    sources, target = TRANSITIONS[action]
    if case.state not in sources:
        raise Conflict(
            _("案件当前状态为“%(state)s”，不能%(action)s")
            % {"state": CaseState(case.state).label, "action": ACTION_NAMES[action]}
        )
    reason = reason.strip()
    if action == "reject" and not reason:
        raise InvalidInput.one("reason", "required", _("不予批准须说明理由"))
    effect = _EFFECTS.get((case.kind, action))
    if effect is not None:
        effect(by, case, reason)
    _event(case, target, by, case.competent_region_id, reason[:255])
    case.reason = reason[:255] or case.reason
    case.handler = account(by)
    if target == CaseState.DONE:
        case.closed_at = timezone.now()
    case.save(update_fields=["state", "reason", "handler", "closed_at"])
    _applicant_notify(case, target)
    audit_record(
        actor=by,
        action=f"case.{action}",
        target_type="case",
        target_id=case.pk,
        detail={"kind": case.kind, "state": target},
    )
    return case


def _transfer_id(case: Case) -> int:
    if case.transfer_id is None:
        raise Conflict(_("该案件没有关联的失业保险关系转移"))
    return case.transfer_id


def _archive_move_id(case: Case) -> int:
    if case.archive_move_id is None:
        raise Conflict(_("该案件没有关联的档案转递"))
    return case.archive_move_id


#: (kind, action) → the workflow step it runs, in the transition's transaction.
_EFFECTS: dict[tuple[str, str], Callable[[Actor, Case, str], None]] = {
    ("insurance_transfer", "approve"): lambda by, case, reason: services._transfer_answer(
        by=by, transfer_id=_transfer_id(case), reason=reason, accept=True
    ),
    ("insurance_transfer", "reject"): lambda by, case, reason: services._transfer_answer(
        by=by, transfer_id=_transfer_id(case), reason=reason, accept=False
    ),
    ("archive_transfer", "approve"): lambda by, case, reason: services._archive_receive(
        by=by, move_id=_archive_move_id(case)
    ),
    ("archive_transfer", "reject"): lambda by, case, reason: services._archive_refuse(
        by=by, move_id=_archive_move_id(case)
    ),
}
