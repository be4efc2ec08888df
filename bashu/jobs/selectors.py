"""Reads of the job zone: search results, postings with their sources, match features."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bashu.core.errors import Forbidden, NotFound
from bashu.core.models import EducationLevel, Industry, Region, Role, User
from bashu.core.permissions import account, may_act_for
from bashu.core.scoping import in_scope, is_full_access
from bashu.jobs import search as index
from bashu.jobs.matching.score import Place, PostingFeatures, SeekerFeatures
from bashu.jobs.models import Application, JobFair, JobPosting, PostingStatus, SeekerProfile
from bashu.jobs.text import segment
from bashu.people.models import Employer

_EDUCATION_RANKS: dict[str, int] = {}


def education_rank(code: str | None) -> int:
    if not code:
        return 0
    if not _EDUCATION_RANKS:
        _EDUCATION_RANKS.update(EducationLevel.objects.values_list("code", "rank"))
    return _EDUCATION_RANKS.get(code, 0)


def posting_is_open(posting: JobPosting, today: dt.date | None = None) -> bool:
    """Open means status open and not past its close date (postings close by themselves)."""
    today = today or timezone.localdate()
    return posting.status == PostingStatus.OPEN and posting.close_date >= today


def posting_doc(posting: JobPosting) -> index.PostingDoc:
    return index.PostingDoc(
        id=posting.pk,
        title=posting.title,
        description=posting.description,
        skills=list(posting.skills),
        region=posting.region_id,
        industry=posting.industry_id,
        industry_section=posting.industry.parent_id or posting.industry_id,
        occupation=posting.occupation_id,
        status=posting.status,
        salary_min=posting.salary_min,
        salary_max=posting.salary_max,
        education_rank=education_rank(posting.education_id),
        open_date=posting.open_date,
        close_date=posting.close_date,
        canonical=posting.duplicate_of_id is None,
    )


def posting_docs(ids: list[int] | None = None, *, chunk: int = 5000) -> Iterator[index.PostingDoc]:
    """Index documents of the given postings (all when ``ids`` is None), streamed."""
    postings = JobPosting.objects.select_related("industry").order_by("id")
    if ids is not None:
        postings = postings.filter(pk__in=ids)
    for posting in postings.iterator(chunk_size=chunk):
        yield posting_doc(posting)


def _region_names(codes: list[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def search_postings(
    *, q: str, filters: index.SearchFilters, page: int, limit: int
) -> dict[str, Any]:
    """One page of search results with highlights and facets (named), as the API answers."""
    hits = index.search(q, filters, offset=(page - 1) * limit, limit=limit)
    ids = [posting_id for posting_id, _ in hits.hits]
    postings = {
        p.pk: p for p in JobPosting.objects.filter(pk__in=ids).select_related("employer", "region")
    }
    sources = posting_sources(ids)
    results = []
    for posting_id, score in hits.hits:
        posting = postings.get(posting_id)
        if posting is None:  # removed since the index was written
            continue
        results.append(
            {
                "id": posting.pk,
                "title": posting.title,
                "employer": posting.employer.name,
                "county_code": posting.region_id,
                "county": posting.region.name,
                "salary_min": posting.salary_min,
                "salary_max": posting.salary_max,
                "open_date": posting.open_date,
                "score": round(score, 4),
                "sources": sources.get(posting.pk, [posting.source]),
                "highlights": {
                    "title": index.highlight(posting.title, hits.terms),
                    "description": index.highlight(posting.description, hits.terms, window=90),
                },
            }
        )
    province_codes = {code: code + "0000" for code in hits.facets.get("province", {})}
    prefecture_codes = {code: code + "00" for code in hits.facets.get("prefecture", {})}
    names = _region_names([*province_codes.values(), *prefecture_codes.values()])
    sections = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    return {
        "count": hits.count,
        "relaxed": hits.relaxed,
        "results": results,
        "facets": {
            "region": {
                **{
                    full: {"name": names.get(full, full), "count": n, "level": "province"}
                    for code, full in province_codes.items()
                    for n in [hits.facets["province"][code]]
                },
                **{
                    full: {"name": names.get(full, full), "count": n, "level": "prefecture"}
                    for code, full in prefecture_codes.items()
                    for n in [hits.facets["prefecture"][code]]
                },
            },
            "industry": {
                code: {"name": sections.get(code, code), "count": n}
                for code, n in hits.facets.get("industry", {}).items()
            },
        },
    }


def posting_sources(ids: list[int]) -> dict[int, list[str]]:
    """For canonical postings, every site it was posted on (its own and its duplicates')."""
    sources: dict[int, list[str]] = {}
    rows = JobPosting.objects.filter(Q(pk__in=ids) | Q(duplicate_of_id__in=ids)).values_list(
        "pk", "duplicate_of_id", "source"
    )
    for pk, duplicate_of, source in rows:
        key = duplicate_of or pk
        sources.setdefault(key, [])
        if source not in sources[key]:
            sources[key].append(source)
    return {k: sorted(v) for k, v in sources.items()}


def posting_get(posting_id: int) -> JobPosting:
    posting = (
        JobPosting.objects.select_related(
            "employer", "region", "occupation", "industry", "education"
        )
        .filter(pk=posting_id)
        .first()
    )
    if posting is None:
        raise NotFound("未找到该岗位 (posting not found)")
    return posting


def employer_actor(user: object, employer: Employer) -> bool:
    """May this actor act for the employer: the system, an administrator, a caseworker of
    the employer's region, or one of the employer's own accounts."""
    if may_act_for(user, employer.region_id):
        return True
    account_ = account(user)
    return bool(
        account_
        and account_.role == Role.EMPLOYER
        and employer.accounts.filter(pk=account_.pk).exists()
    )


def posting_editable_by(user: object, posting: JobPosting) -> bool:
    return employer_actor(user, posting.employer)


def seeker_for(user: object) -> SeekerProfile | None:
    user = account(user)
    if user is None or user.role != Role.SEEKER:
        return None
    return (
        SeekerProfile.objects.filter(person__account=user)
        .select_related("person", "region")
        .first()
    )


def seeker_get(*, user: User | None, seeker_id: int) -> SeekerProfile:
    seeker = SeekerProfile.objects.select_related("person", "region").filter(pk=seeker_id).first()
    if seeker is None:
        raise NotFound("未找到该求职者 (seeker not found)")
    if user is not None and (
        seeker.person.account_id == user.pk or in_scope(user, seeker.region_id)
    ):
        return seeker
    raise Forbidden(
        "只有本人或所属区划经办人员可查看 (only the seeker or their region's caseworkers)"
    )


# --- features for matching ------------------------------------------------------------------


def places_of(codes: set[str]) -> dict[str, Place]:
    return {
        code: Place(code, float(lon or 0), float(lat or 0))
        for code, lon, lat in Region.objects.filter(code__in=codes).values_list(
            "code", "longitude", "latitude"
        )
    }


def seeker_features(seekers: list[SeekerProfile]) -> list[SeekerFeatures]:
    places = places_of({s.region_id for s in seekers})
    return [
        SeekerFeatures(
            id=s.pk,
            occupations=tuple(s.desired_occupations),
            skills=frozenset(x.lower() for x in s.skills),
            tokens=Counter(segment(s.cv + " " + " ".join(s.skills))),
            place=places[s.region_id],
            desired_regions=tuple(s.desired_regions),
            salary_expectation=s.salary_expectation,
            education_rank=education_rank(s.education_id),
            experience_years=s.experience_years,
        )
        for s in seekers
    ]


def posting_features(postings: list[JobPosting]) -> list[PostingFeatures]:
    places = places_of({p.region_id for p in postings})
    return [
        PostingFeatures(
            id=p.pk,
            occupation=p.occupation_id,
            skills=frozenset(x.lower() for x in p.skills),
            tokens=Counter(segment(p.title + " " + p.description)),
            place=places[p.region_id],
            salary_min=p.salary_min,
            salary_max=p.salary_max,
            education_rank=education_rank(p.education_id),
            experience_years=p.experience_years,
            skill_names={x.lower(): x for x in p.skills},
        )
        for p in postings
    ]


def open_postings(today: dt.date | None = None) -> QuerySet[JobPosting]:
    today = today or timezone.localdate()
    return JobPosting.objects.filter(
        status=PostingStatus.OPEN, close_date__gte=today, duplicate_of__isnull=True
    )


def applications_for(user: User) -> QuerySet[Application]:
    base = Application.objects.select_related(
        "posting", "posting__employer", "seeker", "seeker__person"
    ).order_by("-created_at")
    if user.role == Role.SEEKER:
        return base.filter(seeker__person__account=user)
    if user.role == Role.EMPLOYER:
        return base.filter(posting__employer__accounts=user)
    if is_full_access(user):
        return base
    raise Forbidden()


def fair_results(fair: JobFair) -> dict[str, int]:
    """A fair's results: participants, registrations, applications, intentions, hires."""
    applications = fair.applications.all()
    return {
        "employers": fair.employers.count(),
        "postings": fair.postings.count(),
        "registrations": fair.registrations.count(),
        "applications": applications.count(),
        "intentions": fair.intentions.count(),
        "hires": applications.filter(status="hired").count(),
    }
