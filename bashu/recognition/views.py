"""Recognition pages: public verification (文书验证, 证书核验), the caseworkers' desk
(互认办理: decide, see the region's decisions, import a register)."""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashu.core import bounds
from bashu.core.errors import BashuError, InvalidInput, NotFound
from bashu.core.models import TaskRunStatus, User
from bashu.core.permissions import account, is_officer
from bashu.core.tabular import SUFFIXES, FileRefused, rows_read, suffix_of, upload_check
from bashu.recognition import imports
from bashu.recognition import tasks as import_tasks
from bashu.recognition.documents import document_verify
from bashu.recognition.selectors import certificate_public, decision_list
from bashu.recognition.services import decision_record
from bashu.recognition.signing import MAX_DOCUMENT_BYTES, document_check


def verify_page(request: HttpRequest) -> HttpResponse:
    """Paste a signed document; the page says whether it is authentic and what it states."""
    text = request.POST.get("document", "") if request.method == "POST" else ""
    result = payload = None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        text, result = (
            "",
            {  # refused unread, and not echoed back
                "valid": False,
                "reason": _("文书不超过 %(n)d 字节") % {"n": MAX_DOCUMENT_BYTES},
            },
        )
    elif text.strip():
        try:
            document = json.loads(text)
            document_check(document)
        except (json.JSONDecodeError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nesting"
            result = {"valid": False, "reason": f"不是有效的 JSON：{message} (not valid JSON)"}
        except InvalidInput as exc:
            result = {"valid": False, "reason": "; ".join(e.message for e in exc.errors)}
        else:
            result = document_verify(document).as_dict()
            if result["valid"]:
                payload = document.get("payload") or document.get("credentialSubject")
    return render(
        request, "recognition/verify.html", {"text": text, "result": result, "payload": payload}
    )


def certificate_page(request: HttpRequest) -> HttpResponse:
    """Public certificate check (证书核验): number + holder's name → status, masked holder,
    issuing body and the recognition decisions made on it. The form posts, so the name stays
    out of URLs and access logs (a GET with both still answers, for old links); a wrong
    number and a wrong name read alike."""
    form = request.POST if request.method == "POST" else request.GET
    number = bounds.text_param(form.get("number"), max_length=40)
    name = bounds.text_param(form.get("name"), max_length=64)
    result = error = None
    if number and name:
        try:
            result = certificate_public(number, name)
        except NotFound as exc:
            error = exc.message
    return render(
        request,
        "recognition/certificate.html",
        {"number": number, "name": name, "result": result, "error": error},
    )


OUTCOMES = {
    "recognised": gettext_lazy("予以认可 (recognised)"),
    "recognised_as": gettext_lazy("按对应等级认可 (recognised as an equivalent)"),
    "not_recognised": gettext_lazy("不予认可 (not recognised)"),
    "needs_review": gettext_lazy("需人工审核 (needs review)"),
}


def _caseworker(request: HttpRequest) -> User | None:
    """The signed-in caseworker or administrator (``core.permissions.is_officer``), else None."""
    user = account(request.user)
    return user if user is not None and is_officer(user) else None


@login_required
def desk_page(request: HttpRequest) -> HttpResponse:
    """互认办理: a caseworker of the host region decides on a registered credential and sees
    the region's decisions, each downloadable as a signed document."""
    user = _caseworker(request)
    if user is None:
        return render(
            request,
            "web/forbidden.html",
            {"message": _("仅限经办人员 (caseworkers only)")},
            status=403,
        )
    form = {
        "number": request.POST.get("number", "").strip(),
        "host_region": request.POST.get("host_region", "").strip() or (user.region_id or ""),
    }
    result = error = None
    if request.method == "POST":
        try:
            result, _decision = decision_record(
                by=user, number=form["number"], host_region=form["host_region"]
            )
        except InvalidInput as exc:
            error = "; ".join(e.message for e in exc.errors)
        except BashuError as exc:
            error = exc.message
    page = Paginator(decision_list(user=user), 20).get_page(request.GET.get("page"))
    for row in [*page.object_list, *([result] if result else [])]:
        row.outcome_label = OUTCOMES.get(row.outcome, row.outcome)  # type: ignore[attr-defined]
    return render(
        request,
        "recognition/desk.html",
        {"form": form, "result": result, "error": error, "page": page},
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """证书名册导入: upload an issuer's register; the report lists every refused row."""
    user = _caseworker(request)
    if user is None:
        return render(
            request,
            "web/forbidden.html",
            {"message": _("仅限经办人员 (caseworkers only)")},
            status=403,
        )
    kind = request.POST.get("kind", "title")
    report = error = None
    status = 200
    upload = request.FILES.get("file")
    if request.method == "POST":
        name = (upload.name if upload else None) or ""
        suffix = suffix_of(name)
        if kind not in imports.KINDS:
            error = _("请选择证书类型 (choose a kind)")
        elif upload is None or suffix not in SUFFIXES:
            error = _("请上传 .csv、.xlsx 或 .jsonl 文件 (upload a .csv, .xlsx or .jsonl file)")
        else:
            try:
                upload_check(upload.size)
                if not import_tasks.import_inline(upload, suffix=suffix):
                    # A large register is imported by the worker; its page shows the progress.
                    run = import_tasks.credentials_import_start(
                        by=user, upload=upload, kind=kind, suffix=suffix, source_name=name
                    )
                    return redirect("recognition:import_status", run_id=run.pk)
                report = imports.credentials_import(
                    rows_read(upload.open("rb"), suffix=suffix, aliases=imports.ALIASES),
                    kind=kind,
                    by=user,
                    source_name=name[:128],
                )
            except FileRefused as exc:  # the whole file: unreadable, too large, too many rows
                error, status = f"{exc.message} [{exc.rule}]", exc.status
            except BashuError as exc:
                reasons = [f"{e.message} [{e.rule}]" for e in getattr(exc, "errors", [])]
                error, status = "; ".join(reasons) or exc.message, exc.status
    return render(
        request,
        "recognition/import.html",
        {"kind": kind, "kinds": imports.KINDS, "report": report, "error": error},
        status=status,
    )


@login_required
def import_status_page(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    """A background import's progress (rows done, rejected so far), then its report; the
    page refreshes itself (htmx) until the run has ended. For the caseworker who started it."""
    user = _caseworker(request)
    if user is None:
        return render(
            request,
            "web/forbidden.html",
            {"message": _("仅限经办人员 (caseworkers only)")},
            status=403,
        )
    try:
        run = import_tasks.credentials_import_status(by=user, run_id=run_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    labels = dict(TaskRunStatus.choices)
    return render(
        request,
        "recognition/import_status.html",
        {"run": run, "status_label": labels.get(run["status"], run["status"])},
    )
