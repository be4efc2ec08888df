"""The job zone's API (/api/v1/jobs/...): thin handlers over selectors and services.

No ``from __future__ import annotations`` here: ``ninja.pagination.paginate`` wraps the
handlers and ninja resolves string annotations in the wrapper's module, not this one."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from bashu.core.bounds import MAX_PAGE, MAX_SALARY, Code, Id, Line, SearchText
from bashu.core.pagination import Pagination
from bashu.core.scoping import account_of, signed_in
from bashu.jobs import selectors
from bashu.jobs.matching.engine import matches_for_posting, matches_for_seeker
from bashu.jobs.matching.score import Match, shown_percent
from bashu.jobs.models import JobFair, SeekerProfile
from bashu.jobs.schemas import FairInput, PostingInput, SeekerProfileInput
from bashu.jobs.services import applications as application_services
from bashu.jobs.services import fairs as fair_services
from bashu.jobs.services import postings as posting_services
from bashu.jobs.services import profiles as profile_services

router = Router(tags=["jobs 川渝合作·职等你来"])


class SearchQuery(Schema):
    q: SearchText = ""
    region: Code | None = Field(
        None, description="省、市或县级区划代码，含下级 (province, prefecture or county)"
    )
    industry: Code | None = Field(
        None, description="行业门类字母或大类代码 (section letter or division)"
    )
    occupation: Code | None = Field(None, description="职业代码，任一层级 (any level)")
    salary_min: int | None = Field(
        None, ge=0, le=MAX_SALARY, description="月薪不低于 (CNY a month)"
    )
    education: Code | None = Field(None, description="求职者学历代码：只列要求不高于此的岗位")
    posted_within_days: int | None = Field(None, ge=0, le=3650)
    page: int = Field(1, ge=1, le=MAX_PAGE)
    limit: int = Field(20, ge=1, le=100)


class Highlights(Schema):
    title: str
    description: str


class SearchResultOut(Schema):
    id: int
    title: str
    employer: str
    county_code: str
    county: str
    salary_min: int
    salary_max: int
    open_date: dt.date
    score: float
    sources: list[str]
    highlights: Highlights


class SearchOut(Schema):
    count: int
    relaxed: bool = Field(..., description="没有岗位包含全部关键词时，改为包含任一关键词")
    results: list[SearchResultOut]
    facets: dict[str, dict[str, dict[str, Any]]]


@router.get("/jobs/search", response=SearchOut, summary="岗位检索 (search postings)")
def jobs_search(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    filters = selectors.search_filters(
        region=params.region,
        industry=params.industry,
        occupation=params.occupation,
        salary_min=params.salary_min,
        education=params.education,
        posted_within_days=params.posted_within_days,
    )
    return selectors.search_postings(
        q=params.q, filters=filters, page=params.page, limit=params.limit
    )


class PostingIn(PostingInput):
    """A posting's fields (``schemas.PostingInput``) and the employer it is posted for."""

    employer_id: Id


class PostingOut(Schema):
    id: int
    employer_id: int
    employer: str
    title: str
    description: str
    occupation: str
    industry: str
    region: str
    salary_min: int
    salary_max: int
    education: str | None
    experience_years: int
    skills: list[str]
    headcount: int
    open_date: dt.date
    close_date: dt.date
    status: str
    is_open: bool
    review_flags: list[dict[str, str]]
    sources: list[str]
    duplicate_of: int | None


def _posting_out(posting: Any) -> dict[str, Any]:
    return {
        "id": posting.pk,
        "employer_id": posting.employer_id,
        "employer": posting.employer.name,
        "title": posting.title,
        "description": posting.description,
        "occupation": posting.occupation_id,
        "industry": posting.industry_id,
        "region": posting.region_id,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "education": posting.education_id,
        "experience_years": posting.experience_years,
        "skills": posting.skills,
        "headcount": posting.headcount,
        "open_date": posting.open_date,
        "close_date": posting.close_date,
        "status": posting.status,
        "is_open": selectors.posting_is_open(posting),
        "review_flags": posting.review_flags,
        "sources": selectors.posting_sources_of(posting),
        "duplicate_of": posting.duplicate_of_id,
    }


@router.post(
    "/jobs/postings",
    response={201: PostingOut},
    auth=django_auth,
    summary="发布岗位 (publish a posting)",
)
def posting_create(request: HttpRequest, payload: PostingIn) -> Status[dict[str, Any]]:
    posting = posting_services.posting_create(
        by=signed_in(request), employer_id=payload.employer_id, data=payload
    )
    return Status(201, _posting_out(selectors.posting_get(posting.pk)))


@router.get("/jobs/postings/{posting_id}", response=PostingOut, summary="岗位详情 (one posting)")
def posting_detail(request: HttpRequest, posting_id: Id) -> dict[str, Any]:
    return _posting_out(selectors.posting_get(posting_id))


@router.put(
    "/jobs/postings/{posting_id}",
    response=PostingOut,
    auth=django_auth,
    summary="修改岗位 (replace a posting)",
)
def posting_update(request: HttpRequest, posting_id: Id, payload: PostingIn) -> dict[str, Any]:
    posting_services.posting_update(by=signed_in(request), posting_id=posting_id, data=payload)
    return _posting_out(selectors.posting_get(posting_id))


@router.post(
    "/jobs/postings/{posting_id}/close",
    response=PostingOut,
    auth=django_auth,
    summary="关闭岗位 (close)",
)
def posting_close(request: HttpRequest, posting_id: Id) -> dict[str, Any]:
    posting_services.posting_close(by=signed_in(request), posting_id=posting_id)
    return _posting_out(selectors.posting_get(posting_id))


class ReviewIn(Schema):
    approve: bool
    note: Line = ""


@router.post(
    "/jobs/postings/{posting_id}/review",
    response=PostingOut,
    auth=django_auth,
    summary="审核岗位 (review a flagged posting)",
)
def posting_review(request: HttpRequest, posting_id: Id, payload: ReviewIn) -> dict[str, Any]:
    user = signed_in(request)
    posting_services.posting_review(
        by=user, posting_id=posting_id, approve=payload.approve, note=payload.note
    )
    return _posting_out(selectors.posting_get(posting_id))


class MatchOut(Schema):
    seeker_id: int
    posting_id: int
    score: float
    #: 匹配度 as the pages show it: the calibrated share relevant (score.shown_percent).
    percent: int
    signals: dict[str, float]
    reasons: dict[str, Any]
    title: str | None = None
    employer: str | None = None
    county: str | None = None
    seeker: str | None = None


class MatchQuery(Schema):
    limit: int = Field(10, ge=1, le=50, description="推荐条数 (how many)")


def _match_out(matches: list[Match], *, postings: bool) -> list[dict[str, Any]]:
    """Matches with the posting's title, employer and county (``postings``) or the seeker's
    masked name and county; one query for the details of all of them."""
    out = [{**m.__dict__, "percent": shown_percent(m.score)} for m in matches]
    if postings:
        details = selectors.postings_by_id([m.posting_id for m in matches], open_only=True)
        for row in out:
            posting = details.get(row["posting_id"])
            if posting:
                row.update(
                    title=posting.title, employer=posting.employer.name, county=posting.region.name
                )
    else:
        seekers = selectors.seekers_by_id([m.seeker_id for m in matches])
        for row in out:
            seeker = seekers.get(row["seeker_id"])
            if seeker:
                row.update(seeker=seeker.person.name_masked, county=seeker.region.name)
    return out


@router.get(
    "/jobs/seekers/{seeker_id}/matches",
    response=list[MatchOut],
    auth=django_auth,
    summary="为求职者推荐岗位 (postings for a seeker)",
)
def seeker_matches(
    request: HttpRequest, seeker_id: Id, params: Query[MatchQuery]
) -> list[dict[str, Any]]:
    seeker = selectors.seeker_get(user=account_of(request), seeker_id=seeker_id)
    return _match_out(matches_for_seeker(seeker, limit=params.limit), postings=True)


@router.get(
    "/jobs/postings/{posting_id}/matches",
    response=list[MatchOut],
    auth=django_auth,
    summary="为岗位推荐人才 (seekers for a posting)",
)
def posting_matches(
    request: HttpRequest, posting_id: Id, params: Query[MatchQuery]
) -> list[dict[str, Any]]:
    posting = selectors.posting_for_matching(account_of(request), posting_id)
    return _match_out(matches_for_posting(posting, limit=params.limit), postings=False)


class ProfileOut(Schema):
    id: int
    region: str = Field(..., alias="region_id")
    desired_occupations: list[str]
    desired_regions: list[str]
    salary_expectation: int
    skills: list[str]
    education: str | None = Field(None, alias="education_id")
    experience_years: int
    cv: str
    discoverable: bool


@router.get(
    "/jobs/seekers/me", response=ProfileOut, auth=django_auth, summary="我的求职档案 (my profile)"
)
def my_profile(request: HttpRequest) -> SeekerProfile:
    return selectors.seeker_mine(account_of(request))


@router.put(
    "/jobs/seekers/me",
    response=ProfileOut,
    auth=django_auth,
    summary="保存求职档案 (save my profile)",
)
def my_profile_save(request: HttpRequest, payload: SeekerProfileInput) -> SeekerProfile:
    user = signed_in(request)
    return profile_services.seeker_profile_save(by=user, data=payload)


class ApplyIn(Schema):
    fair_id: Id | None = None


class ApplicationOut(Schema):
    id: int
    posting_id: int
    posting: str
    employer: str
    seeker_id: int
    seeker: str
    status: str
    fair_id: int | None
    created_at: dt.datetime
    events: list[dict[str, Any]]


def _application_out(application: Any) -> dict[str, Any]:
    return {
        "id": application.pk,
        "posting_id": application.posting_id,
        "posting": application.posting.title,
        "employer": application.posting.employer.name,
        "seeker_id": application.seeker_id,
        "seeker": application.seeker.person.name_masked,
        "status": application.status,
        "fair_id": application.fair_id,
        "created_at": application.created_at,
        "events": [
            {"status": e.status, "at": e.at.isoformat(), "note": e.note}
            for e in application.events.all()
        ],
    }


@router.post(
    "/jobs/postings/{posting_id}/apply",
    response={201: ApplicationOut},
    auth=django_auth,
    summary="投递简历 (apply)",
)
def apply(request: HttpRequest, posting_id: Id, payload: ApplyIn) -> Status[dict[str, Any]]:
    application = application_services.application_create(
        by=signed_in(request), posting_id=posting_id, fair_id=payload.fair_id
    )
    return Status(201, _application_out(application))


@router.get(
    "/jobs/applications",
    response=list[ApplicationOut],
    auth=django_auth,
    summary="我的申请 (my applications)",
)
@paginate(Pagination, convert=_application_out)
def applications(request: HttpRequest, posting_id: Id | None = None) -> Any:
    """One page ``{items, count}`` (``bashu.core.pagination``), the latest first."""
    rows = selectors.applications_for(signed_in(request)).prefetch_related("events")
    return rows.filter(posting_id=posting_id) if posting_id else rows


class AdvanceIn(Schema):
    status: Literal["viewed", "interview", "offer", "hired", "rejected"]
    note: Line = ""


@router.post(
    "/jobs/applications/{application_id}/status",
    response=ApplicationOut,
    auth=django_auth,
    summary="处理申请 (advance an application)",
)
def application_status(
    request: HttpRequest, application_id: Id, payload: AdvanceIn
) -> dict[str, Any]:
    application = application_services.application_advance(
        by=signed_in(request),
        application_id=application_id,
        status=payload.status,
        note=payload.note,
    )
    return _application_out(application)


class FairOut(Schema):
    id: int
    name: str
    kind: str
    region: str
    cross_region: bool
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    results: dict[str, int]


def _fair_out(fair: JobFair) -> dict[str, Any]:
    return {
        "id": fair.pk,
        "name": fair.name,
        "kind": fair.kind,
        "region": fair.region_id,
        "cross_region": fair.cross_region,
        "starts_at": fair.starts_at,
        "ends_at": fair.ends_at,
        "venue": fair.venue,
        "results": selectors.fair_results(fair),
    }


@router.get("/jobs/fairs", response=list[FairOut], summary="招聘会 (job fairs)")
@paginate(Pagination, convert=_fair_out)
def fairs(request: HttpRequest, cross_region: bool | None = None) -> Any:
    """One page ``{items, count}`` (``bashu.core.pagination``), the latest first, each fair
    with its results (one query for the page)."""
    return selectors.fair_list(cross_region=cross_region)


@router.post(
    "/jobs/fairs", response={201: FairOut}, auth=django_auth, summary="发布招聘会 (announce a fair)"
)
def fair_create(request: HttpRequest, payload: FairInput) -> Status[dict[str, Any]]:
    user = signed_in(request)
    fair = fair_services.fair_create(by=user, data=payload)
    return Status(201, _fair_out(selectors.fair_get(fair.pk)))


@router.get(
    "/jobs/fairs/{fair_id}", response=FairOut, summary="招聘会及其成果 (a fair and its results)"
)
def fair_detail(request: HttpRequest, fair_id: Id) -> dict[str, Any]:
    return _fair_out(selectors.fair_get(fair_id))


class JoinIn(Schema):
    employer_id: Id
    posting_ids: list[Id] = Field([], max_length=100)


@router.post(
    "/jobs/fairs/{fair_id}/join",
    response=FairOut,
    auth=django_auth,
    summary="单位参会 (employer joins)",
)
def fair_join(request: HttpRequest, fair_id: Id, payload: JoinIn) -> dict[str, Any]:
    fair = fair_services.fair_join(
        by=signed_in(request),
        fair_id=fair_id,
        employer_id=payload.employer_id,
        posting_ids=payload.posting_ids,
    )
    return _fair_out(selectors.fair_get(fair.pk))


@router.post(
    "/jobs/fairs/{fair_id}/register",
    response=FairOut,
    auth=django_auth,
    summary="求职者报名 (seeker registers)",
)
def fair_register(request: HttpRequest, fair_id: Id) -> dict[str, Any]:
    registration = fair_services.fair_register(by=signed_in(request), fair_id=fair_id)
    return _fair_out(selectors.fair_get(registration.fair_id))


@router.get("/jobs/intentions/stats", summary="就业意向统计 (employment intentions, counted)")
def intention_stats(request: HttpRequest, region: Code | None = None) -> dict[str, int]:
    return selectors.intention_stats(region=region)
