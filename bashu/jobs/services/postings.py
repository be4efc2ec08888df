"""Postings (岗位): publish, replace, review, close, expire — with the fair-hiring screen
and duplicate detection.

Each service is one transaction with its audit row; the search index is updated by the
background worker from a task enqueued in that transaction (``bashu.jobs.tasks``), so a
rolled-back change never reaches it and a committed one always does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from bashu.core.models import EducationLevel, Industry, Occupation, Region
from bashu.core.models.reference import ZONE_PROVINCES, RegionLevel
from bashu.core.notifications import Words, notify
from bashu.core.permissions import SYSTEM, Actor, require_officer
from bashu.jobs import fairness
from bashu.jobs.models import JobPosting, PostingStatus
from bashu.jobs.schemas import PostingInput
from bashu.jobs.selectors import employer_actor, posting_editable_by
from bashu.jobs.services.codes import code_unknown
from bashu.jobs.services.occupations import occupation_fill, occupation_record
from bashu.jobs.tasks import postings_reindex_later
from bashu.people.models import Employer


def _reindex_on_commit(ids: list[int]) -> None:
    # A task in the worker, committed with this transaction (bashu.jobs.tasks, ADR 0010).
    postings_reindex_later(ids)


# --- postings -------------------------------------------------------------------------------


def _posting_errors(data: PostingInput) -> list[FieldError]:
    """What the schema cannot know: codes against the reference tables, the place, the
    salary and date order (bounds such as headcount ≥ 1 and salary ≤ 1,000,000 are the
    schema's, ``PostingInput``)."""
    errors: list[FieldError] = []
    if not data.title.strip():
        errors.append(FieldError("title", "required", _("岗位名称必填")))
    if not Occupation.objects.filter(code=data.occupation).exists():
        errors.append(code_unknown("occupation", _("未知职业代码 %(code)s"), data.occupation))
    industry = Industry.objects.filter(code=data.industry).first()
    if industry is None or industry.level != Industry.Level.DIVISION:
        errors.append(code_unknown("industry", _("须为行业大类代码：%(code)s"), data.industry))
    region = Region.objects.filter(code=data.region).first()
    if region is None or data.region[:2] not in ZONE_PROVINCES:
        errors.append(
            FieldError(
                "region", "unknown_region", _("未知或区外区划代码 %(code)s") % {"code": data.region}
            )
        )
    elif region.level != RegionLevel.COUNTY:
        errors.append(FieldError("region", "county_required", _("工作地须为县级区划")))
    if data.salary_min <= 0:
        errors.append(FieldError("salary_min", "minimum", _("月薪须为正数")))
    if data.salary_max < data.salary_min:
        errors.append(FieldError("salary_max", "below_minimum", _("月薪上限不得低于下限")))
    if data.education and not EducationLevel.objects.filter(code=data.education).exists():
        errors.append(code_unknown("education", _("未知学历代码 %(code)s"), data.education))
    if data.close_date < data.open_date:
        errors.append(FieldError("close_date", "before_open", _("截止日期早于发布日期")))
    return errors


def _fields_apply(posting: JobPosting, data: PostingInput) -> None:
    """The input's fields on the posting, as stored: text stripped, empty skills dropped,
    no education (``None`` or ``""``) as no requirement."""
    posting.title = data.title.strip()
    posting.description = data.description.strip()
    posting.occupation_id = data.occupation
    posting.industry_id = data.industry
    posting.region_id = data.region
    posting.salary_min = data.salary_min
    posting.salary_max = data.salary_max
    posting.education_id = data.education or None
    posting.experience_years = data.experience_years
    posting.skills = [s.strip() for s in data.skills if s.strip()]
    posting.headcount = data.headcount
    posting.open_date = data.open_date
    posting.close_date = data.close_date


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
            _("含有歧视性限制“%(phrase)s”，违反%(rule)s") % {"phrase": f.phrase, "rule": f.rule},
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
        raise Forbidden(_("只能为本单位发布岗位"))


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
        raise InvalidInput.one("employer_id", "not_found", _("用人单位不存在"))
    _check_poster(by, employer)
    today = timezone.localdate()
    data, inferred = occupation_fill(data)
    errors = _posting_errors(data)
    refusals, flags = _fairness(data, today)
    if errors or refusals:
        raise InvalidInput(errors + refusals)
    posting = JobPosting(
        employer=employer,
        status=PostingStatus.REVIEW if flags else PostingStatus.OPEN,
        review_flags=flags,
        source=source,
        source_id=source_id,
    )
    _fields_apply(posting, data)
    posting.save(force_insert=True)
    occupation_record(posting, inferred)
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
    if posting.status == PostingStatus.REVIEW:
        _held_notify(posting)
    _reindex_on_commit([posting.pk])
    return posting


def employer_notify(posting: JobPosting, **message: Any) -> None:
    """Send ``message`` (``notify``'s kind, title, body, link, dedupe key) to every active
    account of the posting's employer."""
    for recipient in posting.employer.accounts.filter(is_active=True):
        notify(recipient=recipient, **message)


def _held_notify(posting: JobPosting) -> None:
    """Tell the employer's accounts that a posting waits for a caseworker's review."""
    employer_notify(
        posting,
        kind="jobs.posting_held",
        title=Words(gettext_noop("岗位“%(title)s”待审核"), {"title": posting.title}),
        body=Words(gettext_noop("岗位含有需要人工审核的内容，审核通过后才会公开显示。")),
        link=f"/jobs/{posting.pk}/",
    )


def _reviewed_notify(posting: JobPosting, approve: bool) -> None:
    employer_notify(
        posting,
        kind="jobs.posting_reviewed",
        title=Words(
            gettext_noop("岗位“%(title)s”已通过审核")
            if approve
            else gettext_noop("岗位“%(title)s”未通过审核"),
            {"title": posting.title},
        ),
        link=f"/jobs/{posting.pk}/",
    )


@transaction.atomic
def posting_update(*, by: Actor, posting_id: int, data: PostingInput) -> JobPosting:
    """Replace a posting's fields (same checks as on creation)."""
    posting = JobPosting.objects.select_for_update().filter(pk=posting_id).first()
    if posting is None:
        raise NotFound(_("未找到该岗位"))
    if not posting_editable_by(by, posting):
        raise Forbidden(_("只能修改本单位的岗位"))
    data, inferred = occupation_fill(data, posting)
    errors = _posting_errors(data)
    refusals, flags = _fairness(data, timezone.localdate())
    if errors or refusals:
        raise InvalidInput(errors + refusals)
    _fields_apply(posting, data)
    posting.review_flags = flags
    was = posting.status
    if posting.status in (PostingStatus.OPEN, PostingStatus.REVIEW):
        posting.status = PostingStatus.REVIEW if flags else PostingStatus.OPEN
    posting.save()
    occupation_record(posting, inferred)
    if posting.status == PostingStatus.REVIEW and was != PostingStatus.REVIEW:
        _held_notify(posting)
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
        raise NotFound(_("未找到该岗位"))
    require_officer(by, posting.employer.region_id, what=_("审核该单位的岗位"))
    if posting.status != PostingStatus.REVIEW:
        raise Conflict(_("该岗位不在待审核状态"))
    posting.status = PostingStatus.OPEN if approve else PostingStatus.WITHDRAWN
    posting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="posting.review",
        target_type="posting",
        target_id=posting.pk,
        detail={"approve": approve, "note": note[:200]},
    )
    _reviewed_notify(posting, approve)
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
        raise NotFound(_("未找到该岗位"))
    if not posting_editable_by(by, posting):
        raise Forbidden(_("只能关闭本单位的岗位"))
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
