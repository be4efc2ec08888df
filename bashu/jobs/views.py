"""Job-zone pages: search, posting detail, seeker and employer dashboards, fairs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from bashu.core import bounds
from bashu.core.errors import BashuError, Forbidden
from bashu.core.scoping import account_of, signed_in
from bashu.jobs import selectors
from bashu.jobs.forms import PostingForm, ProfileForm, field_errors_add
from bashu.jobs.services import applications as application_services
from bashu.jobs.services import postings as posting_services
from bashu.jobs.services import profiles as profile_services

PAGE_SIZE = 20


def search_page(request: HttpRequest) -> HttpResponse:
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
    context: dict[str, Any] = {
        "q": q,
        "result": result,
        "page": page,
        "pages": pages,
        "query": query.urlencode(),
        "region": filters.region or "",
        "industry": industry or "",
        "education": education or "",
        "salary_min": "" if filters.salary_min is None else filters.salary_min,
        "posted_within_days": ""
        if filters.posted_within_days is None
        else filters.posted_within_days,
        **selectors.search_page_choices(),
    }
    template = "jobs/_results.html" if request.headers.get("HX-Request") else "jobs/search.html"
    return render(request, template, context)


def posting_page(request: HttpRequest, posting_id: int) -> HttpResponse:
    try:
        posting = selectors.posting_get(posting_id)
    except BashuError:
        return render(
            request,
            "web/forbidden.html",
            {"message": "未找到该岗位 (posting not found)"},
            status=404,
        )
    user = account_of(request)
    seeker = selectors.seeker_for(user)
    return render(
        request,
        "jobs/posting.html",
        {
            "posting": posting,
            "is_open": selectors.posting_is_open(posting),
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
        messages.success(request, "投递成功 (application sent)")
    except BashuError as exc:
        messages.error(request, exc.message)
    return redirect("jobs:posting", posting_id=posting_id)


@login_required
def seeker_dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.seeker_dashboard(account_of(request))
    return render(request, "jobs/seeker.html", context)


@login_required
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    wanted = bounds.int_param(request.GET.get("posting"), maximum=bounds.ID_MAX)
    try:
        context = selectors.employer_dashboard(account_of(request), posting_id=wanted)
    except Forbidden as exc:
        return render(request, "web/forbidden.html", {"message": exc.message}, status=403)
    return render(request, "jobs/employer.html", context)


@login_required
@require_POST
def advance_view(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        application = application_services.application_advance(
            by=signed_in(request),
            application_id=application_id,
            status=request.POST.get("status", ""),
        )
        messages.success(request, f"已更新为“{application.get_status_display()}” (updated)")
        return redirect(f"/employer/?posting={application.posting_id}")
    except BashuError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:employer")


def fairs_page(request: HttpRequest) -> HttpResponse:
    fairs = [(fair, selectors.fair_results(fair)) for fair in selectors.fair_list()[:50]]
    return render(request, "jobs/fairs.html", {"fairs": fairs})


def _form_errors(form: Any, exc: BashuError) -> None:
    """Put the service's field errors on the form (rule in brackets), the rest on top."""
    field_errors_add(form, getattr(exc, "errors", []))
    if not getattr(exc, "errors", []):
        form.add_error(None, exc.message)


@login_required
def posting_new(request: HttpRequest) -> HttpResponse:
    """An employer publishes a posting for any county of either province."""
    user = signed_in(request)
    employer = selectors.employer_of(user)
    if employer is None:
        return render(
            request,
            "web/forbidden.html",
            {"message": "仅限用人单位账户 (employer accounts only)"},
            status=403,
        )
    form = PostingForm(request.POST or None)
    data = form.posting_input(open_date=timezone.localdate()) if form.is_valid() else None
    if request.method == "POST" and data is not None:
        try:
            posting = posting_services.posting_create(by=user, employer_id=employer.pk, data=data)
        except BashuError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                "岗位已发布 (posted)"
                if posting.status == "open"
                else "岗位已提交，待经办人员审核 (held for review)",
            )
            return redirect("jobs:posting", posting_id=posting.pk)
    return render(
        request, "jobs/form.html", {"form": form, "heading": "发布岗位", "employer": employer}
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A seeker keeps their profile."""
    user = account_of(request)
    seeker = selectors.seeker_for(user)
    initial = {}
    if seeker is not None:
        initial = {
            "region": seeker.region_id,
            "desired_occupations": ", ".join(seeker.desired_occupations),
            "desired_regions": ", ".join(seeker.desired_regions),
            "salary_expectation": seeker.salary_expectation,
            "skills": "、".join(seeker.skills),
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
            messages.success(request, "档案已保存 (saved)")
            return redirect("jobs:seeker")
    return render(request, "jobs/form.html", {"form": form, "heading": "求职档案"})
