"""Recognition pages: the public tools — pre-check (互认预查), certificate check (证书核验),
verification of a signed document (文书验证) — and the caseworkers' desk (互认办理: decide,
see the region's decisions, import a register).

Names, not codes: outcomes, kinds, statuses and agreements are shown as phrases
(``OUTCOMES``, ``KINDS``, ``STATUSES``, ``agreement_words``), regions by name."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bashu.core import bounds
from bashu.core.errors import BashuError, InvalidInput, NotFound, OutOfRegion
from bashu.core.identity import mask_name
from bashu.core.models import TaskRunStatus, User
from bashu.core.permissions import account, is_officer
from bashu.core.tabular import SUFFIXES, FileRefused, rows_read, suffix_of, upload_check
from bashu.recognition import imports, vocabulary
from bashu.recognition import tasks as import_tasks
from bashu.recognition.documents import (
    CREDENTIAL_TYPE,
    DECISION_TYPE,
    PRECHECK_TYPE,
    document_verify,
)
from bashu.recognition.forms import (
    KIND_CHOICES,
    CertificateForm,
    DecisionForm,
    DocumentForm,
    PrecheckForm,
)
from bashu.recognition.models import CredentialStatus
from bashu.recognition.precheck import PrecheckIn, precheck_document, precheck_estimate
from bashu.recognition.rules import agreement_get
from bashu.recognition.selectors import (
    certificate_public,
    credential_summary,
    decision_list,
    reason_words,
    region_names,
)
from bashu.recognition.services import decision_record
from bashu.recognition.signing import MAX_DOCUMENT_BYTES, document_check

# --- phrases ---------------------------------------------------------------------------------

OUTCOMES = {
    "recognised": gettext_lazy("予以认可"),
    "recognised_as": gettext_lazy("按对应等级认可"),
    "not_recognised": gettext_lazy("不予认可"),
    "needs_review": gettext_lazy("需人工审核"),
}
#: What a person does next, by the pre-check's outcome.
NEXT_STEPS = {
    "recognised": [
        gettext_lazy("在使用地应聘、聘用时出示原证书即可，无需重新评审或认定。"),
        gettext_lazy(
            "需要正式认定时，由用人单位或您本人向使用地人社部门申请，经办人员依据协议作出认定并出具签名文书。"
        ),
    ],
    "recognised_as": [
        gettext_lazy("持原卡到使用地的人才服务窗口，按对应等级办理人才专属服务。"),
    ],
    "needs_review": [
        gettext_lazy("请聘用单位向使用地人社部门提出申请，经办人员审核后作出认定。"),
        gettext_lazy("准备好证书原件和聘用材料；审核结果可下载为签名文书。"),
    ],
    "not_recognised": [
        gettext_lazy("目前没有协议覆盖这本证书在使用地的使用。"),
        gettext_lazy("可向使用地人社部门咨询重新评审、认定或考核的办法。"),
    ],
}
KINDS = dict(KIND_CHOICES)
STATUSES = {
    "valid": gettext_lazy("有效"),
    "revoked": gettext_lazy("已撤销"),
    "expired": gettext_lazy("已过期"),
    "superseded": gettext_lazy("已被取代"),
    "estimate": gettext_lazy("预查估算（非认定）"),
    "unknown": gettext_lazy("无法确认"),
}
DOCUMENT_TYPES = {
    CREDENTIAL_TYPE: gettext_lazy("证书登记信息"),
    DECISION_TYPE: gettext_lazy("互认认定"),
    PRECHECK_TYPE: gettext_lazy("互认预查估算"),
}
#: Why a signature does not hold, by the signing module's rule.
SIGNATURE_REFUSALS = {
    "bad_signature": gettext_lazy("签名与内容不符：文书已被改动，不能采信。"),
    "unknown_key": gettext_lazy("签名所用的密钥不在公布的公钥中，无法确认发文机关。"),
    "wrong_signer": gettext_lazy("签发地区与签名密钥不符，不能采信。"),
    "malformed": gettext_lazy("文书格式不正确，请选择下载得到的完整文书。"),
}


def agreement_words(agreement_id: str | None, clause_id: str | None = None) -> str:
    """``chuanyu-titles`` + ``1`` → 《川渝跨区域人才职称评价互认》第 1 条 (the id itself when the
    agreement is no longer on file)."""
    if not agreement_id:
        return ""
    agreement = agreement_get(agreement_id)
    name = agreement.name if agreement else agreement_id
    if clause_id:
        return _("《%(name)s》第 %(clause)s 条") % {"name": name, "clause": clause_id}
    return _("《%(name)s》") % {"name": name}


def credential_words(
    kind: str,
    *,
    series: str | None = None,
    level: str | None = None,
    card_class: str | None = None,
    programme: str | None = None,
) -> str:
    """工程技术人员 · 中级 职称; 高级工 职业技能等级证书; 天府英才卡 A 卡 …"""
    label = str(KINDS.get(kind, kind))
    if (get_language() or "").startswith("en"):
        level = vocabulary.level_english(kind, level) or level
        series = vocabulary.series_english(series) or series
    if kind == "title":
        return " · ".join(p for p in (series, level, label) if p)
    if kind == "skill":
        return " · ".join(p for p in (level, label) if p)
    if kind == "talent_card":
        card = _("%(cls)s 卡") % {"cls": card_class} if card_class else ""
        return " · ".join(p for p in (programme or label, card) if p)
    return label


def _officer(request: HttpRequest) -> User | None:
    """The signed-in caseworker or administrator (``core.permissions.is_officer``), else None."""
    user = account(request.user)
    return user if user is not None and is_officer(user) else None


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/forbidden.html",
        {"message": _("本页仅限经办人员使用。")},
        status=403,
    )


# --- pre-check -------------------------------------------------------------------------------


def _answer(question: PrecheckIn) -> dict[str, Any]:
    """The estimate in words, for the answer page."""
    estimate = precheck_estimate(question)
    names = region_names([question.issuing_region, question.host_region])
    agreement = estimate["agreement"]
    clause = agreement["clause"] if agreement else None
    return {
        "outcome": estimate["outcome"],
        "outcome_label": OUTCOMES.get(estimate["outcome"], estimate["outcome"]),
        "equivalent": estimate["equivalent"],
        "credential": credential_words(
            question.kind,
            series=vocabulary.series_name(question.series),
            level=vocabulary.level_name(question.kind, question.level),
            card_class=question.card_class,
        ),
        "issuing": names.get(question.issuing_region, question.issuing_region),
        "host": names.get(question.host_region, question.host_region),
        "agreement": agreement_words(agreement["id"], clause["id"] if clause else None)
        if agreement
        else "",
        "clause_text": clause["text"] if clause else "",
        # with an agreement, the first reason only names it (shown above as the basis)
        "reasons": [reason_words(r) for r in estimate["reasons"][1 if agreement else 0 :]],
        "next_steps": NEXT_STEPS.get(estimate["outcome"], []),
    }


def precheck_page(request: HttpRequest) -> HttpResponse:
    """互认预查: will my title, skill level, talent card or licence count where I move? The
    answer in words — the outcome, why, under which agreement, what to do next — and the
    signed estimate to download. Nothing is stored; the question holds no personal data."""
    kind = request.POST.get("kind") or request.GET.get("kind") or "title"
    kind = kind if kind in KINDS else "title"
    form = PrecheckForm(request.POST or None, initial={"host_region": "500000", "kind": kind})
    answer = None
    if request.method == "POST" and form.is_valid() and form.question is not None:
        answer = _answer(form.question)
    return render(
        request,
        "recognition/precheck.html",
        {"form": form, "answer": answer, "kind": kind, "kinds": KIND_CHOICES},
    )


@require_POST
def precheck_document_page(request: HttpRequest) -> HttpResponse:
    """The pre-check's signed estimate (``precheck/v1``, unofficial) as a file to keep: the
    same question as the answer page, posted again from its download button."""
    form = PrecheckForm(request.POST)
    if not form.is_valid() or form.question is None:
        return render(
            request, "recognition/precheck.html", {"form": form, "answer": None}, status=422
        )
    document = precheck_document(form.question)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="precheck-{stamp}.json"'
    return response


# --- verification ----------------------------------------------------------------------------


def _date(value: object) -> str:
    return str(value)[:10] if value else ""


def _content_rows(doc_type: str | None, statement: dict[str, Any]) -> list[dict[str, str]]:
    """What a genuine document states, as labelled lines in words (holder masked)."""
    rows: list[tuple[Any, Any]] = [(_("文书类型"), DOCUMENT_TYPES.get(doc_type or "", ""))]
    if doc_type == CREDENTIAL_TYPE:
        holder = statement.get("holder") or {}
        kind = str(statement.get("kind", ""))
        name = str(holder.get("name", ""))
        names = region_names([statement.get("issuing_region")])
        rows += [
            (_("持有人"), name if kind == "agency_licence" else mask_name(name)),
            (_("身份证号码"), holder.get("resident_id", "")),
            (
                _("证书"),
                credential_words(
                    kind,
                    series=statement.get("series"),
                    level=statement.get("level"),
                    card_class=statement.get("card_class"),
                    programme=statement.get("programme"),
                ),
            ),
            (_("证书编号"), statement.get("number", "")),
            (
                _("发证机构"),
                _join(statement.get("issuer"), names.get(str(statement.get("issuing_region")))),
            ),
            (_("发证日期"), _date(statement.get("issued_on"))),
            (_("有效期至"), _date(statement.get("expires_on")) or _("长期")),
            (
                _("签发时状态"),
                CredentialStatus(statement["status"]).label
                if statement.get("status") in CredentialStatus.values
                else "",
            ),
        ]
    elif doc_type == DECISION_TYPE:
        number = str(statement.get("certificate_number", ""))
        summary = credential_summary(number)
        names = region_names(
            [statement.get("host_region"), summary.issuing_region if summary else None]
        )
        agreement = statement.get("agreement") or {}
        if summary is not None:
            rows += [
                (_("持有人"), summary.holder),
                (
                    _("证书"),
                    credential_words(
                        summary.kind,
                        series=summary.series,
                        level=summary.level,
                        card_class=summary.card_class,
                    ),
                ),
                (_("发证机构"), _join(summary.issuer, names.get(summary.issuing_region))),
                (_("发证日期"), _date(summary.issued_on)),
            ]
        rows += [
            (_("证书编号"), number),
            (_("使用地"), names.get(str(statement.get("host_region")), "")),
            (_("认定结论"), _outcome(statement)),
            (
                _("依据"),
                agreement_words(agreement.get("id"), statement.get("clause_id"))
                if isinstance(agreement, dict)
                else "",
            ),
            (_("认定日期"), _date(statement.get("on_date"))),
        ]
    elif doc_type == PRECHECK_TYPE:
        asked = statement.get("credential") or {}
        names = region_names([asked.get("issuing_region"), statement.get("host_region")])
        agreement = statement.get("agreement") or {}
        clause = agreement.get("clause") or {} if isinstance(agreement, dict) else {}
        rows += [
            (
                _("证书"),
                credential_words(
                    str(asked.get("kind", "")),
                    series=asked.get("series"),
                    level=asked.get("level"),
                    card_class=asked.get("card_class"),
                ),
            ),
            (_("发证地"), names.get(str(asked.get("issuing_region")), "")),
            (_("使用地"), names.get(str(statement.get("host_region")), "")),
            (_("预查结论"), _outcome(statement)),
            (
                _("依据"),
                agreement_words(agreement.get("id"), clause.get("id"))
                if isinstance(agreement, dict)
                else "",
            ),
            (_("预查日期"), _date(statement.get("on_date"))),
        ]
    return [{"label": str(k), "value": str(v)} for k, v in rows if v]


def _join(issuer: object, region: str | None) -> str:
    issuer = str(issuer or "")
    return f"{issuer}（{region}）" if region and region != issuer else issuer


def _outcome(statement: dict[str, Any]) -> str:
    label = str(OUTCOMES.get(str(statement.get("outcome")), ""))
    equivalent = statement.get("equivalent")
    return f"{label}（{equivalent}）" if label and equivalent else label


def _verdict(checked: dict[str, Any]) -> str:
    if checked["valid"]:
        names = region_names([checked.get("region")])
        signer = names.get(str(checked.get("region")), checked.get("region") or "")
        return _("签名有效：文书由%(signer)s签发，内容未被改动。") % {"signer": signer}
    return str(SIGNATURE_REFUSALS.get(checked.get("rule") or "", checked["reason"]))


def verify_page(request: HttpRequest) -> HttpResponse:
    """A downloaded document, chosen as its file or pasted: is it genuine (the signature
    verdict), what does it state (in words, the holder masked) and does it still hold (valid,
    revoked, expired, superseded)."""
    form = DocumentForm(request.POST or None, request.FILES or None)
    result = rows = None
    if request.method == "POST":
        raw = request.POST.get("document", "")
        if len(raw.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
            # refused unread, and not echoed back
            form = DocumentForm()
            result = {
                "valid": False,
                "verdict": _("文书不超过 %(n)d 字节") % {"n": MAX_DOCUMENT_BYTES},
            }
        elif form.is_valid():
            result, rows = _verify(form.cleaned_data["text"])
            form = DocumentForm()  # "verify another": the document is not echoed back
    return render(
        request,
        "recognition/verify.html",
        {"form": form, "result": result, "rows": rows},
    )


def _verify(text: str) -> tuple[dict[str, Any], list[dict[str, str]] | None]:
    try:
        document = json.loads(text)
        document_check(document)
    except (json.JSONDecodeError, RecursionError):
        return {"valid": False, "verdict": _("不是有效的 JSON：请选择下载得到的完整文书。")}, None
    except InvalidInput as exc:
        return {"valid": False, "verdict": " ".join(e.message for e in exc.errors)}, None
    checked = document_verify(document).as_dict()
    checked["verdict"] = _verdict(checked)
    checked["status_label"] = STATUSES.get(checked["status"] or "", "")
    rows = None
    if checked["valid"] and checked["status"] not in (None, "unknown"):
        statement = document.get("payload") or document.get("credentialSubject") or {}
        rows = _content_rows(checked["document_type"], statement)
    return checked, rows


# --- certificate check -----------------------------------------------------------------------


def certificate_page(request: HttpRequest) -> HttpResponse:
    """Public certificate check (证书核验): number + holder's name → status, masked holder,
    issuing body and the recognition decisions made on it. The form posts, so the name stays
    out of URLs and access logs (a GET with both still answers, for old links); a wrong
    number and a wrong name read alike."""
    data = request.POST if request.method == "POST" else request.GET
    number = bounds.text_param(data.get("number"), max_length=40)
    name = bounds.text_param(data.get("name"), max_length=64)
    form = CertificateForm(initial={"number": number, "name": name})
    result = error = None
    if number and name:
        try:
            result = certificate_public(number, name)
        except NotFound as exc:
            error = exc.message
        else:
            names = region_names(
                [result["issuing_region"], *(d["host_region"] for d in result["decisions"])]
            )
            result["kind_label"] = credential_words(
                result["kind"],
                series=result["series"],
                level=result["level"],
                card_class=result["card_class"],
            )
            result["status_label"] = STATUSES.get(result["status"], result["status"])
            result["issuing_region_name"] = names.get(result["issuing_region"], "")
            for d in result["decisions"]:
                d["host_region_name"] = names.get(d["host_region"], d["host_region"])
                d["outcome_label"] = OUTCOMES.get(d["outcome"], d["outcome"])
                d["agreement_label"] = agreement_words(d["agreement_id"], d["clause_id"])
    return render(
        request,
        "recognition/certificate.html",
        {"form": form, "number": number, "name": name, "result": result, "error": error},
    )


# --- the desk --------------------------------------------------------------------------------


@login_required
def desk_page(request: HttpRequest) -> HttpResponse:
    """互认办理: a caseworker of the host region decides on a registered credential and sees
    the region's decisions, each downloadable as a signed document."""
    user = _officer(request)
    if user is None:
        return _forbidden(request)
    form = DecisionForm(request.POST or None, initial={"host_region": user.region_id or ""})
    result = None
    if request.method == "POST" and form.is_valid():
        number, host = form.cleaned_data["number"].strip(), form.cleaned_data["host_region"]
        try:
            result, _decision = decision_record(by=user, number=number, host_region=host)
        except InvalidInput as exc:
            for e in exc.errors:
                form.add_error(e.field if e.field in form.fields else None, e.message)
        except NotFound:
            form.add_error(
                "number",
                _("未找到证书 %(number)s：请核对编号；证书须先由发证地导入证书名册。")
                % {"number": number},
            )
        except OutOfRegion:
            where = region_names([host]).get(host, host)
            form.add_error(
                "host_region",
                _("%(region)s不在您的管辖范围内，请选择您所在地区。") % {"region": where},
            )
        except BashuError as exc:
            form.add_error(None, exc.message)
    page = Paginator(decision_list(user=user), 20).get_page(request.GET.get("page"))
    rows = [*page.object_list, *([result] if result else [])]
    for row in rows:
        row.outcome_label = OUTCOMES.get(row.outcome, row.outcome)  # type: ignore[attr-defined]
        row.kind_label = KINDS.get(row.kind, row.kind)  # type: ignore[attr-defined]
        row.agreement_label = agreement_words(row.agreement_id, row.clause_id)  # type: ignore[attr-defined]
        skip = 1 if row.agreement_id else 0  # the first reason names the agreement
        row.reason_lines = [reason_words(r) for r in row.reasons[skip:]]  # type: ignore[attr-defined]
    return render(
        request,
        "recognition/desk.html",
        {"form": form, "result": result, "page": page},
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """证书名册导入: upload an issuer's register; the report lists every refused row."""
    user = _officer(request)
    if user is None:
        return _forbidden(request)
    kind = request.POST.get("kind", "title")
    report = error = None
    status = 200
    upload = request.FILES.get("file")
    if request.method == "POST":
        name = (upload.name if upload else None) or ""
        suffix = suffix_of(name)
        if kind not in imports.KINDS:
            error = _("请选择证书类型。")
        elif upload is None or suffix not in SUFFIXES:
            error = _("请上传 .csv、.xlsx 或 .jsonl 文件。")
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
    user = _officer(request)
    if user is None:
        return _forbidden(request)
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
