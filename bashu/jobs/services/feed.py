"""Feed imports (岗位数据导入): a province site's postings, row by row, with a report of line,
field and rule for every rejected row, and of every value normalised in a row taken in.

Rows are read as the sites publish them (``bashu.jobs.published``): ``education`` by code, name
or alias (本科, 大学本科, 技校, 不限); the salary as ``salary_min`` / ``salary_max`` figures or,
when both are empty, as the published text in ``salary`` (``8-12K``, ``1.2万-2万``,
``200元/天``); ``open_date`` / ``close_date`` as ISO dates or ``2026/12/31``, ``2026.12.31``,
``2026年12月31日``, ``20261231``; ``county_code`` (or ``county``) as a code or a county's name
(武侯区, 成都市武侯区, 重庆市渝北区). Each value read so is the row's warning (``rule``, ``from``,
``to``); the published salary's own text is kept there (the posting has no field for it). A
value no rule reads is the row's error on its column, with the rule (``salary_format``,
``salary_negotiable``, ``date_format``, ``unknown_region``, ``ambiguous_region`` with its
``candidates``). A row without ``occupation_code`` is taken with the occupation inferred from
its title, description and skills (``services.occupations``, issue 14 item 3), warned as
``occupation_inferred`` (to the code, with its confidence) or, below the threshold,
``occupation_unconfirmed``: the posting is published and waits for a caseworker (职业待确认).

``ALIASES`` are the sites' Chinese column headers (岗位名称, 学历要求, 薪资, 工作地点…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import ValidationError

from bashu.core.errors import FieldError, Forbidden, InvalidInput, schema_errors
from bashu.core.identity import uscc_check
from bashu.core.models import Industry, Region
from bashu.core.permissions import Actor, require_officer
from bashu.core.selectors import region_list
from bashu.core.tabular import ImportReport, row_error
from bashu.jobs import published
from bashu.jobs.models import (
    CodingStatus,
    JobPosting,
    OccupationCoding,
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
)


#: The sites' own column headers → the feed's columns (``rows_read(aliases=...)``).
ALIASES = {
    "岗位编号": "source_id",
    "职位编号": "source_id",
    "岗位名称": "title",
    "职位名称": "title",
    "岗位描述": "description",
    "职位描述": "description",
    "岗位职责": "description",
    "统一社会信用代码": "employer_uscc",
    "单位名称": "employer_name",
    "企业名称": "employer_name",
    "招聘单位": "employer_name",
    "工作地点": "county_code",
    "工作地区": "county_code",
    "区县": "county_code",
    "行业代码": "industry_code",
    "职业代码": "occupation_code",
    "薪资": "salary",
    "薪资待遇": "salary",
    "月薪": "salary",
    "薪酬": "salary",
    "学历": "education",
    "学历要求": "education",
    "技能要求": "skills",
    "招聘人数": "headcount",
    "发布日期": "open_date",
    "截止日期": "close_date",
}
#: The date columns, read in the common formats (``published.date_read``).
DATE_COLUMNS = ("open_date", "close_date")


@dataclass(frozen=True)
class AmbiguousValue(FieldError):
    """A name several reference entries have; the report lists their codes (``candidates``)."""

    candidates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "candidates": list(self.candidates)}


@dataclass
class Vocabulary:
    """What a feed's rows are read against, loaded once per import: every county's
    spellings (``published.county_spellings``) and its full name, for messages."""

    spellings: dict[str, tuple[str, ...]]
    names: dict[str, str]

    @classmethod
    def load(cls) -> Vocabulary:
        counties = [
            published.County(
                code=region.code,
                name=region.name,
                parents=tuple(
                    p.name
                    for p in (region.parent, region.parent.parent if region.parent else None)
                    if p
                ),
            )
            for region in region_list(level="county", zone=True).select_related("parent__parent")
        ]
        return cls(
            spellings=published.county_spellings(counties),
            names={c.code: "".join((*c.parents[:1], c.name)) for c in counties},
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


def _published(
    row: dict[str, Any], vocabulary: Vocabulary
) -> tuple[dict[str, Any], list[dict[str, str]], list[FieldError]]:
    """The row's values as the model takes them, read from what the site published: the
    values, a warning for each one normalised, an error for each one no rule reads."""
    values: dict[str, Any] = {}
    warnings: list[dict[str, str]] = []
    errors: list[FieldError] = []

    def noted(column: str, reading: published.Reading | None) -> None:
        if reading is not None:
            warnings.append(
                {
                    "field": column,
                    "rule": reading.rule,
                    "from": reading.original,
                    "to": reading.result,
                }
            )

    education, reading = published.education_read(_text(row.get("education")))
    values["education"] = education
    noted("education", reading)

    values["salary_min"] = _cell(row.get("salary_min"))
    values["salary_max"] = _cell(row.get("salary_max"))
    salary = _text(row.get("salary"))
    if salary and not _text(row.get("salary_min")) and not _text(row.get("salary_max")):
        try:
            monthly, reading = published.salary_read(salary)
        except published.Unreadable as exc:
            errors.append(FieldError("salary", exc.rule, _(_SALARY_MESSAGES[exc.rule])))
        else:
            values["salary_min"], values["salary_max"] = monthly.minimum, monthly.maximum
            noted("salary", reading)

    for column in DATE_COLUMNS:
        value = _cell(row.get(column))
        if isinstance(value, str) and value:
            try:
                value, reading = published.date_read(value)
            except published.Unreadable:
                pass  # left to the model, which names the column and rule (date_format)
            else:
                noted(column, reading)
        values[column] = value

    column = "county_code" if _text(row.get("county_code")) else "county"
    try:
        values["region"], reading = published.county_read(
            _text(row.get(column)), vocabulary.spellings
        )
    except published.AmbiguousName as exc:
        names = "、".join(f"{vocabulary.names[c]}（{c}）" for c in exc.candidates)
        errors.append(
            AmbiguousValue(
                "county_code",
                exc.rule,
                _("区县名称不唯一，请填写代码：%(names)s") % {"names": names},
                candidates=exc.candidates,
            )
        )
        values["region"] = ""
    except published.Unreadable as exc:
        errors.append(FieldError("county_code", exc.rule, _("未知的区县名称")))
        values["region"] = ""
    else:
        noted("county_code", reading)
    return values, warnings, errors


#: What a refused published salary says, by rule.
_SALARY_MESSAGES = {
    "salary_negotiable": gettext_noop("薪资面议：岗位须写明月薪范围"),
    "salary_format": gettext_noop("无法识别的薪资写法"),
    "maximum": gettext_noop("月薪上限不合理"),
    "minimum": gettext_noop("月薪须为正数"),
    "below_minimum": gettext_noop("月薪上限不得低于下限"),
}


def _feed_input(
    row: dict[str, Any], vocabulary: Vocabulary
) -> tuple[PostingInput | None, list[dict[str, str]], list[FieldError]]:
    """The row parsed into ``PostingInput`` and its warnings, or the errors naming the row's
    columns."""
    readable, warnings, errors = _published(row, vocabulary)
    reported = {e.field for e in errors}
    errors = [
        FieldError(name, "required", _("必填"))
        for name in REQUIRED
        if not _text(row.get(name))
        and not (name == "county_code" and _text(row.get("county")))
        and name not in reported
    ] + errors
    industry = _text(row.get("industry_code"))
    values: dict[str, Any] = {
        "title": _text(row.get("title")),
        "description": _text(row.get("description")),
        "occupation": _text(row.get("occupation_code")),
        "industry": industry.zfill(2) if industry else "",
        "skills": _skills(row.get("skills")),
        **readable,
    }
    for name in ("experience_years", "headcount"):  # an empty cell takes the default
        if row.get(name) not in (None, ""):
            values[name] = _cell(row[name])
    try:
        data = PostingInput.model_validate(values)
    except ValidationError as exc:
        reported = {e.field for e in errors}
        if "salary" in reported:  # the published salary's error stands for both figures
            reported |= {"salary_min", "salary_max"}
        errors += [e for e in schema_errors(exc, names=COLUMNS) if e.field not in reported]
        return None, warnings, errors
    return (None, warnings, errors) if errors else (data, warnings, [])


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
        data.occupation or _inferred(posting),
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


def _inferred(posting: JobPosting) -> str:
    """The occupation a row sent without one has, when it was inferred (or confirmed):
    resending the row unchanged changes nothing."""
    row = OccupationCoding.objects.filter(posting=posting).first()
    return posting.occupation_id if row is not None else ""


def _coding_warning(posting: JobPosting) -> list[dict[str, str]]:
    row = OccupationCoding.objects.filter(posting=posting).first()
    if row is None or row.status == CodingStatus.CONFIRMED:
        return []
    rule = "occupation_unconfirmed" if row.status == CodingStatus.PENDING else "occupation_inferred"
    return [
        {
            "field": "occupation_code",
            "rule": rule,
            "from": "",
            "to": f"{row.inferred_id} ({row.confidence:.2f})",
        }
    ]


def postings_import(
    rows: Iterable[tuple[int, dict[str, Any]]], *, source: str, by: Actor
) -> ImportReport:
    """Load a province site's feed: good rows in, every bad row reported with its line and
    reasons. Idempotent on (source, source_id): an unchanged row changes nothing, a changed
    row updates its posting. Each row is its own transaction; the index follows each commit.

    ``by`` acts for the rows: a row whose employer, or whose existing posting's employer,
    is not ``by``'s to act for is refused (``out_of_region``) and changes nothing. Feeds are
    loaded by the system or a caseworker, never by an employer or the public.

    A row taken in whose values were read from the site's own writing (本科, ``8-12K``,
    成都市武侯区, 2026年12月31日) is reported with a warning per value (``report.warned``);
    nothing is normalised silently."""
    require_officer(by, what=_("导入岗位数据"))
    report = ImportReport()
    vocabulary = Vocabulary.load()
    for line, row in rows:
        unreadable = row_error(row)
        if unreadable is not None:
            report.reject(line, [unreadable])
            continue
        data, warnings, errors = _feed_input(row, vocabulary)
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
                    posting = posting_create(
                        by=by,
                        employer_id=employer.pk,
                        data=data,
                        source=source,
                        source_id=source_id,
                    )
                    report.created += 1
                elif _same(existing, data, employer):
                    posting = existing
                    report.unchanged += 1
                else:
                    existing.employer = employer
                    existing.save(update_fields=["employer"])
                    posting = posting_update(by=by, posting_id=existing.pk, data=data)
                    report.updated += 1
                if not data.occupation:
                    warnings = warnings + _coding_warning(posting)
            report.warn(line, warnings)
        except InvalidInput as exc:
            report.reject(line, [e.as_dict() for e in exc.errors])
        except IntegrityError:
            report.reject(line, [{"field": "source_id", "rule": "conflict"}])
    return report
