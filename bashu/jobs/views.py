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
from bashu.core.errors import BashuError
from bashu.core.models import EducationLevel, Industry, Region, Role
from bashu.core.scoping import account_of, signed_in
from bashu.jobs import search as index
from bashu.jobs import selectors
from bashu.jobs.forms import field_errors_add
from bashu.jobs.matching.engine import matches_for_posting, matches_for_seeker
from bashu.jobs.models import JobFair, JobPosting
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
    if region and not Region.objects.filter(code=region).exists():
        region = None
    filters = index.SearchFilters(
        region=region,
        industry=industry,
        salary_min=bounds.int_param(request.GET.get("salary_min"), maximum=bounds.MAX_SALARY),
        education_rank=selectors.education_rank(education) if education else None,
        posted_within_days=bounds.int_param(request.GET.get("posted_within_days"), maximum=3650),
        today=timezone.localdate(),
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
        "region": region or "",
        "industry": industry or "",
        "education": education or "",
        "salary_min": "" if filters.salary_min is None else filters.salary_min,
        "posted_within_days": ""
        if filters.posted_within_days is None
        else filters.posted_within_days,
        "provinces": Region.objects.filter(code__in=["510000", "500000"]),
        "prefectures": Region.objects.filter(level="prefecture"),
        "sections": Industry.objects.filter(level="section"),
        "educations": EducationLevel.objects.all(),
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
    applied = seeker is not None and posting.applications.filter(seeker=seeker).exists()
    return render(
        request,
        "jobs/posting.html",
        {
            "posting": posting,
            "is_open": selectors.posting_is_open(posting),
            "seeker": seeker,
            "applied": applied,
            "sources": selectors.posting_sources([posting.duplicate_of_id or posting.pk]).get(
                posting.duplicate_of_id or posting.pk, [posting.source]
            ),
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
    user = account_of(request)
    seeker = selectors.seeker_for(user)
    recommendations = []
    if seeker is not None:
        matches = matches_for_seeker(seeker, limit=10)
        postings = {
            p.pk: p
            for p in JobPosting.objects.filter(
                pk__in=[m.posting_id for m in matches]
            ).select_related("employer", "region")
        }
        recommendations = [(m, postings[m.posting_id]) for m in matches if m.posting_id in postings]
    applications = (
        selectors.applications_for(user).prefetch_related("events")[:50]
        if user and user.role == Role.SEEKER
        else []
    )
    return render(
        request,
        "jobs/seeker.html",
        {"seeker": seeker, "recommendations": recommendations, "applications": applications},
    )


@login_required
def employer_dashboard(request: HttpRequest) -> HttpResponse:
    user = account_of(request)
    if user is None or user.role not in (Role.EMPLOYER, Role.ADMINISTRATOR):
        return render(
            request, "web/forbidden.html", {"message": "仅限用人单位 (employers only)"}, status=403
        )
    postings = list(
        JobPosting.objects.filter(employer__accounts=user, duplicate_of__isnull=True)
        .select_related("region")
        .order_by("-open_date")[:20]
    )
    selected = None
    applicants: list[Any] = []
    talents: list[Any] = []
    wanted = bounds.int_param(request.GET.get("posting"), maximum=bounds.ID_MAX)
    if postings:
        selected = next((p for p in postings if p.pk == wanted), postings[0])
        applicants = list(selectors.applications_for(user).filter(posting=selected))
        talents = matches_for_posting(selected, limit=10)
        seekers = {a.seeker_id: a.seeker for a in applicants}
        from bashu.jobs.models import SeekerProfile

        seekers.update(
            {
                s.pk: s
                for s in SeekerProfile.objects.filter(
                    pk__in=[m.seeker_id for m in talents]
                ).select_related("person", "region")
            }
        )
        talents = [(m, seekers.get(m.seeker_id)) for m in talents]
    return render(
        request,
        "jobs/employer.html",
        {"postings": postings, "selected": selected, "applicants": applicants, "talents": talents},
    )


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
    fairs = [
        (fair, selectors.fair_results(fair))
        for fair in JobFair.objects.select_related("region")[:50]
    ]
    return render(request, "jobs/fairs.html", {"fairs": fairs})


def _form_errors(form: Any, exc: BashuError) -> None:
    """Put the service's field errors on the form (rule in brackets), the rest on top."""
    field_errors_add(form, getattr(exc, "errors", []))
    if not getattr(exc, "errors", []):
        form.add_error(None, exc.message)


@login_required
def posting_new(request: HttpRequest) -> HttpResponse:
    """An employer publishes a posting for any county of either province."""
    from bashu.jobs.forms import PostingForm
    from bashu.people.models import Employer

    user = signed_in(request)
    employer = Employer.objects.filter(accounts=user).order_by("id").first()
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
    from bashu.jobs.forms import ProfileForm

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
