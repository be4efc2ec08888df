"""Feed imports (岗位数据导入): a province site's postings, row by row, with a report of line,
field and rule for every rejected row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bashu.core.errors import FieldError, Forbidden, InvalidInput
from bashu.core.identity import uscc_check
from bashu.core.models import Industry, Region
from bashu.core.permissions import Actor, require_officer
from bashu.core.tabular import Rejections, row_error
from bashu.jobs.models import (
    JobPosting,
)
from bashu.jobs.selectors import (
    employer_actor,
    posting_editable_by,
)
from bashu.jobs.services.postings import PostingInput, posting_create, posting_update
from bashu.people.models import Employer, EmployerSize
from bashu.people.services import employer_create


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
