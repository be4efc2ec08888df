"""Pages: the citizen's service hall (办事大厅) and the caseworkers' case queue (一窗受理).

A service is asked for in three pages (GOV.UK's pattern): the question (regions picked by
name), "check your answers" (with what the move changes), and a confirmation saying who
handles it, where, how long and where to follow it. A case's page shows its states as
phrases, its history as a timeline and, to the caseworker whose turn it is, the one form
for their step: take, dispatch the file (the holding region), confirm receipt or refuse
(the receiving region), approve or refuse, close.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashu.core.errors import BashuError, Forbidden, NotFound
from bashu.core.models import Region, User
from bashu.core.permissions import is_officer, may_act_for
from bashu.core.selectors import region_get, region_names
from bashu.people.models import Person
from bashu.transfers import cases, rules, selectors, services
from bashu.transfers.forms import (
    ArchiveTransferForm,
    DispatchForm,
    InsuranceTransferForm,
    QueueFilterForm,
    ReasonForm,
)
from bashu.transfers.models import ArchiveMove, Case, CaseState, InsuranceTransfer


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    return request.user


kind_name = cases.case_kind_name


def _named(rows: Any) -> Any:
    """Give each case its kind's name for display."""
    for case in rows:
        case.kind_name = kind_name(case.kind)
    return rows


def _person(request: HttpRequest) -> Person:
    person = selectors.person_of(_user(request))
    if person is None:
        raise PermissionDenied(_("办事大厅供参保人本人使用：请用本人的求职者账号登录。"))
    return person


# ---------------------------------------------------------------- the estimate in words


@dataclass(frozen=True)
class Explained:
    """The entitlement estimate as sentences (待遇测算说明)."""

    headline: str
    lines: list[str]
    unverified: str


def _yuan(amount: Decimal) -> str:
    """1890.00 → "1,890"; 1890.50 → "1,890.50" (thousands separators, no empty cents)."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def explain(estimate: rules.Entitlement | None, region: Region | None) -> Explained | None:
    """What the periods entitle the person to, said in words: how many months, how much a
    month and why; a warning when the duration comes from a table not yet checked against
    the published text."""
    if estimate is None:
        return None
    place = region.name if region is not None else ""
    lines = [
        _("您在川渝各地的缴费月数合并计算，共 %(m)s 个月。") % {"m": estimate.contribution_months}
    ]
    unverified = ""
    if not estimate.eligible:
        if estimate.contribution_months < rules.MIN_CONTRIBUTION_MONTHS:
            headline = _("缴费满 12 个月后才能领取失业保险金。")
        else:
            headline = _("按 %(place)s 现行的标准，暂时无法测算。") % {"place": place}
        return Explained(headline, lines, unverified)
    headline = _(
        "如果非本人意愿失业并办理失业登记，可在 %(place)s 领取失业保险金 %(n)s 个月，每月 %(a)s 元。"
    ) % {"place": place, "n": estimate.benefit_months, "a": _yuan(estimate.monthly_amount)}
    if estimate.table is not None:
        lines.append(
            _("领取期限按《%(table)s》：缴费 %(m)s 个月可领 %(n)s 个月，最长 24 个月。")
            % {
                "table": estimate.table.name,
                "m": estimate.contribution_months,
                "n": estimate.benefit_months,
            }
        )
        if not estimate.table.verified:
            unverified = _(
                "这张期限表的数值是转录的，尚未与公布的文本核对，领取月数以经办机构核定为准。"
            )
    if estimate.standard is not None:
        lines.append(
            _("每月金额是 %(place)s 的标准：当地最低工资 %(w)s 元（第 %(t)s 档）的 %(s)s%%。")
            % {
                "place": place,
                "w": estimate.standard.minimum_wage,
                "t": estimate.standard.tier,
                "s": f"{estimate.standard.share * 100:.0f}",
            }
        )
    return Explained(headline, lines, unverified)


# ---------------------------------------------------------------- the service hall

#: Why a region read the person's record, by the exchange document's type or the audited
#: action (the stored purpose is Chinese data; this is its phrase in the page's language).
READ_PURPOSES: dict[str, Any] = {
    "case.routed": gettext_lazy("一窗受理转办"),
    "insurance.periods.certified": gettext_lazy("失业保险关系转移：核定缴费期间"),
    "insurance.transfer.accepted": gettext_lazy("失业保险关系转移：接收"),
    "insurance.transfer.returned": gettext_lazy("失业保险关系转移：退回"),
    "insurance.transfer.read": gettext_lazy("失业保险关系转移经办"),
    "archive.transfer.requested": gettext_lazy("调取人事档案"),
    "archive.dispatched": gettext_lazy("人事档案转出"),
    "archive.received": gettext_lazy("人事档案接收确认"),
    "insurance.period.add": gettext_lazy("经办人员登记参保期间"),
    "insurance.period.keep": gettext_lazy("经办人员核查缴费期间"),
    "insurance.period.withdraw": gettext_lazy("经办人员核查缴费期间"),
    "insurance.transfer.request": gettext_lazy("失业保险关系转移：核定缴费期间"),
}


def _reads(person: Person) -> list[dict[str, Any]]:
    """Who read the record, by the region's name (the audit log keeps only its code)."""
    rows = selectors.record_reads(person)[:20]
    names = region_names({r["region"] for r in rows if not r["region_name"]})
    for row in rows:
        row["why"] = READ_PURPOSES.get(row.get("type", ""), row["why"])
        row["region_name"] = row["region_name"] or names.get(row["region"], row["region"])
    return rows


SERVICES = ("insurance_transfer", "archive_transfer")


@login_required
def service_hall(request: HttpRequest) -> HttpResponse:
    """办事大厅: my insurance periods and what they entitle me to, the services I can ask for
    and what each needs, where my personnel file is, my cases and who read my records."""
    if is_officer(_user(request)):
        return redirect("transfers:queue")  # a caseworker's service hall is the case queue
    person = _person(request)
    standing = selectors.standing_of(person)
    context: dict[str, Any] = {
        "person": person,
        "periods": standing.periods,
        "relationship": standing.relationship,
        "estimate": standing.estimate,
        "explained": explain(standing.estimate, standing.relationship),
        "flagged": any(p.flagged for p in standing.periods),
        "archive": selectors.archive_of(person),
        "moves": selectors.archive_moves_of(person)[:5],
        "cases": _named(list(selectors.cases_of(person)[:20])),
        "reads": _reads(person),
        "now": timezone.now(),
        "kinds": {k: kind_name(k) for k in SERVICES},
        "days": {k: cases.case_kinds()[k]["service_days"] for k in SERVICES},
    }
    return render(request, "transfers/hall.html", context)


def _service_page(
    request: HttpRequest,
    *,
    kind: str,
    form_class: type[InsuranceTransferForm] | type[ArchiveTransferForm],
) -> HttpResponse:
    """One service's question, check-your-answers and submission (POST with ``confirm``)."""
    person = _person(request)
    archive = selectors.archive_of(person)
    if request.method == "POST":
        form = form_class(request.POST)
    else:
        initial = {"window_region": person.region_id, **request.GET.dict()}
        form = form_class(initial=initial)
    template = "transfers/service_form.html"
    context: dict[str, Any] = {
        "kind": kind,
        "kind_name": kind_name(kind),
        "form": form,
        "person": person,
        "archive": archive,
        "days": cases.case_kinds()[kind]["service_days"],
        "trail": [(_("办事大厅"), reverse("transfers:hall"))],
    }
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "1":
            try:
                case, created = cases.case_submit(
                    by=_user(request),
                    kind=kind,
                    applicant_id=person.pk,
                    window_region=form.cleaned_data["window_region"],
                    details=form.details(),
                )
            except BashuError as exc:
                form.add_service_error(exc)
            else:
                if not created:
                    messages.info(request, _("这项申请已经提交过，下面是它的办理情况。"))
                return redirect("transfers:submitted", case_id=case.pk)
        else:
            template = "transfers/service_check.html"
            context["answers"] = [
                {**row, "change_url": _change_url(request, row["name"], form)}
                for row in form.answers()
            ]
            if kind == "insurance_transfer":
                context.update(_transfer_preview(person, form.cleaned_data["to_region"]))
    return render(request, template, context)


def _change_url(request: HttpRequest, name: str, form: Any) -> str:
    query = urlencode({k: v for k, v in form.cleaned_data.items() if v})
    return f"{request.path}?{query}#id_{name}"


def _transfer_preview(person: Person, to_region: str) -> dict[str, Any]:
    """The estimate now and once the relationship is in ``to_region``, in words, with why it
    changes: the months stay, the destination's table and standard apply."""
    standing = selectors.standing_of(person)
    destination = region_get(to_region)
    after = selectors.estimate_after_transfer(person, to_region)
    now_explained = explain(standing.estimate, standing.relationship)
    after_explained = explain(after, destination)
    changes = (
        standing.estimate is not None
        and after is not None
        and (standing.estimate.benefit_months, standing.estimate.monthly_amount)
        != (after.benefit_months, after.monthly_amount)
    )
    return {
        "now_explained": now_explained,
        "after_explained": after_explained,
        "estimate_changes": changes,
        "destination": destination,
        "relationship": standing.relationship,
        "flagged": any(p.flagged for p in standing.periods),
    }


@login_required
def insurance_transfer(request: HttpRequest) -> HttpResponse:
    """转移失业保险关系: where to, check, submit."""
    return _service_page(request, kind="insurance_transfer", form_class=InsuranceTransferForm)


@login_required
def archive_transfer(request: HttpRequest) -> HttpResponse:
    """转递人事档案: where to and which agency, check, submit."""
    return _service_page(request, kind="archive_transfer", form_class=ArchiveTransferForm)


@login_required
def submitted(request: HttpRequest, case_id: int) -> HttpResponse:
    """The confirmation (申请已提交): the case number, who handles it in which region, how
    long it takes and where to follow it."""
    case = _case_or_404(request, case_id)
    if case.applicant.account_id != _user(request).pk:
        raise Http404
    spec = cases.case_kinds()[case.kind]
    steps = [
        _("%(region)s 的经办人员办理，时限 %(days)s 天（%(due)s 前）。")
        % {
            "region": case.competent_region.name,
            "days": spec["service_days"],
            "due": f"{timezone.localtime(case.due_at):%Y-%m-%d}",
        }
    ]
    if case.kind == "archive_transfer" and case.archive_move is not None:
        steps.insert(
            0,
            _("%(holder)s（%(region)s）通过机要通信寄出您的档案，您不用自己去取。")
            % {
                "holder": case.archive_move.from_custodian,
                "region": case.archive_move.from_region.name,
            },
        )
        steps.append(
            _("%(to)s 收到后确认接收，您的档案就转到了新的机构。")
            % {"to": case.archive_move.to_custodian}
        )
    if case.kind == "insurance_transfer":
        steps.insert(
            0,
            _("原参保地已核定您的缴费期间，并把核定文书发给 %(region)s。")
            % {"region": case.competent_region.name},
        )
        steps.append(_("转入地接收后，您的失业保险关系就在新的地方了，办事大厅的测算会随之更新。"))
    steps.append(_("在“办事大厅 · 我的办件”里随时查看进度。"))
    return render(
        request,
        "transfers/submitted.html",
        {
            "case": case,
            "kind_name": kind_name(case.kind),
            "next_steps": steps,
            "title": _("申请已提交"),
        },
    )


# ---------------------------------------------------------------- the queue


@login_required
def case_queue(request: HttpRequest) -> HttpResponse:
    """一窗受理·待办: cases this region handles or must send a file for, the most urgent
    first; the filters are in the URL."""
    user = _user(request)
    kinds = [(k, kind_name(k)) for k in cases.case_kinds()]
    filters = QueueFilterForm(request.GET, kinds=kinds)
    clean = filters.cleaned_data if filters.is_valid() else {}
    try:
        queue = selectors.case_queue(
            user=user,
            state=clean.get("state") or None,
            overdue=bool(clean.get("overdue")),
            kind=clean.get("kind") or None,
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    page = Paginator(queue, 30).get_page(request.GET.get("page"))
    _named(page.object_list)
    for case in page.object_list:
        case.turn = _turn(user, case)  # type: ignore[attr-defined]
    outgoing = selectors.archive_moves_to_dispatch(user=user).select_related("to_region", "case")[
        :50
    ]
    return render(
        request,
        "transfers/queue.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(clean.values()),
            "now": timezone.now(),
            "outgoing": outgoing,
        },
    )


def _turn(user: object, case: Case) -> str:
    """What the viewer's region has to do on this case now, in a few words."""
    move = case.archive_move
    requested = move is not None and move.status == ArchiveMove.Status.REQUESTED
    if requested and move is not None and may_act_for(user, move.from_region_id):
        return _("待寄出档案")
    if not may_act_for(user, case.competent_region_id):
        return ""
    if case.state == CaseState.ROUTED:
        return _("待受理审查")
    if case.state == CaseState.IN_REVIEW:
        if move is not None and move.status == ArchiveMove.Status.REQUESTED:
            return _("等待转出地寄出档案")
        if move is not None:
            return _("待确认接收档案")
        return _("待审核决定")
    if case.state in (CaseState.APPROVED, CaseState.REJECTED):
        return _("待办结")
    return ""


# ---------------------------------------------------------------- one case


@dataclass(frozen=True)
class Entry:
    """One line of a case's timeline (办理记录)."""

    at: dt.datetime
    title: str
    region: str
    note: str = ""


def _event_title(kind: str, to_state: str, region: str) -> str:
    archive = kind == "archive_transfer"
    titles: dict[str, str] = {
        CaseState.RECEIVED: _("%(region)s 窗口受理申请"),
        CaseState.ROUTED: _("转 %(region)s 承办"),
        CaseState.IN_REVIEW: _("%(region)s 受理审查"),
        CaseState.APPROVED: _("%(region)s 确认接收档案") if archive else _("%(region)s 批准"),
        CaseState.REJECTED: _("%(region)s 拒收档案") if archive else _("%(region)s 不予批准"),
        CaseState.DONE: _("%(region)s 办结"),
    }
    return titles.get(to_state, _("%(region)s 办理")) % {"region": region}


def timeline(case: Case) -> list[Entry]:
    """The case's events as phrases with names of places (no codes), and the file's dispatch
    by the holding region where there is one."""
    entries = []
    for event in case.events.all():
        note = event.note if event.to_state not in (CaseState.RECEIVED, CaseState.ROUTED) else ""
        entries.append(
            Entry(event.at, _event_title(case.kind, event.to_state, event.region.name), "", note)
        )
    move = case.archive_move
    if move is not None and move.dispatched_at is not None:
        entries.append(
            Entry(
                move.dispatched_at,
                _("%(region)s 寄出档案") % {"region": move.from_region.name},
                move.from_custodian,
                _("机要编号 %(n)s") % {"n": move.tracking},
            )
        )
    return sorted(entries, key=lambda e: e.at)


@dataclass(frozen=True)
class Document:
    """A signed document of a transfer, in words (签名文书): what it is, who signed it for
    whom and when, its place in the exchange log and, for the certificate, the periods."""

    title: str
    sender: str
    receiver: str
    at: dt.datetime
    seq: int
    periods: list[dict[str, Any]]
    note: str


def transfer_documents(transfer: InsuranceTransfer) -> list[Document]:
    """The certificate of periods and, once given, the destination's answer."""
    signed = [d for d in (transfer.certificate, transfer.answer) if d is not None]
    # ``body`` is the signed document as received; its payload carries what was certified.
    content = {d.pk: d.body.get("payload", {}).get("body", {}) for d in signed}
    codes = {transfer.from_region_id, transfer.to_region_id}
    for d in signed:
        codes |= {p["region"] for p in content[d.pk].get("periods", [])}
    names = region_names(codes)
    return [
        Document(
            title=str(READ_PURPOSES.get(d.type, d.type)),
            sender=names.get(d.sender_id, d.sender_id),
            receiver=names.get(d.receiver_id, d.receiver_id),
            at=d.received_at,
            seq=d.seq,
            periods=[
                {**p, "region": names.get(p["region"], p["region"]), "base": Decimal(p["base"])}
                for p in content[d.pk].get("periods", [])
            ],
            note=str(content[d.pk].get("reason") or ""),
        )
        for d in signed
    ]


def next_step(user: object, case: Case) -> str:
    """What happens next on the case, and whose turn it is, in one sentence."""
    move = case.archive_move
    here = case.competent_region.name
    if case.state == CaseState.DONE:
        return _("已办结，不需要再做什么。")
    if move is not None and move.status == ArchiveMove.Status.REQUESTED:
        return _("等待 %(holder)s（%(region)s）寄出档案，寄出后由 %(here)s 确认接收。") % {
            "holder": move.from_custodian,
            "region": move.from_region.name,
            "here": here,
        }
    open_states = (CaseState.ROUTED, CaseState.IN_REVIEW)
    if (
        case.state in open_states
        and move is not None
        and move.status == ArchiveMove.Status.DISPATCHED
    ):
        return _("档案已寄出（机要编号 %(n)s），等待 %(to)s 确认接收。") % {
            "n": move.tracking,
            "to": move.to_custodian,
        }
    if case.state == CaseState.ROUTED:
        return _("等待 %(here)s 的经办人员受理审查。") % {"here": here}
    if case.state == CaseState.IN_REVIEW:
        return _("%(here)s 审核中，审核后作出批准或不予批准的决定。") % {"here": here}
    if case.state in (CaseState.APPROVED, CaseState.REJECTED):
        return _("已作出决定，等待 %(here)s 办结。") % {"here": here}
    return ""


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    try:
        return selectors.case_get(user=_user(request), case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _case_act(request: HttpRequest, case: Case) -> tuple[str, Any]:
    """Run the posted step on ``case``; returns what happened (a message) or the bound form
    with its errors."""
    user = _user(request)
    action = request.POST.get("action", "")
    if action == "dispatch":
        form: Any = DispatchForm(request.POST)
        if not form.is_valid() or case.archive_move is None:
            return "", form
        try:
            services.archive_dispatch(
                by=user, move_id=case.archive_move.pk, tracking=form.cleaned_data["tracking"]
            )
        except BashuError as exc:
            form.add_error(None, exc.message)
            return "", form
        return _("档案已寄出，接收地会收到转出通知。"), None
    form = ReasonForm(request.POST) if action == "reject" else None
    if form is not None and not form.is_valid():
        return "", form
    try:
        cases.case_transition(
            by=user,
            case_id=case.pk,
            action=action,
            reason=form.cleaned_data["reason"] if form is not None else "",
        )
    except BashuError as exc:
        if form is None:
            form = forms.Form({})
            form.is_valid()
        form.add_error(None, exc.message)
        return "", form
    done = {
        "take": _("已受理审查。"),
        "approve": _("已确认接收档案。")
        if case.kind == "archive_transfer"
        else _("已批准，申请人会看到结果。"),
        "reject": _("已拒收档案，理由已告知申请人。")
        if case.kind == "archive_transfer"
        else _("已作出不予批准的决定，理由已告知申请人。"),
        "close": _("已办结。"),
    }
    return done.get(action, ""), None


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: where it stands, what comes next, its history, its documents and the step
    the viewer's region has to take."""
    user = _user(request)
    case = _case_or_404(request, case_id)
    failed: Any = None
    if request.method == "POST":
        done, failed = _case_act(request, case)
        if failed is None:
            messages.success(request, done)
            return redirect("transfers:case", case_id=case_id)
        case = _case_or_404(request, case_id)
    steps = selectors.case_steps(user=user, case=case)
    move = case.archive_move
    action = request.POST.get("action", "") if failed is not None else ""
    transfer: InsuranceTransfer | None = case.transfer
    back = (
        (_("一窗受理"), reverse("transfers:queue"))
        if is_officer(user)
        else (_("办事大厅"), reverse("transfers:hall"))
    )
    return render(
        request,
        "transfers/case.html",
        {
            "case": case,
            "kind_name": kind_name(case.kind),
            "timeline": timeline(case),
            "next_step": next_step(user, case),
            "transfer": transfer,
            "transfer_from": region_get(transfer.from_region_id) if transfer is not None else None,
            "documents": transfer_documents(transfer) if transfer is not None else [],
            "move": move,
            "may_act": steps.may_act,
            "may_dispatch": steps.may_dispatch,
            "may_confirm": steps.may_act
            and case.state == CaseState.IN_REVIEW
            and (move is None or move.status == ArchiveMove.Status.DISPATCHED),
            "is_archive": case.kind == "archive_transfer",
            "overdue": selectors.is_overdue(case),
            "dispatch_form": failed if action == "dispatch" else DispatchForm(),
            "reason_form": failed if action == "reject" else ReasonForm(),
            "failed": failed,
            "trail": [back],
            "back": back,
        },
    )
