"""Feed imports (岗位数据导入): a province site's postings, row by row, with a report of line,
field and rule for every rejected row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from bashu.core.errors import FieldError, Forbidden, InvalidInput, schema_errors
from bashu.core.identity import uscc_check
from bashu.core.models import Industry, Region
from bashu.core.permissions import Actor, require_officer
from bashu.core.tabular import ImportReport, row_error
from bashu.jobs.models import (
    JobPosting,
)
from bashu.jobs.schemas import PostingInput
from bashu.jobs.selectors import (
    employer_actor,
    posting_editable_by,
)
from bashu.jobs.services.postings import posting_create, posting_update
from bashu.people.models import Employer, EmployerSize
from bashu.people.services import employer_create

#: The feed's column for each field of ``PostingInput`` that the feed names differently.
COLUMNS = {"occupation": "occupation_code", "industry": "industry_code", "region": "county_code"}
#: Columns every row must fill (``required``), whatever the posting's own rules say.
REQUIRED = (
    "source_id",
    "title",
    "employer_uscc",
    "county_code",
    "industry_code",
    "occupation_code",
)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _cell(value: Any) -> Any:
    """A number or date cell as the model parses it: text stripped, a spreadsheet's
    datetime as its date."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


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


def _feed_input(row: dict[str, Any]) -> tuple[PostingInput | None, list[FieldError]]:
    """The row parsed into ``PostingInput``, or the errors naming the row's columns."""
    errors = [
        FieldError(name, "required", _("必填")) for name in REQUIRED if not _text(row.get(name))
    ]
    industry = _text(row.get("industry_code"))
    values: dict[str, Any] = {
        "title": _text(row.get("title")),
        "description": _text(row.get("description")),
        "occupation": _text(row.get("occupation_code")),
        "industry": industry.zfill(2) if industry else "",
        "region": _text(row.get("county_code")),
        "salary_min": _cell(row.get("salary_min")),
        "salary_max": _cell(row.get("salary_max")),
        "education": _text(row.get("education")) or None,
        "skills": _skills(row.get("skills")),
        "open_date": _cell(row.get("open_date")),
        "close_date": _cell(row.get("close_date")),
    }
    for name in ("experience_years", "headcount"):  # an empty cell takes the default
        if row.get(name) not in (None, ""):
            values[name] = _cell(row[name])
    try:
        data = PostingInput.model_validate(values)
    except ValidationError as exc:
        reported = {e.field for e in errors}
        errors += [e for e in schema_errors(exc, names=COLUMNS) if e.field not in reported]
        return None, errors
    return (None, errors) if errors else (data, [])


def _feed_employer(
    row: dict[str, Any], county: str, errors: list[FieldError], by: Actor
) -> Employer | None:
    """The row's employer: found by its code, or registered through the people app's own
    service (so a new employer is checked, region-scoped and audited like any other)."""
    check = uscc_check(str(row.get("employer_uscc") or ""))
    if not check.valid:
        errors.extend(FieldError("employer_uscc", f.rule, f.translated(_)) for f in check.errors)
        return None
    employer = Employer.objects.filter(uscc=check.normalized).first()
    if employer is not None:
        return employer
    name = str(row.get("employer_name") or "").strip()
    if not name:
        errors.append(FieldError("employer_name", "required", _("新单位须有名称")))
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
                employer = _feed_employer(row, data.region, errors, by) if data else None
                if data is None or employer is None:
                    raise InvalidInput(
                        errors or [FieldError("employer_uscc", "invalid", _("单位无效"))]
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
