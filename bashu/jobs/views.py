"""Job-zone pages: search, posting detail, seeker and employer dashboards, an applicant's
CV, the caseworkers' review queue (岗位审核), fairs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bashu.core import bounds
from bashu.core.errors import BashuError, Forbidden, NotFound
from bashu.core.permissions import is_officer
from bashu.core.scoping import account_of, signed_in
from bashu.jobs import alerts, selectors
from bashu.jobs.forms import PostingForm, ProfileForm, ReviewForm, field_errors_add
from bashu.jobs.models import ApplicationStatus, JobPosting, PostingStatus
from bashu.jobs.services import applications as application_services
from bashu.jobs.services import occupations as occupation_services
from bashu.jobs.services import postings as posting_services
from bashu.jobs.services import profiles as profile_services

PAGE_SIZE = 20


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def search_page(request: HttpRequest) -> HttpResponse:
    """岗位检索: a GET form, so the filters are the URL (back, reload and a shared link show
    the same results)."""
    # Every parameter bounded (bashu.core.bounds): page ≤ MAX_PAGE keeps the index's offset
    # small, numbers are clamped so they never overflow the index's i64 fields.
    q = bounds.text_param(request.GET.get("q"))
    region = bounds.text_param(request.GET.get("region"), max_length=12) or None
    industry = bounds.text_param(request.GET.get("industry"), max_length=12) or None
    education = bounds.text_param(request.GET.get("education"), max_length=12) or None
    page = bounds.page_number(request.GET.get("page"))
    filters = selectors.search_filters(
        region=region,
        industry=industry,
        salary_min=bounds.int_param(request.GET.get("salary_min"), maximum=bounds.MAX_SALARY),
        education=education,
        posted_within_days=bounds.int_param(request.GET.get("posted_within_days"), maximum=3650),
        strict=False,  # a page ignores an unknown code (the API refuses it)
    )
    result = selectors.search_postings(q=q, filters=filters, page=page, limit=PAGE_SIZE)
    for row in result["results"]:
        row["title_html"] = mark_safe(row["highlights"]["title"])  # noqa: S308 - escaped by search.highlight
        row["excerpt_html"] = mark_safe(row["highlights"]["description"])  # noqa: S308
    pages = max(1, -(-result["count"] // PAGE_SIZE))
    query = request.GET.copy()
    query.pop("page", None)
    facet_query = query.copy()
    for name in ("region", "industry"):
        facet_query.pop(name, None)
    context: dict[str, Any] = {
        "q": q,
        "result": result,
        "page": page,
        "pages": pages,
        "query": query.urlencode(),
        "facet_query": facet_query.urlencode(),
        "region": filters.region or "",
        "industry": industry or "",
        "education": education or "",
        "salary_min": "" if filters.salary_min is None else filters.salary_min,
        "posted_within_days": ""
        if filters.posted_within_days is None
        else str(filters.posted_within_days),
        "filtered": any(request.GET.get(n) for n in ("region", "industry", "education")),
        "subscribable": bool(q or filters.region or industry or education or filters.salary_min),
        **selectors.search_page_choices(),
    }
    template = "jobs/_results.html" if request.headers.get("HX-Request") else "jobs/search.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def posting_page(request: HttpRequest, posting_id: int) -> HttpResponse:
    try:
        posting = selectors.posting_get(posting_id)
    except NotFound as exc:
        raise Http404(_("未找到该岗位")) from exc
    user = account_of(request)
    seeker = selectors.seeker_for(user)
    own = user is not None and selectors.posting_editable_by(user, posting)
    employer = selectors.employer_of(user) if user is not None else None
    # the employer's own actions (edit, stop, applicants); a caseworker who may also change
    # the posting does so through the review queue
    manage = employer is not None and employer.pk == posting.employer_id
    return render(
        request,
        "jobs/posting.html",
        {
            "posting": posting,
            "is_open": selectors.posting_is_open(posting),
            "held": posting.status == PostingStatus.REVIEW,
            "withdrawn": posting.status == PostingStatus.WITHDRAWN,
            "flags": selectors.review_flags_in_words(posting) if own else [],
            "review": selectors.posting_review_note(posting) if own else None,
            "own": own,
            "manage": manage,
            "can_close": manage and posting.status in (PostingStatus.OPEN, PostingStatus.REVIEW),
            "seeker": seeker,
            "applied": selectors.has_applied(seeker, posting),
            "sources": selectors.posting_sources_of(posting),
        },
    )


@login_required
@require_POST
def apply_view(request: HttpRequest, posting_id: int) -> HttpResponse:
    try:
        application_services.application_create(by=signed_in(request), posting_id=posting_id)
        messages.success(request, _("投递成功。单位查看后，状态会显示在“我的求职”里。"))
    except NotFound as exc:
        raise Http404(_("未找到该岗位")) from exc
    except BashuError as exc:
        messages.error(request, exc.message)
    return redirect("jobs:posting", posting_id=posting_id)


@login_required
def seeker_dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.seeker_dashboard(account_of(request))
    context["recommendations"] = [
        (m, p, selectors.match_reasons(m)) for m, p in context["recommendations"]
    ]
    context["applications"] = [
        (a, selectors.application_next_words(a.status)) for a in context["applications"]
    ]
    return render(request, "jobs/seeker.html", context)


@login_required
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    wanted = bounds.int_param(request.GET.get("posting"), maximum=bounds.ID_MAX)
    try:
        context = selectors.employer_dashboard(account_of(request), posting_id=wanted)
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    # Each applicant's dropdown offers the service's allowed next states, the next step first.
    context["applicants"] = [
        (a, application_services.application_next_states(a.status)) for a in context["applicants"]
    ]
    context["talents"] = [
        (m, s, selectors.match_reasons(m, employer=True)) for m, s in context["talents"]
    ]
    return render(request, "jobs/employer.html", context)


@login_required
def seeker_cv(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """An applicant's or a matched talent's CV (简历) for an employer."""
    try:
        context = selectors.seeker_for_employer(account_of(request), seeker_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    user = account_of(request)
    opened = [a.pk for a in context["applications"] if a.status == ApplicationStatus.APPLIED]
    if user is not None and opened:
        # the employer has read the CV: the applications it sent are 已查看
        application_services.applications_mark_viewed(by=user, application_ids=opened)
        for application in context["applications"]:
            application.refresh_from_db(fields=["status"])
    context["applications"] = [
        (a, application_services.application_next_states(a.status)) for a in context["applications"]
    ]
    return render(request, "jobs/cv.html", context)


@login_required
@require_POST
def advance_view(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        application = application_services.application_advance(
            by=signed_in(request),
            application_id=application_id,
            status=request.POST.get("status", ""),
            note=bounds.text_param(request.POST.get("note"), max_length=255),
        )
    except NotFound as exc:
        raise Http404(_("未找到该申请")) from exc
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except BashuError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:employer")
    messages.success(
        request,
        _("已将 %(name)s 的申请更新为“%(status)s”，求职者在“我的求职”里会看到。")
        % {
            "name": application.seeker.person.name_masked,
            "status": application.get_status_display(),
        },
    )
    return redirect(f"{reverse('jobs:employer')}?posting={application.posting_id}")


def fairs_page(request: HttpRequest) -> HttpResponse:
    fairs = [(fair, selectors.fair_results(fair)) for fair in selectors.fair_list()[:50]]
    return render(request, "jobs/fairs.html", {"fairs": fairs})


def _form_errors(form: Any, exc: BashuError) -> None:
    """Put the service's field errors on the form (plain sentences), the rest on top."""
    field_errors_add(form, getattr(exc, "errors", []))
    if not getattr(exc, "errors", []):
        form.add_error(None, exc.message)


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    back: tuple[str, str],
    submit: str,
    **context: Any,
) -> HttpResponse:
    """The job zone's form page: ``back`` (label, URL) is both the link back and the one
    step of the breadcrumb trail."""
    return render(
        request,
        "jobs/form.html",
        {
            "form": form,
            "heading": heading,
            "back": back,
            "back_trail": [back],
            "submit": submit,
            **context,
        },
    )


@login_required
def posting_new(request: HttpRequest) -> HttpResponse:
    """An employer publishes a posting for any county of either province."""
    user = signed_in(request)
    employer = selectors.employer_of(user)
    if employer is None:
        return _forbidden(request, _("仅限用人单位账户发布岗位。"))
    form = PostingForm(request.POST or None)
    data = form.posting_input(open_date=timezone.localdate()) if form.is_valid() else None
    if request.method == "POST" and data is not None:
        try:
            posting = posting_services.posting_create(by=user, employer_id=employer.pk, data=data)
        except BashuError as exc:
            _form_errors(form, exc)
        else:
            if posting.status == PostingStatus.OPEN:
                messages.success(request, _("岗位已发布，求职者现在可以搜索和投递。"))
            else:
                messages.warning(
                    request,
                    _("岗位已提交，需经办人员审核后才会发布。原因和后续步骤见下方。"),
                )
            return redirect("jobs:posting", posting_id=posting.pk)
    return _form_page(
        request,
        form,
        heading=_("发布岗位"),
        back=(_("招聘管理"), reverse("jobs:employer")),
        submit=_("发布"),
        employer=employer,
    )


def _own_posting(request: HttpRequest, posting_id: int) -> JobPosting | None:
    """One of the signed-in employer's postings; 404 for a missing posting, ``None`` for
    anyone else's (a caseworker changes a posting through the review, not here)."""
    try:
        posting = selectors.posting_get(posting_id)
    except NotFound as exc:
        raise Http404(_("未找到该岗位")) from exc
    employer = selectors.employer_of(signed_in(request))
    if employer is None or employer.pk != posting.employer_id:
        return None
    return posting


@login_required
def posting_edit(request: HttpRequest, posting_id: int) -> HttpResponse:
    """The employer changes a posting (the same checks as publishing; taking out a
    requirement that held it for review puts it online again)."""
    posting = _own_posting(request, posting_id)
    if posting is None:
        return _forbidden(request, _("只能修改本单位的岗位"))
    user = signed_in(request)
    initial = {
        "title": posting.title,
        "occupation": posting.occupation_id,
        "industry": posting.industry_id,
        "region": posting.region_id,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "education": posting.education_id or "",
        "experience_years": posting.experience_years,
        "skills": _("、").join(posting.skills),
        "headcount": posting.headcount,
        "close_date": posting.close_date,
        "description": posting.description,
    }
    form = PostingForm(request.POST or None, initial=initial)
    data = form.posting_input(open_date=posting.open_date) if form.is_valid() else None
    if request.method == "POST" and data is not None:
        try:
            posting = posting_services.posting_update(by=user, posting_id=posting.pk, data=data)
        except BashuError as exc:
            _form_errors(form, exc)
        else:
            if posting.status == PostingStatus.REVIEW:
                messages.warning(
                    request, _("岗位已修改，仍需经办人员审核后才会发布。原因和后续步骤见下方。")
                )
            else:
                messages.success(request, _("岗位已修改，求职者看到的是修改后的内容。"))
            return redirect("jobs:posting", posting_id=posting.pk)
    return _form_page(
        request,
        form,
        heading=_("修改岗位"),
        back=(posting.title, reverse("jobs:posting", args=[posting.pk])),
        submit=_("保存修改"),
        employer=posting.employer,
    )


@login_required
@require_POST
def posting_close_view(request: HttpRequest, posting_id: int) -> HttpResponse:
    """The employer stops recruiting for a posting (停止招聘): it leaves the search, and the
    applications already received stay in 招聘管理."""
    posting = _own_posting(request, posting_id)
    if posting is None:
        return _forbidden(request, _("只能关闭本单位的岗位"))
    posting_services.posting_close(by=signed_in(request), posting_id=posting.pk)
    messages.success(
        request,
        _("已停止招聘：岗位不再出现在搜索中，也不能再投递；已收到的申请仍在“招聘管理”中。"),
    )
    return redirect("jobs:posting", posting_id=posting.pk)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A seeker keeps their profile."""
    user = account_of(request)
    seeker = selectors.seeker_for(user)
    initial: dict[str, Any] = {}
    if seeker is not None:
        initial = {
            "region": seeker.region_id,
            "desired_occupations": list(seeker.desired_occupations),
            "desired_regions": list(seeker.desired_regions),
            "salary_expectation": seeker.salary_expectation,
            "skills": _("、").join(seeker.skills),
            "education": seeker.education_id or "",
            "experience_years": seeker.experience_years,
            "cv": seeker.cv,
            "discoverable": seeker.discoverable,
        }
    form = ProfileForm(request.POST or None, initial=initial)
    data = form.profile_input() if form.is_valid() else None
    if request.method == "POST" and data is not None and user is not None:
        try:
            profile_services.seeker_profile_save(by=user, data=data)
        except BashuError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("求职档案已保存。下面是按档案为您推荐的岗位。"))
            return redirect("jobs:seeker")
    return _form_page(
        request,
        form,
        heading=_("求职档案"),
        back=(_("我的求职"), reverse("jobs:seeker")),
        submit=_("保存"),
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """岗位审核: postings held for review in the caseworker's region."""
    user = signed_in(request)
    if not is_officer(user):
        return _forbidden(request, _("只有经办人员可以审核岗位。"))
    try:
        postings = selectors.review_queue(user)
        codings = selectors.occupation_pending_list(user)
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    return render(
        request,
        "jobs/review.html",
        {"postings": postings, "codings": codings, "form": ReviewForm()},
    )


@login_required
@require_POST
def occupation_confirm_view(request: HttpRequest, posting_id: int) -> HttpResponse:
    """A caseworker confirms a posting's inferred occupation or picks an alternative."""
    user = signed_in(request)
    code = str(request.POST.get("occupation", ""))[:32]
    if not code:
        messages.error(request, _("请选择职业。"))
        return redirect("jobs:review")
    try:
        posting = occupation_services.occupation_confirm(by=user, posting_id=posting_id, code=code)
    except NotFound as exc:
        raise Http404(_("未找到该岗位")) from exc
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except BashuError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:review")
    messages.success(request, _("已确认“%(title)s”的职业。") % {"title": posting.title})
    return redirect("jobs:review")


@login_required
@require_POST
def review_decide(request: HttpRequest, posting_id: int) -> HttpResponse:
    """A caseworker releases or withdraws a held posting, with a note."""
    user = signed_in(request)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论（通过或不通过）。"))
        return redirect("jobs:review")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        posting = posting_services.posting_review(
            by=user, posting_id=posting_id, approve=approve, note=form.cleaned_data["note"]
        )
    except NotFound as exc:
        raise Http404(_("未找到该岗位")) from exc
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except BashuError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:review")
    if approve:
        messages.success(
            request,
            _("已通过“%(title)s”：岗位已发布，单位和求职者现在都能看到。")
            % {"title": posting.title},
        )
    else:
        messages.success(
            request,
            _("已退回“%(title)s”：岗位已撤回，单位会在岗位页看到您的审核意见。")
            % {"title": posting.title},
        )
    return redirect("jobs:review")


# --- job alerts (职位订阅) ----------------------------------------------------------------


@login_required
def alerts_page(request: HttpRequest) -> HttpResponse:
    """The seeker's saved searches (each deletable) and the recommendations opt-in."""
    try:
        rows = alerts.alert_list(by=signed_in(request))
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    searches = [a for a in rows if a.kind == "search"]
    for alert in searches:
        alert.url = reverse("jobs:search") + "?" + urlencode(alert.query or {})  # type: ignore[attr-defined]
    return render(
        request,
        "jobs/alerts.html",
        {
            "searches": searches,
            "recommendations": any(a.kind == "recommendations" for a in rows),
            "limit": alerts.ALERTS_PER_ACCOUNT,
        },
    )


@login_required
@require_POST
def alert_save(request: HttpRequest) -> HttpResponse:
    try:
        alerts.alert_create(by=signed_in(request), params=request.POST.dict())
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except BashuError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:alerts")
    messages.success(request, _("已订阅。有符合条件的新岗位时，会在“消息”里通知您。"))
    return redirect("jobs:alerts")


@login_required
@require_POST
def alert_delete(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        alerts.alert_delete(by=signed_in(request), alert_id=alert_id)
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("已删除该订阅"))
    return redirect("jobs:alerts")


@login_required
@require_POST
def recommendations_toggle(request: HttpRequest) -> HttpResponse:
    try:
        on = alerts.recommendations_subscribe(
            by=signed_in(request), on=request.POST.get("on") == "1"
        )
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    messages.success(request, _("已开启岗位推荐提醒") if on else _("已关闭岗位推荐提醒"))
    return redirect("jobs:alerts")
