"""Pages: the citizen's service hall (办事大厅) and the caseworkers' case queue (一窗受理)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core import bounds
from bashu.core.errors import BashuError, InvalidInput
from bashu.core.models import User
from bashu.core.models.reference import ZONE_PROVINCES
from bashu.transfers import cases, selectors, services
from bashu.transfers.models import CaseState


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    return request.user


def _error_text(exc: BashuError) -> str:
    if isinstance(exc, InvalidInput) and exc.errors:
        return "；".join(e.message for e in exc.errors)
    return exc.message


def _named(rows: Any) -> Any:
    """Give each case its kind's Chinese name (事项名称) for display."""
    kinds = cases.case_kinds()
    for case in rows:
        case.kind_name = kinds[case.kind]["name"]
    return rows


@login_required
def service_hall(request: HttpRequest) -> HttpResponse:
    """办事大厅: my insurance periods and what they entitle me to, a transfer request, where my
    personnel file is, my cases and who read my records."""
    user = _user(request)
    person = selectors.person_of(user)
    if person is None:
        return render(
            request,
            "web/forbidden.html",
            {"message": _("本页面供参保人本人使用 (for insured persons)")},
            status=403,
        )
    error = message = None
    if request.method == "POST":
        try:
            case, created = cases.case_submit(
                by=user,
                kind=request.POST.get("kind", ""),
                applicant_id=person.pk,
                window_region=request.POST.get("window_region", ""),
                details={
                    k: request.POST[k] for k in ("to_region", "to_custodian") if request.POST.get(k)
                },
            )
        except BashuError as exc:
            error = _error_text(exc)
        else:
            message = (
                _("已受理，案件编号 %(id)s") if created else _("该申请已受理过，案件编号 %(id)s")
            ) % {"id": case.pk}
    standing = selectors.standing_of(person)
    context: dict[str, Any] = {
        "person": person,
        "periods": standing.periods,
        "relationship": standing.relationship,
        "estimate": standing.estimate,
        "archive": selectors.archive_of(person),
        "moves": selectors.archive_moves_of(person)[:5],
        "cases": _named(list(selectors.cases_of(person)[:20])),
        "reads": selectors.record_reads(person)[:20],
        "counties": selectors.zone_counties(),
        "error": error,
        "message": message,
        "now": timezone.now(),
    }
    return render(request, "transfers/hall.html", context)


@login_required
def case_queue(request: HttpRequest) -> HttpResponse:
    """一窗受理·待办: cases this region is competent for, the most urgent first."""
    user = _user(request)
    try:
        queue = selectors.case_queue(
            user=user,
            state=request.GET.get("state") or None,
            overdue=request.GET.get("overdue") == "1",
        )
    except BashuError as exc:
        return render(request, "web/forbidden.html", {"message": exc.message}, status=403)
    page = Paginator(queue, 30).get_page(request.GET.get("page"))
    _named(page.object_list)
    outgoing = selectors.archive_moves_to_dispatch(user=user)[:50]
    return render(
        request,
        "transfers/queue.html",
        {
            "page": page,
            "states": CaseState.choices,
            "state": request.GET.get("state", ""),
            "overdue": request.GET.get("overdue") == "1",
            "now": timezone.now(),
            "kinds": cases.case_kinds(),
            "outgoing": outgoing,
        },
    )


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: its history, its documents and the next steps."""
    user = _user(request)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "dispatch":
                services.archive_dispatch(
                    by=user,
                    move_id=bounds.int_param(
                        request.POST.get("move_id"), maximum=bounds.ID_MAX, default=0
                    )
                    or 0,
                    tracking=request.POST.get("tracking", ""),
                )
            else:
                cases.case_transition(
                    by=user,
                    case_id=case_id,
                    action=request.POST.get("action", ""),
                    reason=request.POST.get("reason", ""),
                )
        except BashuError as exc:
            error = _error_text(exc)
        else:
            return redirect("transfers:case", case_id=case_id)
    try:
        case = selectors.case_get(user=user, case_id=case_id)
    except BashuError as exc:
        return render(request, "web/forbidden.html", {"message": exc.message}, status=404)
    steps = selectors.case_steps(user=user, case=case)
    return render(
        request,
        "transfers/case.html",
        {
            "case": case,
            "kind": cases.case_kinds()[case.kind],
            "events": case.events.all(),
            "transfer": case.transfer,
            "move": case.archive_move,
            "may_act": steps.may_act,
            "may_dispatch": steps.may_dispatch,
            "overdue": selectors.is_overdue(case),
            "error": error,
            "zone": ZONE_PROVINCES,
        },
    )
