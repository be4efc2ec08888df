"""Reads of the job zone: search results, postings with their sources, match features."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.db.models import Count, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bashu.core.audit import audit_record
from bashu.core.codes import region_prefix
from bashu.core.errors import Forbidden, InvalidInput, NotFound
from bashu.core.models import AuditEntry, EducationLevel, Industry, Occupation, Region, Role, User
from bashu.core.models.reference import ZONE_PROVINCES, RegionLevel
from bashu.core.permissions import account, may_act_for, require_officer
from bashu.core.scoping import in_scope, is_full_access, region_filter
from bashu.core.selectors import localized_name, province_name
from bashu.jobs import search as index
from bashu.jobs.models import (
    Application,
    ApplicationStatus,
    CodingStatus,
    EmploymentIntention,
    FairRegistration,
    JobFair,
    JobPosting,
    OccupationCoding,
    PostingStatus,
    SeekerProfile,
)
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
    sections = {s.code: s.name for s in industry_sections()}
    return {
        "count": hits.count,
        "relaxed": hits.relaxed,
        "results": results,
        "facets": {
            "region": {
                **{
                    full: {
                        "name": province_name(full) or names.get(full, full),
                        "count": n,
                        "level": "province",
                    }
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


def posting_sources_of(posting: JobPosting) -> list[str]:
    """Every site a posting is on: its canonical posting's and the duplicates'."""
    canonical = posting.duplicate_of_id or posting.pk
    return posting_sources([canonical]).get(canonical, [posting.source])


def posting_get(posting_id: int) -> JobPosting:
    posting = (
        JobPosting.objects.select_related(
            "employer", "region", "occupation", "industry", "education"
        )
        .filter(pk=posting_id)
        .first()
    )
    if posting is None:
        raise NotFound(gettext("未找到该岗位"))
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


def seeker_mine(user: object) -> SeekerProfile:
    """The signed-in seeker's own profile, or ``NotFound`` before their first save."""
    seeker = seeker_for(user)
    if seeker is None:
        raise NotFound(gettext("尚未建立求职档案"))
    return seeker


def posting_for_matching(user: object, posting_id: int) -> JobPosting:
    """A posting whose matched talents ``user`` may see: its employer's accounts and the
    caseworkers of the employer's region (``Forbidden`` for anybody else)."""
    posting = posting_get(posting_id)
    if not posting_editable_by(user, posting):
        raise Forbidden(gettext("只有招聘单位或所属区划经办人员可查看"))
    return posting


def seeker_get(*, user: User | None, seeker_id: int) -> SeekerProfile:
    seeker = SeekerProfile.objects.select_related("person", "region").filter(pk=seeker_id).first()
    if seeker is None:
        raise NotFound(gettext("未找到该求职者"))
    if user is not None and (
        seeker.person.account_id == user.pk or in_scope(user, seeker.region_id)
    ):
        return seeker
    raise Forbidden(gettext("只有本人或所属区划经办人员可查看"))


# --- open postings (matching features are read in ``jobs.matching.features``) ----------------


def open_postings(today: dt.date | None = None) -> QuerySet[JobPosting]:
    today = today or timezone.localdate()
    return JobPosting.objects.filter(
        status=PostingStatus.OPEN, close_date__gte=today, duplicate_of__isnull=True
    )


def applications_for(user: User) -> QuerySet[Application]:
    base = Application.objects.select_related(
        "posting", "posting__employer", "seeker", "seeker__person", "seeker__region"
    ).order_by("-created_at", "-id")
    if user.role == Role.SEEKER:
        return base.filter(seeker__person__account=user)
    if user.role == Role.EMPLOYER:
        return base.filter(posting__employer__accounts=user)
    if is_full_access(user):
        return base
    raise Forbidden()


def _count_of(model: type[Model], link: str, **filters: Any) -> Coalesce:
    """A correlated ``COUNT`` of ``model`` rows whose ``link`` is the outer fair: one
    subquery per figure, so the figures do not multiply each other as joins would."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


#: A fair's results, each annotated as ``n_<name>`` by ``fairs_with_results``.
FAIR_RESULTS = ("employers", "postings", "registrations", "applications", "intentions", "hires")


def fairs_with_results() -> QuerySet[JobFair]:
    """Fairs (招聘会) with their results annotated (``fair_results``): one query for any
    number of fairs, the host region joined."""
    return JobFair.objects.select_related("region").annotate(
        n_employers=_count_of(JobFair.employers.through, "jobfair"),
        n_postings=_count_of(JobFair.postings.through, "jobfair"),
        n_registrations=_count_of(FairRegistration, "fair"),
        n_applications=_count_of(Application, "fair"),
        n_intentions=_count_of(EmploymentIntention, "fair"),
        n_hires=_count_of(Application, "fair", status=ApplicationStatus.HIRED),
    )


def fair_list(*, cross_region: bool | None = None) -> QuerySet[JobFair]:
    """Fairs, the latest first, with their results; only the cross-region ones (川渝合作专场)
    or only the others when ``cross_region`` is given."""
    rows = fairs_with_results()
    if cross_region is not None:
        rows = rows.filter(cross_region=cross_region)
    return rows.order_by("-starts_at", "-id")


def fair_get(fair_id: int) -> JobFair:
    """One fair with its results, or ``NotFound``."""
    fair = fairs_with_results().filter(pk=fair_id).first()
    if fair is None:
        raise NotFound(gettext("招聘会不存在"))
    return fair


def fair_results(fair: JobFair) -> dict[str, int]:
    """A fair's results: participants, registrations, applications, intentions, hires. Read
    from ``fairs_with_results``' annotations (a fair from elsewhere is read again)."""
    if not hasattr(fair, "n_employers"):
        fair = fair_get(fair.pk)
    return {name: int(getattr(fair, f"n_{name}")) for name in FAIR_RESULTS}


# --- employment intentions ------------------------------------------------------------------


def intention_stats(*, region: str | None = None) -> dict[str, int]:
    """Employment intentions (就业意向) counted, and those crossing a province line of the
    zone (a seeker of one zone province, a job in another), optionally within ``region``
    (a province, prefecture or county code). The provinces are the reference data's
    (``ZONE_PROVINCES``)."""
    rows = EmploymentIntention.objects.all()
    if region:
        rows = rows.filter(region__code__startswith=region_prefix(region))
    cross = rows
    for province in ZONE_PROVINCES:
        cross = cross.exclude(
            region__code__startswith=province, seeker_region__code__startswith=province
        )
    return {"intentions": rows.count(), "cross_province": cross.count()}


# --- search parameters and page data --------------------------------------------------------


def region_known(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


def search_filters(
    *,
    region: str | None = None,
    industry: str | None = None,
    occupation: str | None = None,
    salary_min: int | None = None,
    education: str | None = None,
    posted_within_days: int | None = None,
    strict: bool = True,
) -> index.SearchFilters:
    """The index's filters for a search, as of today. An unknown region or education code
    is refused (``InvalidInput`` naming the first, rule ``unknown_region`` /
    ``unknown_code``), or with ``strict=False`` (the search page) ignored: no region
    filter, and an unknown education filters as "no requirement" (rank 0)."""
    errors: list[tuple[str, str, str]] = []
    if region and not region_known(region):
        errors.append(("region", "unknown_region", region))
        if not strict:
            region = None
    rank = None
    if education:
        rank = education_rank(education)
        if not rank:
            errors.append(("education", "unknown_code", education))
    if errors and strict:
        field, rule, code = errors[0]
        raise InvalidInput.one(field, rule, gettext("未知代码：%(code)s") % {"code": code})
    return index.SearchFilters(
        region=region,
        industry=industry,
        occupation=occupation,
        salary_min=salary_min,
        education_rank=rank,
        posted_within_days=posted_within_days,
        today=timezone.localdate(),
    )


class Named(NamedTuple):
    """A code and its name in the reader's language (an option of a select)."""

    code: str
    name: str


def industry_sections() -> list[Named]:
    """The GB/T 4754 sections by code, named in the reader's language (制造业; Manufacturing
    on English pages)."""
    rows = Industry.objects.filter(level=Industry.Level.SECTION).order_by("code")
    return [Named(row.code, localized_name(row)) for row in rows]


def search_page_choices() -> dict[str, Any]:
    """What the search page offers to filter by: the zone's provinces, prefectures,
    industry sections (named in the reader's language) and education levels."""
    return {
        "provinces": Region.objects.filter(
            code__in=[province + "0000" for province in ZONE_PROVINCES]
        ),
        "prefectures": Region.objects.filter(level=RegionLevel.PREFECTURE),
        "sections": industry_sections(),
        "educations": EducationLevel.objects.all(),
    }


# --- details for match lists and dashboards -------------------------------------------------


def postings_by_id(ids: list[int], *, open_only: bool = False) -> dict[int, JobPosting]:
    """Postings by id with employer and county joined (one query), only open canonical ones
    when ``open_only``."""
    rows = open_postings() if open_only else JobPosting.objects.all()
    return {p.pk: p for p in rows.filter(pk__in=ids).select_related("employer", "region")}


def seekers_by_id(ids: list[int]) -> dict[int, SeekerProfile]:
    """Seeker profiles by id with person and county joined (one query)."""
    return {
        s.pk: s for s in SeekerProfile.objects.filter(pk__in=ids).select_related("person", "region")
    }


def has_applied(seeker: SeekerProfile | None, posting: JobPosting) -> bool:
    return seeker is not None and posting.applications.filter(seeker=seeker).exists()


def employer_of(user: object) -> Employer | None:
    """The first employer an account posts for (the portal's form posts for it)."""
    account_ = account(user)
    if account_ is None:
        return None
    return Employer.objects.filter(accounts=account_).order_by("id").first()


def employer_postings(user: User, *, limit: int = 20) -> list[JobPosting]:
    """An employer account's latest canonical postings, the county joined."""
    return list(
        JobPosting.objects.filter(employer__accounts=user, duplicate_of__isnull=True)
        .select_related("region")
        .order_by("-open_date", "-id")[:limit]
    )


# --- dashboards -----------------------------------------------------------------------------
# The matcher reads features through this module (``matching.features``), so it is imported
# where it is called, not at the top.


def seeker_dashboard(user: User | None) -> dict[str, Any]:
    """A seeker's page: their profile, recommended postings (match, posting) and their
    latest applications with events; a constant number of queries however many there are."""
    from bashu.jobs.matching.engine import matches_for_seeker

    seeker = seeker_for(user)
    recommendations: list[tuple[Any, JobPosting]] = []
    if seeker is not None:
        matches = matches_for_seeker(seeker, limit=10)
        postings = postings_by_id([m.posting_id for m in matches])
        recommendations = [(m, postings[m.posting_id]) for m in matches if m.posting_id in postings]
    applications: list[Application] = []
    if user is not None and user.role == Role.SEEKER:
        applications = list(applications_for(user).prefetch_related("events")[:50])
    return {"seeker": seeker, "recommendations": recommendations, "applications": applications}


def employer_dashboard(user: User | None, *, posting_id: int | None = None) -> dict[str, Any]:
    """An employer's page: their latest postings, the one selected (``posting_id`` if it is
    theirs, else the latest), its applicants and the talents matched to it (match, seeker
    or None); a constant number of queries however many there are. Employer accounts and
    administrators only (``Forbidden``)."""
    from bashu.jobs.matching.engine import matches_for_posting

    if user is None or user.role not in (Role.EMPLOYER, Role.ADMINISTRATOR):
        raise Forbidden(gettext("仅限用人单位"))
    postings = employer_postings(user)
    selected = None
    applicants: list[Application] = []
    talents: list[tuple[Any, SeekerProfile | None]] = []
    if postings:
        selected = next((p for p in postings if p.pk == posting_id), postings[0])
        applicants = list(applications_for(user).filter(posting=selected))
        matches = matches_for_posting(selected, limit=10)
        seekers = {a.seeker_id: a.seeker for a in applicants}
        missing = [m.seeker_id for m in matches if m.seeker_id not in seekers]
        seekers.update(seekers_by_id(missing) if missing else {})
        talents = [(m, seekers.get(m.seeker_id)) for m in matches]
    return {
        "postings": postings,
        "selected": selected,
        "applicants": applicants,
        "talents": talents,
    }


# --- pages: words for reasons and states, the review queue, an applicant's CV ---------------

#: Why a match is near (``reasons.commute``), in words.
COMMUTE_WORDS: dict[str, Any] = {
    "desired_region": _("在您期望的工作地"),
    "near": _("离您住处不远"),
    "high_speed_corridor": _("在成渝高铁通勤圈内"),
    "distance": _("离您住处较远"),
    "far": _("离您住处很远"),
}

#: A review flag's category (``fair_hiring_phrases.csv``), in words.
FLAG_WORDS: dict[str, Any] = {
    "age": _("年龄限制"),
    "sex": _("性别限制"),
    "household_registration": _("户籍限制"),
    "ethnicity": _("民族限制"),
    "childbearing": _("婚育限制"),
    "marital_status": _("婚姻状况限制"),
    "hepatitis_b": _("乙肝限制"),
    "health": _("健康状况限制"),
}


#: The same, as an employer reads it about a seeker.
COMMUTE_WORDS_EMPLOYER: dict[str, Any] = {
    "desired_region": _("期望在此地工作"),
    "near": _("住处离工作地不远"),
    "high_speed_corridor": _("在成渝高铁通勤圈内"),
    "distance": _("住处离工作地较远"),
    "far": _("住处离工作地很远"),
}


def match_reasons(match: Any, *, employer: bool = False) -> list[str]:
    """A match's reasons (``matching.score``) as sentences a seeker (or, with ``employer``,
    an employer) reads."""
    reasons = match.reasons
    words: list[str] = []
    places = COMMUTE_WORDS_EMPLOYER if employer else COMMUTE_WORDS
    why = reasons.get("commute", "")
    where = places.get(why)
    if where is not None and why == "high_speed_corridor" and "commute_minutes" in reasons:
        words.append(
            _("%(where)s（乘高铁约 %(minutes)s 分钟，含往返车站）")
            % {"where": where, "minutes": reasons["commute_minutes"]}
        )
    elif where is not None:
        words.append(
            _("%(where)s（约 %(km)s 公里）") % {"where": where, "km": reasons.get("distance_km")}
        )
    if reasons.get("matched_skills"):
        words.append(_("已具备：%(skills)s") % {"skills": _("、").join(reasons["matched_skills"])})
    if reasons.get("missing_skills"):
        words.append(_("尚缺：%(skills)s") % {"skills": _("、").join(reasons["missing_skills"])})
    if reasons.get("salary_gap"):
        words.append(_("最高月薪比期望低 %(gap)s 元") % {"gap": f"{int(reasons['salary_gap']):,}"})
    if reasons.get("education_ok") is False:
        words.append(str(_("学历低于要求")))
    if reasons.get("experience_ok") is False:
        words.append(str(_("工作年限少于要求")))
    return [str(w) for w in words]


def review_flags_in_words(posting: JobPosting) -> list[dict[str, str]]:
    """A held posting's flags: what was found (a category in words), the phrase, the rule."""
    return [
        {
            "what": str(FLAG_WORDS.get(flag.get("category", ""), _("其他限制"))),
            "phrase": flag.get("phrase", ""),
            "field": flag.get("field", ""),
            "rule": flag.get("rule", ""),
        }
        for flag in posting.review_flags or []
    ]


def posting_review_note(posting: JobPosting) -> dict[str, Any] | None:
    """The last review of a posting (approve, note, when), read from the audit log, or None."""
    entry = (
        AuditEntry.objects.filter(
            action="posting.review", target_type="posting", target_id=str(posting.pk)
        )
        .order_by("-seq")
        .first()
    )
    if entry is None:
        return None
    detail = entry.detail or {}
    return {"approve": bool(detail.get("approve")), "note": detail.get("note", ""), "at": entry.at}


def review_queue(user: object) -> list[JobPosting]:
    """Postings held for review (待审核) whose employer is in the caseworker's region
    (every region for an administrator), the oldest first; ``Forbidden`` for anyone else."""
    require_officer(account(user), what=gettext("审核岗位"))
    rows = region_filter(
        JobPosting.objects.filter(status=PostingStatus.REVIEW), user, field="employer__region"
    )
    if rows is None:
        raise Forbidden(gettext("只有经办人员可以审核岗位"))
    postings = list(
        rows.select_related("employer", "employer__region", "region", "occupation").order_by(
            "created_at", "id"
        )[:200]
    )
    for posting in postings:
        posting.flags_in_words = review_flags_in_words(posting)  # type: ignore[attr-defined]
    return postings


def occupation_pending_list(user: object) -> list[OccupationCoding]:
    """Postings whose inferred occupation waits for a caseworker (职业待确认), employer in the
    caseworker's region (every region for an administrator), the oldest first, with the
    inferred occupation and its alternatives; ``Forbidden`` for anyone else."""
    require_officer(account(user), what=gettext("确认岗位职业"))
    rows = region_filter(
        OccupationCoding.objects.filter(status=CodingStatus.PENDING),
        user,
        field="posting__employer__region",
    )
    if rows is None:
        raise Forbidden(gettext("只有经办人员可以确认岗位职业"))
    return list(
        rows.select_related("posting", "posting__employer", "inferred").order_by(
            "posting__created_at", "id"
        )[:200]
    )


def seeker_for_employer(user: object, seeker_id: int) -> dict[str, Any]:
    """A seeker's CV as an employer reads it (简历): CV, skills, education, and their
    applications to this employer. The phone is shown only to an employer the seeker
    applied to, and that read is audited; otherwise it is masked. An employer sees a seeker
    who applied to it or who lets employers find them; anyone else gets ``NotFound``."""
    account_ = account(user)
    if account_ is None or account_.role not in (Role.EMPLOYER, Role.ADMINISTRATOR):
        raise Forbidden(gettext("仅限用人单位"))
    seeker = (
        SeekerProfile.objects.select_related("person", "region", "education")
        .filter(pk=seeker_id)
        .first()
    )
    if seeker is None:
        raise NotFound(gettext("未找到该求职者"))
    applications = list(
        Application.objects.filter(seeker=seeker, posting__employer__accounts=account_)
        .select_related("posting")
        .order_by("-created_at", "-id")
    )
    if not applications and not seeker.discoverable:
        raise NotFound(gettext("未找到该求职者"))
    phone = seeker.person.phone_masked
    if applications:
        phone = seeker.person.phone
        audit_record(
            actor=account_,
            action="seeker.contact.read",
            target_type="person",
            target_id=seeker.person_id,
            purpose="招聘联系应聘者",
            detail={"applications": [a.pk for a in applications]},
        )
    return {
        "seeker": seeker,
        "applications": applications,
        "phone": phone,
        "phone_shown": bool(applications),
        "occupations": list(
            Occupation.objects.filter(code__in=seeker.desired_occupations).values_list(
                "name", flat=True
            )
        ),
    }


#: What an application's state means for the seeker, and what comes next.
STATUS_NEXT: dict[str, Any] = {
    ApplicationStatus.APPLIED: _("已送达单位，等待单位查看。"),
    ApplicationStatus.VIEWED: _("单位已查看您的简历，如合适会邀请您面试。"),
    ApplicationStatus.INTERVIEW: _("单位邀请您面试，请留意电话和短信。"),
    ApplicationStatus.OFFER: _("单位有录用意向，请与单位确认入职事宜。"),
    ApplicationStatus.HIRED: _("您已被录用，祝工作顺利。"),
    ApplicationStatus.REJECTED: _("单位认为暂不合适，可以看看其他推荐岗位。"),
}


def application_next_words(status: str) -> str:
    """An application's state as the seeker's next step, in words."""
    return str(STATUS_NEXT.get(status, ""))


#: Where a posting came from (``JobPosting.source``), in words.
SOURCE_WORDS: dict[str, Any] = {
    "portal": _("巴蜀平台"),
    "sichuan": _("四川公共招聘网"),
    "chongqing": _("重庆公共招聘网"),
}


def source_names(sources: list[str]) -> list[str]:
    """Feed names as a reader knows them (an unknown feed keeps its name)."""
    return [str(SOURCE_WORDS.get(s, s)) for s in sources]


def education_choices(empty: Any) -> list[tuple[str, str]]:
    """Education levels (学历) for a select, in the active language, lowest first."""
    return [("", str(empty)), *((e.code, localized_name(e)) for e in EducationLevel.objects.all())]
