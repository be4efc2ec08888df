"""Writes of the job zone: postings (with the fair-hiring screen and duplicate detection),
feed imports, seeker profiles, applications and fairs.

Each service is one transaction with its audit row; the search index is updated by the
background worker from a task enqueued in that transaction (``bashu.jobs.tasks``), so a
rolled-back change never reaches it and a committed one always does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from bashu.core.identity import uscc_check
from bashu.core.models import EducationLevel, Industry, Occupation, Region, Role
from bashu.core.models.reference import ZONE_PROVINCES, RegionLevel
from bashu.core.permissions import SYSTEM, Actor, has_role, require_officer
from bashu.core.tabular import Rejections, row_error
from bashu.jobs import fairness
from bashu.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentIntention,
    FairRegistration,
    JobFair,
    JobPosting,
    PostingStatus,
    SeekerProfile,
)
from bashu.jobs.selectors import (
    employer_actor,
    posting_editable_by,
    posting_is_open,
    seeker_for,
)
from bashu.jobs.tasks import postings_reindex_later
from bashu.people.models import Employer, EmployerSize
from bashu.people.services import employer_create


def _reindex_on_commit(ids: list[int]) -> None:
    # A task in the worker, committed with this transaction (bashu.jobs.tasks, ADR 0010).
    postings_reindex_later(ids)


# --- postings -------------------------------------------------------------------------------

POSTING_FIELDS = (
    "title",
    "description",
    "occupation",
    "industry",
    "region",
    "salary_min",
    "salary_max",
    "education",
    "experience_years",
    "skills",
    "headcount",
    "open_date",
    "close_date",
)


@dataclass
class PostingInput:
    title: str
    description: str
    occupation: str
    industry: str
    region: str
    salary_min: int
    salary_max: int
    open_date: dt.date
    close_date: dt.date
    education: str | None = None
    experience_years: int = 0
    skills: list[str] = field(default_factory=list)
    headcount: int = 1


def _posting_errors(data: PostingInput) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.title.strip():
        errors.append(FieldError("title", "required", "岗位名称必填 (title is required)"))
    if not Occupation.objects.filter(code=data.occupation).exists():
        errors.append(
            FieldError(
                "occupation",
                "unknown_code",
                f"未知职业代码 {data.occupation} (unknown occupation code)",
            )
        )
    industry = Industry.objects.filter(code=data.industry).first()
    if industry is None or industry.level != Industry.Level.DIVISION:
        errors.append(
            FieldError(
                "industry",
                "unknown_code",
                f"须为行业大类代码 {data.industry} (a GB/T 4754 division code)",
            )
        )
    region = Region.objects.filter(code=data.region).first()
    if region is None or data.region[:2] not in ZONE_PROVINCES:
        errors.append(
            FieldError(
                "region", "unknown_region", f"未知或区外区划代码 {data.region} (unknown region)"
            )
        )
    elif region.level != RegionLevel.COUNTY:
        errors.append(
            FieldError("region", "county_required", "工作地须为县级区划 (a county-level code)")
        )
    if data.salary_min <= 0:
        errors.append(FieldError("salary_min", "minimum", "月薪须为正数 (salary must be positive)"))
    if data.salary_max < data.salary_min:
        errors.append(
            FieldError(
                "salary_max", "below_minimum", "月薪上限不得低于下限 (salary_max below salary_min)"
            )
        )
    if data.salary_max > 1_000_000:
        errors.append(FieldError("salary_max", "maximum", "月薪上限不合理 (implausible salary)"))
    if data.education and not EducationLevel.objects.filter(code=data.education).exists():
        errors.append(
            FieldError(
                "education",
                "unknown_code",
                f"未知学历代码 {data.education} (unknown education code)",
            )
        )
    if data.close_date < data.open_date:
        errors.append(
            FieldError(
                "close_date", "before_open", "截止日期早于发布日期 (close date before open date)"
            )
        )
    if data.headcount < 1:
        errors.append(FieldError("headcount", "minimum", "招聘人数至少为 1 (at least 1)"))
    if not isinstance(data.skills, list) or not all(isinstance(s, str) for s in data.skills):
        errors.append(
            FieldError("skills", "list_of_strings", "技能须为字符串列表 (a list of strings)")
        )
    return errors


def _fairness(data: PostingInput, on: dt.date) -> tuple[list[FieldError], list[dict[str, str]]]:
    """Refusals as field errors (quoting phrase and rule) and review flags for the rest."""
    findings = fairness.screen(
        {"title": data.title, "description": data.description, "skills": " ".join(data.skills)},
        on=on,
    )
    refusals = [
        FieldError(
            f.field,
            f"fair_hiring_{f.category}",
            f"含有歧视性限制“{f.phrase}”，违反{f.rule} (discriminatory restriction)",
        )
        for f in findings
        if f.action == "refuse"
    ]
    flags = [
        {"field": f.field, "phrase": f.phrase, "category": f.category, "rule": f.rule}
        for f in findings
        if f.action == "flag"
    ]
    return refusals, flags


def _bigrams(text: str) -> set[str]:
    compact = "".join(ch for ch in text.lower() if ch.isalnum())
    return {compact[i : i + 2] for i in range(len(compact) - 1)} or {compact}


def duplicate_find(posting: JobPosting) -> JobPosting | None:
    """The same job already posted from another site: same employer and county, a title
    sharing ≥ 70 % of its character pairs, overlapping salary ranges, still open."""
    candidates = (
        JobPosting.objects.filter(
            employer_id=posting.employer_id,
            region_id=posting.region_id,
            duplicate_of__isnull=True,
            salary_min__lte=posting.salary_max,
            salary_max__gte=posting.salary_min,
        )
        .exclude(source=posting.source)
        .exclude(pk=posting.pk)
        .order_by("id")[:50]
    )
    mine = _bigrams(posting.title)
    for candidate in candidates:
        theirs = _bigrams(candidate.title)
        if len(mine & theirs) / len(mine | theirs) >= 0.7:
            return candidate
    return None


def _check_poster(by: Actor, employer: Employer) -> None:
    """The employer's own accounts, its region's caseworkers, administrators and the system
    (a feed loaded from the command line) post for an employer; nobody else."""
    if not employer_actor(by, employer):
        raise Forbidden("只能为本单位发布岗位 (you can post only for your own employer)")


@transaction.atomic
def posting_create(
    *,
    by: Actor,
    employer_id: int,
    data: PostingInput,
    source: str = "portal",
    source_id: str = "",
) -> JobPosting:
    """Publish a posting. Refuses (422) bad fields and discriminatory restrictions, quoting
    the phrase and the rule; an age ceiling is accepted but held for a caseworker's review."""
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise InvalidInput.one("employer_id", "not_found", "用人单位不存在 (no such employer)")
    _check_poster(by, employer)
    today = timezone.localdate()
    errors = _posting_errors(data)
    refusals, flags = _fairness(data, today)
    if errors or refusals:
        raise InvalidInput(errors + refusals)
    posting = JobPosting.objects.create(
        employer=employer,
        title=data.title.strip(),
        description=data.description.strip(),
        occupation_id=data.occupation,
        industry_id=data.industry,
        region_id=data.region,
        salary_min=data.salary_min,
        salary_max=data.salary_max,
        education_id=data.education or None,
        experience_years=data.experience_years,
        skills=[s.strip() for s in data.skills if s.strip()],
        headcount=data.headcount,
        open_date=data.open_date,
        close_date=data.close_date,
        status=PostingStatus.REVIEW if flags else PostingStatus.OPEN,
        review_flags=flags,
        source=source,
        source_id=source_id,
    )
    original = duplicate_find(posting)
    if original is not None:
        posting.duplicate_of = original
        posting.save(update_fields=["duplicate_of"])
    audit_record(
        actor=by,
        action="posting.create",
        target_type="posting",
        target_id=posting.pk,
        detail={
            "source": source,
            "flags": [f["category"] for f in flags],
            "duplicate_of": original.pk if original else None,
        },
    )
    _reindex_on_commit([posting.pk])
    return posting


@transaction.atomic
def posting_update(*, by: Actor, posting_id: int, data: PostingInput) -> JobPosting:
    """Replace a posting's fields (same checks as on creation)."""
    posting = JobPosting.objects.select_for_update().filter(pk=posting_id).first()
    if posting is None:
        raise NotFound("未找到该岗位 (posting not found)")
    if not posting_editable_by(by, posting):
        raise Forbidden("只能修改本单位的岗位 (only your own employer's postings)")
    errors = _posting_errors(data)
    refusals, flags = _fairness(data, timezone.localdate())
    if errors or refusals:
        raise InvalidInput(errors + refusals)
    for name in POSTING_FIELDS:
        value = getattr(data, name)
        foreign_key = name in ("occupation", "industry", "region", "education")
        attname = f"{name}_id" if foreign_key else name
        # "" means "none" for a code (no education required); a text field keeps "".
        setattr(posting, attname, None if foreign_key and value == "" else value)
    posting.review_flags = flags
    if posting.status in (PostingStatus.OPEN, PostingStatus.REVIEW):
        posting.status = PostingStatus.REVIEW if flags else PostingStatus.OPEN
    posting.save()
    audit_record(actor=by, action="posting.update", target_type="posting", target_id=posting.pk)
    _reindex_on_commit([posting.pk])
    return posting


@transaction.atomic
def posting_review(*, by: Actor, posting_id: int, approve: bool, note: str = "") -> JobPosting:
    """A caseworker of the employer's region releases or withdraws a flagged posting."""
    posting = (
        JobPosting.objects.select_for_update()
        .select_related("employer")
        .filter(pk=posting_id)
        .first()
    )
    if posting is None:
        raise NotFound("未找到该岗位 (posting not found)")
    require_officer(by, posting.employer.region_id, what=_("审核该单位的岗位"))
    if posting.status != PostingStatus.REVIEW:
        raise Conflict("该岗位不在待审核状态 (the posting is not awaiting review)")
    posting.status = PostingStatus.OPEN if approve else PostingStatus.WITHDRAWN
    posting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="posting.review",
        target_type="posting",
        target_id=posting.pk,
        detail={"approve": approve, "note": note[:200]},
    )
    _reindex_on_commit([posting.pk])
    return posting


@transaction.atomic
def posting_close(*, by: Actor, posting_id: int) -> JobPosting:
    posting = (
        JobPosting.objects.select_for_update()
        .select_related("employer")
        .filter(pk=posting_id)
        .first()
    )
    if posting is None:
        raise NotFound("未找到该岗位 (posting not found)")
    if not posting_editable_by(by, posting):
        raise Forbidden("只能关闭本单位的岗位 (only your own employer's postings)")
    posting.status = PostingStatus.CLOSED
    posting.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="posting.close", target_type="posting", target_id=posting.pk)
    _reindex_on_commit([posting.pk])
    return posting


def postings_close_expired(*, today: dt.date | None = None) -> int:
    """Close every open posting past its close date (searches already hide them)."""
    today = today or timezone.localdate()
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                JobPosting.objects.filter(
                    status=PostingStatus.OPEN, close_date__lt=today
                ).values_list("pk", flat=True)[:5000]
            )
            if not ids:
                return total
            JobPosting.objects.filter(pk__in=ids).update(
                status=PostingStatus.CLOSED, updated_at=timezone.now()
            )
            audit_record(
                actor=SYSTEM,
                action="posting.close_expired",
                target_type="posting",
                detail={"count": len(ids), "until": today.isoformat()},
            )
            _reindex_on_commit(ids)
        total += len(ids)


# --- feed import -----------------------------------------------------------------------------


@dataclass
class ImportReport(Rejections):
    """What a feed import did: counts, and the rejected rows with line, field and rule (the
    first ``MAX_REPORTED`` listed, all counted; never a cell's content)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged


def _int(
    row: dict[str, Any], name: str, errors: list[FieldError], default: int | None = None
) -> int:
    value = row.get(name)
    if value in (None, "") and default is not None:
        return default
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        errors.append(FieldError(name, "integer", f"须为整数，实为 {value!r} (must be an integer)"))
        return 0


def _date(row: dict[str, Any], name: str, errors: list[FieldError]) -> dt.date:
    value = row.get(name)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        errors.append(
            FieldError(name, "date_format", f"须为 YYYY-MM-DD，实为 {value!r} (date format)")
        )
        return dt.date(1970, 1, 1)


def _skills(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if value in (None, ""):
        return []
    return [
        s.strip()
        for s in str(value).replace("，", ",").replace("、", ",").replace(";", ",").split(",")
        if s.strip()
    ]


def _feed_input(row: dict[str, Any]) -> tuple[PostingInput, list[FieldError]]:
    errors: list[FieldError] = []
    for name in (
        "source_id",
        "title",
        "employer_uscc",
        "county_code",
        "industry_code",
        "occupation_code",
    ):
        if not str(row.get(name) or "").strip():
            errors.append(FieldError(name, "required", "必填 (required)"))
    data = PostingInput(
        title=str(row.get("title") or ""),
        description=str(row.get("description") or ""),
        occupation=str(row.get("occupation_code") or "").strip(),
        industry=str(row.get("industry_code") or "").strip().zfill(2),
        region=str(row.get("county_code") or "").strip(),
        salary_min=_int(row, "salary_min", errors),
        salary_max=_int(row, "salary_max", errors),
        education=(str(row.get("education")).strip() or None) if row.get("education") else None,
        experience_years=_int(row, "experience_years", errors, default=0),
        skills=_skills(row.get("skills")),
        headcount=_int(row, "headcount", errors, default=1),
        open_date=_date(row, "open_date", errors),
        close_date=_date(row, "close_date", errors),
    )
    return data, errors


def _feed_employer(
    row: dict[str, Any], county: str, errors: list[FieldError], by: Actor
) -> Employer | None:
    """The row's employer: found by its code, or registered through the people app's own
    service (so a new employer is checked, region-scoped and audited like any other)."""
    check = uscc_check(str(row.get("employer_uscc") or ""))
    if not check.valid:
        errors.extend(FieldError("employer_uscc", f.rule, f.message) for f in check.errors)
        return None
    employer = Employer.objects.filter(uscc=check.normalized).first()
    if employer is not None:
        return employer
    name = str(row.get("employer_name") or "").strip()
    if not name:
        errors.append(
            FieldError("employer_name", "required", "新单位须有名称 (a new employer needs a name)")
        )
        return None
    industry = str(row.get("industry_code") or "").strip().zfill(2)
    if (
        not Region.objects.filter(code=county).exists()
        or not Industry.objects.filter(code=industry).exists()
    ):
        return None  # the posting's own checks report these fields
    try:
        employer, _warnings = employer_create(
            by=by,
            uscc=str(check.normalized),
            name=name,
            region=county,
            industry=industry,
            size=EmployerSize.SMALL,
        )
    except InvalidInput as exc:
        errors.extend(FieldError(f"employer_{e.field}", e.rule, e.message) for e in exc.errors)
        return None
    except Forbidden as exc:
        errors.append(FieldError("county_code", "out_of_region", exc.message))
        return None
    return employer


def _same(posting: JobPosting, data: PostingInput, employer: Employer) -> bool:
    current = (
        posting.employer_id,
        posting.title,
        posting.description,
        posting.occupation_id,
        posting.industry_id,
        posting.region_id,
        posting.salary_min,
        posting.salary_max,
        posting.education_id,
        posting.experience_years,
        list(posting.skills),
        posting.headcount,
        posting.open_date,
        posting.close_date,
    )
    incoming = (
        employer.pk,
        data.title.strip(),
        data.description.strip(),
        data.occupation,
        data.industry,
        data.region,
        data.salary_min,
        data.salary_max,
        data.education,
        data.experience_years,
        [s.strip() for s in data.skills if s.strip()],
        data.headcount,
        data.open_date,
        data.close_date,
    )
    return current == incoming


def postings_import(
    rows: Iterable[tuple[int, dict[str, Any]]], *, source: str, by: Actor
) -> ImportReport:
    """Load a province site's feed: good rows in, every bad row reported with its line and
    reasons. Idempotent on (source, source_id): an unchanged row changes nothing, a changed
    row updates its posting. Each row is its own transaction; the index follows each commit.

    ``by`` acts for the rows: a row whose employer, or whose existing posting's employer,
    is not ``by``'s to act for is refused (``out_of_region``) and changes nothing. Feeds are
    loaded by the system or a caseworker, never by an employer or the public."""
    require_officer(by, what=_("导入岗位数据"))
    report = ImportReport()
    for line, row in rows:
        unreadable = row_error(row)
        if unreadable is not None:
            report.reject(line, [unreadable])
            continue
        data, errors = _feed_input(row)
        try:
            with transaction.atomic():
                employer = _feed_employer(row, data.region, errors, by) if not errors else None
                if errors or employer is None:
                    raise InvalidInput(
                        errors
                        or [FieldError("employer_uscc", "invalid", "单位无效 (invalid employer)")]
                    )
                source_id = str(row["source_id"]).strip()
                existing = (
                    JobPosting.objects.select_for_update()
                    .select_related("employer")
                    .filter(source=source, source_id=source_id)
                    .first()
                )
                if not employer_actor(by, employer) or (
                    existing is not None and not posting_editable_by(by, existing)
                ):
                    raise InvalidInput.one(
                        "employer_uscc",
                        "out_of_region",
                        _("该单位或其岗位不在您的管辖范围内"),
                    )
                if existing is None:
                    posting_create(
                        by=by,
                        employer_id=employer.pk,
                        data=data,
                        source=source,
                        source_id=source_id,
                    )
                    report.created += 1
                elif _same(existing, data, employer):
                    report.unchanged += 1
                else:
                    existing.employer = employer
                    existing.save(update_fields=["employer"])
                    posting_update(by=by, posting_id=existing.pk, data=data)
                    report.updated += 1
        except InvalidInput as exc:
            report.reject(line, [e.as_dict() for e in exc.errors])
        except IntegrityError:
            report.reject(line, [{"field": "source_id", "rule": "conflict"}])
    return report


# --- seekers and applications -------------------------------------------------------------------


@transaction.atomic
def seeker_profile_save(*, by: Actor, changes: dict[str, Any]) -> SeekerProfile:
    """A seeker keeps their own profile (created on first save)."""
    if not has_role(by, Role.SEEKER) or not hasattr(by, "person"):
        raise Forbidden(
            "只有关联了人员信息的求职者账户可维护档案 (a seeker account linked to a person)"
        )
    person = by.person
    profile = SeekerProfile.objects.select_for_update().filter(person=person).first()
    errors: list[FieldError] = []
    for code in changes.get("desired_occupations") or []:
        if not Occupation.objects.filter(code=code).exists():
            errors.append(FieldError("desired_occupations", "unknown_code", f"未知职业代码 {code}"))
    for code in changes.get("desired_regions") or []:
        if not Region.objects.filter(code=code).exists():
            errors.append(FieldError("desired_regions", "unknown_region", f"未知区划代码 {code}"))
    if (
        "region" in changes
        and not Region.objects.filter(code=changes["region"], level="county").exists()
    ):
        errors.append(
            FieldError("region", "county_required", "现居地须为县级区划代码 (a county code)")
        )
    if (
        changes.get("education")
        and not EducationLevel.objects.filter(code=changes["education"]).exists()
    ):
        errors.append(
            FieldError("education", "unknown_code", "未知学历代码 (unknown education code)")
        )
    if errors:
        raise InvalidInput(errors)
    if profile is None:
        profile = SeekerProfile(
            person=person,
            region_id=changes.get("region") or person.region_id,
            education_id=person.education_id,
        )
    for name, value in changes.items():
        setattr(profile, f"{name}_id" if name in ("region", "education") else name, value)
    profile.save()
    audit_record(
        actor=by,
        action="seeker.save",
        target_type="seeker",
        target_id=profile.pk,
        detail={"fields": sorted(changes)},
    )
    return profile


@transaction.atomic
def application_create(*, by: Actor, posting_id: int, fair_id: int | None = None) -> Application:
    """Apply to an open posting; a second application to the same posting is refused (409)."""
    seeker = seeker_for(by)
    if seeker is None:
        raise Forbidden("请先以求职者身份登录并完善档案 (sign in as a seeker with a profile)")
    posting = JobPosting.objects.select_for_update().filter(pk=posting_id).first()
    if posting is None:
        raise NotFound("未找到该岗位 (posting not found)")
    if not posting_is_open(posting):
        raise Conflict("该岗位已停止招聘 (the posting is closed)")
    fair = JobFair.objects.filter(pk=fair_id).first() if fair_id else None
    if fair_id and fair is None:
        raise InvalidInput.one("fair_id", "not_found", "招聘会不存在 (no such fair)")
    if Application.objects.filter(posting=posting, seeker=seeker).exists():
        raise Conflict(
            "您已投递过该岗位 (you have already applied)",
            [FieldError("posting_id", "already_applied", "已投递 (already applied)")],
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(posting=posting, seeker=seeker, fair=fair)
    except IntegrityError as exc:
        raise Conflict("您已投递过该岗位 (you have already applied)") from exc
    ApplicationEvent.objects.create(application=application, status=ApplicationStatus.APPLIED)
    audit_record(
        actor=by, action="application.create", target_type="application", target_id=application.pk
    )
    return application


_ORDER = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.VIEWED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
    ApplicationStatus.HIRED,
]


@transaction.atomic
def application_advance(
    *, by: Actor, application_id: int, status: str, note: str = ""
) -> Application:
    """The employer moves an application forward (viewed → interview → offer → hired) or
    rejects it. An offer or a hire records the employment intention (就业意向) once."""
    application = (
        Application.objects.select_for_update()
        .select_related("posting", "posting__employer", "seeker")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound("未找到该申请 (application not found)")
    if not posting_editable_by(by, application.posting):
        raise Forbidden("只有招聘单位可处理申请 (only the employer handles applications)")
    if status not in ApplicationStatus.values:
        raise InvalidInput.one(
            "status", "choice", f"须为 {', '.join(ApplicationStatus.values)} (one of)"
        )
    current = application.status
    if current in (ApplicationStatus.HIRED, ApplicationStatus.REJECTED):
        raise Conflict(
            f"申请已结束（{application.get_status_display()}）(the application is closed)"
        )
    if status != ApplicationStatus.REJECTED and _ORDER.index(
        ApplicationStatus(status)
    ) <= _ORDER.index(ApplicationStatus(current)):
        raise Conflict(
            f"不能从“{application.get_status_display()}”退回 (cannot go back from {current})",
            [FieldError("status", "backwards", f"{current} → {status}")],
        )
    application.status = status
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=status, note=note[:255])
    if (
        status in (ApplicationStatus.OFFER, ApplicationStatus.HIRED)
        and not EmploymentIntention.objects.filter(application=application).exists()
    ):
        EmploymentIntention.objects.create(
            application=application,
            posting=application.posting,
            fair=application.fair,
            region_id=application.posting.region_id,
            seeker_region_id=application.seeker.region_id,
        )
    audit_record(
        actor=by,
        action="application.advance",
        target_type="application",
        target_id=application.pk,
        detail={"from": current, "to": status},
    )
    return application


# --- fairs -----------------------------------------------------------------------------------------


@transaction.atomic
def fair_create(
    *,
    by: Actor,
    name: str,
    kind: str,
    region: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str = "",
    description: str = "",
    cross_region: bool = False,
) -> JobFair:
    """A caseworker (of the hosting region) or an administrator announces a fair."""
    require_officer(by, region, what=_("在该地区发布招聘会"))
    errors = []
    if not name.strip():
        errors.append(FieldError("name", "required", "名称必填 (name is required)"))
    if kind not in ("online", "onsite"):
        errors.append(FieldError("kind", "choice", "须为 online 或 onsite (online or onsite)"))
    if not Region.objects.filter(code=region).exists():
        errors.append(FieldError("region", "unknown_region", "未知区划代码 (unknown region)"))
    if ends_at <= starts_at:
        errors.append(
            FieldError("ends_at", "before_start", "结束时间须晚于开始时间 (ends before it starts)")
        )
    if errors:
        raise InvalidInput(errors)
    fair = JobFair.objects.create(
        name=name.strip(),
        kind=kind,
        region_id=region,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        description=description,
        cross_region=cross_region,
    )
    audit_record(actor=by, action="fair.create", target_type="fair", target_id=fair.pk)
    return fair


@transaction.atomic
def fair_join(*, by: Actor, fair_id: int, employer_id: int, posting_ids: list[int]) -> JobFair:
    """An employer takes part in a fair with some of its open postings."""
    fair = JobFair.objects.filter(pk=fair_id).first()
    employer = Employer.objects.filter(pk=employer_id).first()
    if fair is None or employer is None:
        raise NotFound("招聘会或单位不存在 (no such fair or employer)")
    _check_poster(by, employer)
    postings = list(JobPosting.objects.filter(pk__in=posting_ids, employer=employer))
    if len(postings) != len(set(posting_ids)):
        raise InvalidInput.one(
            "posting_ids", "not_yours", "只能带本单位的岗位参会 (only your own postings)"
        )
    fair.employers.add(employer)
    fair.postings.add(*postings)
    audit_record(
        actor=by,
        action="fair.join",
        target_type="fair",
        target_id=fair.pk,
        detail={"employer": employer.pk, "postings": posting_ids},
    )
    return fair


@transaction.atomic
def fair_register(*, by: Actor, fair_id: int) -> FairRegistration:
    seeker = seeker_for(by)
    if seeker is None:
        raise Forbidden("请以求职者身份登录 (sign in as a seeker)")
    fair = JobFair.objects.filter(pk=fair_id).first()
    if fair is None:
        raise NotFound("招聘会不存在 (no such fair)")
    if fair.ends_at < timezone.now():
        raise Conflict("招聘会已结束 (the fair is over)")
    registration, created = FairRegistration.objects.get_or_create(fair=fair, seeker=seeker)
    if created:
        audit_record(actor=by, action="fair.register", target_type="fair", target_id=fair.pk)
    return registration
