"""Writes for persons, employers and employment registrations.

Each service is one transaction: it validates everything first (collecting every broken
rule), checks the account's region, writes, and appends its audit row. Nothing is
half-written: a failure anywhere rolls the whole call back.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Conflict, FieldError, Forbidden, InvalidInput
from bashu.core.identity import Finding, resident_id_check, uscc_check
from bashu.core.models import EducationLevel, Industry, Occupation, Region
from bashu.core.models.reference import ZONE_PROVINCES, RegionLevel
from bashu.core.permissions import Actor, Requester, may_act_for, require_officer
from bashu.core.scoping import in_scope
from bashu.core.selectors import current_area_codes
from bashu.people.models import (
    Employer,
    EmployerSize,
    EmploymentRegistration,
    HouseholdType,
    Person,
)
from bashu.people.schemas import EmployerChanges, PersonChanges
from bashu.people.selectors import employer_get, person_get

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _today() -> dt.date:
    return timezone.localdate()


def _require_writer(by: Requester, region_code: str | None, *, what: str) -> Actor:
    """Only the system, an administrator or a caseworker of the owning region writes
    registry records (see ``core.permissions``); ``what`` names the act, translated."""
    return require_officer(by, region_code, what=what)


def _zone_region(
    errors: list[FieldError], field: str, code: str | None, *, county: bool = False
) -> Region | None:
    if not code:
        errors.append(FieldError(field, "required", _("必填")))
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        errors.append(
            FieldError(field, "unknown_region", _("未知区划代码 %(code)s") % {"code": code})
        )
        return None
    if code[:2] not in ZONE_PROVINCES:
        errors.append(FieldError(field, "outside_zone", _("%(code)s 不属于川渝") % {"code": code}))
        return None
    if county and region.level != RegionLevel.COUNTY:
        errors.append(
            FieldError(field, "county_required", _("%(code)s 须为县级区划") % {"code": code})
        )
        return None
    return region


def _check_phone(errors: list[FieldError], phone: str) -> None:
    if phone and not _PHONE.match(phone):
        errors.append(
            FieldError(
                "phone",
                "phone_format",
                _("手机号为 11 位且以 1 开头，固话如 028-12345678"),
            )
        )


def _findings(field: str, findings: list[Finding]) -> list[FieldError]:
    return [FieldError(field, f.rule, f.translated(_)) for f in findings]


@transaction.atomic
def person_create(
    *,
    by: Actor,
    resident_id: str,
    name: str,
    household_region: str,
    region: str,
    household_type: str = HouseholdType.URBAN,
    education: str | None = None,
    phone: str = "",
    sex: str | None = None,
    birth_date: dt.date | None = None,
) -> tuple[Person, list[Finding]]:
    """Register a person. Sex and birth date come from the ID number; if given they must agree.

    Returns the person and the ID number's warnings (e.g. a historical area code).
    Refuses: an invalid ID (422, rule named), a duplicate ID (409), a region outside the
    caseworker's own (403).
    """
    _require_writer(by, None, what=_("登记人员信息"))
    errors: list[FieldError] = []
    check = resident_id_check(resident_id, today=_today(), current_areas=current_area_codes())
    errors += _findings("resident_id", check.errors)
    if not (name or "").strip():
        errors.append(FieldError("name", "required", _("姓名必填")))
    elif len(name.strip()) > 64:
        errors.append(FieldError("name", "max_length", _("姓名不超过 64 字")))
    household = Region.objects.filter(code=household_region).first() if household_region else None
    if household is None:
        errors.append(
            FieldError(
                "household_region",
                "unknown_region",
                _("未知区划代码 %(code)s") % {"code": household_region},
            )
        )
    owning = _zone_region(errors, "region", region)
    if household_type not in HouseholdType.values:
        errors.append(
            FieldError(
                "household_type",
                "choice",
                _("须为 %(values)s 之一") % {"values": ", ".join(HouseholdType.values)},
            )
        )
    if education and not EducationLevel.objects.filter(code=education).exists():
        errors.append(
            FieldError(
                "education", "unknown_code", _("未知学历代码 %(code)s") % {"code": education}
            )
        )
    _check_phone(errors, phone)
    if check.valid:
        if sex and sex != check.sex:
            errors.append(
                FieldError(
                    "sex",
                    "mismatch_resident_id",
                    _("性别与身份号码不符"),
                )
            )
        if birth_date and birth_date != check.birth_date:
            errors.append(
                FieldError(
                    "birth_date",
                    "mismatch_resident_id",
                    _("出生日期与身份号码不符"),
                )
            )
    if errors:
        raise InvalidInput(errors)
    assert check.normalized and check.sex and check.birth_date and household and owning  # noqa: S101
    _require_writer(by, owning.code, what=_("登记人员信息"))
    if Person.objects.filter(resident_id=check.normalized).exists():
        raise Conflict(
            _("该身份号码已登记"),
            [FieldError("resident_id", "unique", _("身份号码已存在"))],
        )
    try:
        with transaction.atomic():
            person = Person.objects.create(
                resident_id=check.normalized,
                name=name.strip(),
                sex=check.sex,
                birth_date=check.birth_date,
                household_region=household,
                household_type=household_type,
                education_id=education or None,
                phone=phone,
                region=owning,
            )
    except IntegrityError as exc:  # a concurrent registration of the same number won the race
        raise Conflict(
            _("该身份号码已登记"),
            [FieldError("resident_id", "unique", _("身份号码已存在"))],
        ) from exc
    audit_record(
        actor=by,
        action="person.create",
        target_type="person",
        target_id=person.pk,
        detail={"region": owning.code, "warnings": [w.rule for w in check.warnings]},
    )
    return person, check.warnings


@transaction.atomic
def person_update(*, by: Actor, person_id: int, data: PersonChanges) -> Person:
    """Change a person's editable fields (only those set in ``data``; never the ID number).
    Moving the record to another region is refused: that is a cross-region transfer, not an
    edit."""
    person = person_get(user=by, person_id=person_id)
    _require_writer(by, person.region_id, what=_("登记人员信息"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    errors: list[FieldError] = []
    if "name" in changes and not (changes["name"] or "").strip():
        errors.append(FieldError("name", "required", _("姓名必填")))
    if (
        "household_region" in changes
        and not Region.objects.filter(code=changes["household_region"]).exists()
    ):
        errors.append(FieldError("household_region", "unknown_region", _("未知区划代码")))
    if "household_type" in changes and changes["household_type"] not in HouseholdType.values:
        errors.append(
            FieldError(
                "household_type",
                "choice",
                _("须为 %(values)s 之一") % {"values": ", ".join(HouseholdType.values)},
            )
        )
    if (
        changes.get("education")
        and not EducationLevel.objects.filter(code=changes["education"]).exists()
    ):
        errors.append(FieldError("education", "unknown_code", _("未知学历代码")))
    if "phone" in changes:
        _check_phone(errors, changes["phone"] or "")
    if "region" in changes and changes["region"] != person.region_id:
        region = _zone_region(errors, "region", changes["region"])
        if region is not None and not in_scope(by, region.code):
            errors.append(
                FieldError(
                    "region",
                    "cross_region",
                    _("跨区划移交须走转移流程"),
                )
            )
    if errors:
        raise InvalidInput(errors)
    fields = []
    for field_name, value in changes.items():
        attname = (
            f"{field_name}_id"
            if field_name in ("household_region", "education", "region")
            else field_name
        )
        if isinstance(value, str):
            value = value.strip()
        if field_name == "education" and not value:
            value = None  # "" clears the education, as null does (never a dangling code)
        setattr(person, attname, value)
        fields.append(attname)
    person.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=by,
        action="person.update",
        target_type="person",
        target_id=person.pk,
        detail={"fields": sorted(changes)},
    )
    return person


@transaction.atomic
def person_reveal(*, by: Actor, person_id: int, purpose: str) -> Person:
    """Authorise a full read of a person's ID number, name and phone, and audit it.

    Only an administrator or a caseworker of the owning region, and only with a stated purpose.
    """
    person = person_get(user=by, person_id=person_id)
    if not (purpose or "").strip():
        raise InvalidInput.one("purpose", "required", _("查看完整信息须说明目的"))
    if not may_act_for(by, person.region_id):
        raise Forbidden(_("此角色不能查看完整个人信息"))
    audit_record(
        actor=by,
        action="person.reveal",
        target_type="person",
        target_id=person.pk,
        purpose=purpose.strip()[:255],
    )
    return person


def _employer_fields(
    errors: list[FieldError],
    *,
    name: str | None,
    region: str | None,
    industry: str | None,
    size: str | None,
) -> tuple[Region | None, Industry | None]:
    if name is not None and not name.strip():
        errors.append(FieldError("name", "required", _("单位名称必填")))
    owning = _zone_region(errors, "region", region) if region is not None else None
    industry_row = None
    if industry is not None:
        industry_row = Industry.objects.filter(code=industry).first()
        if industry_row is None:
            errors.append(
                FieldError(
                    "industry", "unknown_code", _("未知行业代码 %(code)s") % {"code": industry}
                )
            )
        elif industry_row.level != Industry.Level.DIVISION:
            errors.append(
                FieldError(
                    "industry",
                    "division_required",
                    _("须为行业大类（两位数字）"),
                )
            )
    if size is not None and size not in EmployerSize.values:
        errors.append(
            FieldError(
                "size",
                "choice",
                _("须为 %(values)s 之一") % {"values": ", ".join(EmployerSize.values)},
            )
        )
    return owning, industry_row


@transaction.atomic
def employer_create(
    *, by: Actor, uscc: str, name: str, region: str, industry: str, size: str
) -> tuple[Employer, list[Finding]]:
    """Register an employer. Refuses an invalid code (422), a duplicate code (409)."""
    _require_writer(by, None, what=_("登记用人单位"))
    errors: list[FieldError] = []
    check = uscc_check(uscc, current_areas=None)
    errors += _findings("uscc", check.errors)
    owning, industry_row = _employer_fields(
        errors, name=name, region=region, industry=industry, size=size
    )
    if errors:
        raise InvalidInput(errors)
    assert check.normalized and owning and industry_row  # noqa: S101
    _require_writer(by, owning.code, what=_("登记用人单位"))
    duplicate = Conflict(
        _("该统一社会信用代码已登记"),
        [FieldError("uscc", "unique", _("代码已存在"))],
    )
    if Employer.objects.filter(uscc=check.normalized).exists():
        raise duplicate
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                uscc=check.normalized,
                name=name.strip(),
                region=owning,
                industry=industry_row,
                size=size,
            )
    except IntegrityError as exc:
        raise duplicate from exc
    audit_record(
        actor=by,
        action="employer.create",
        target_type="employer",
        target_id=employer.pk,
        detail={"region": owning.code},
    )
    return employer, check.warnings


@transaction.atomic
def employer_update(*, by: Actor, employer_id: int, data: EmployerChanges) -> Employer:
    """Change an employer's name, industry or size (only those set in ``data``; the code and
    region stay)."""
    employer = employer_get(user=by, employer_id=employer_id)
    _require_writer(by, employer.region_id, what=_("登记用人单位"))
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    errors: list[FieldError] = []
    _region, industry_row = _employer_fields(
        errors,
        name=changes.get("name"),
        region=None,
        industry=changes.get("industry"),
        size=changes.get("size"),
    )
    if errors:
        raise InvalidInput(errors)
    if "name" in changes:
        employer.name = changes["name"].strip()
    if industry_row is not None:
        employer.industry = industry_row
    if "size" in changes:
        employer.size = changes["size"]
    employer.save()
    audit_record(
        actor=by,
        action="employer.update",
        target_type="employer",
        target_id=employer.pk,
        detail={"fields": sorted(changes)},
    )
    return employer


@transaction.atomic
def registration_create(
    *,
    by: Actor,
    person_id: int,
    employer_id: int,
    region: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    occupation: str | None = None,
) -> EmploymentRegistration:
    """Register a hire (就业登记) in a county. The county's caseworkers own the record.

    The person may be owned by any region (hiring across the border is the point); the
    employer must be visible to the account. Refuses an end before the start, a start in
    the future, a non-county region, and a second open registration of the person with the
    same employer.
    """
    _require_writer(by, None, what=_("登记就业"))
    errors: list[FieldError] = []
    county = _zone_region(errors, "region", region, county=True)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        errors.append(FieldError("person_id", "not_found", _("人员不存在")))
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        errors.append(FieldError("employer_id", "not_found", _("用人单位不存在")))
    if start_date > _today():
        errors.append(FieldError("start_date", "future_date", _("起始日期不得晚于今天")))
    if end_date is not None and end_date < start_date:
        errors.append(FieldError("end_date", "before_start", _("终止日期不得早于起始日期")))
    if occupation and not Occupation.objects.filter(code=occupation).exists():
        errors.append(
            FieldError(
                "occupation", "unknown_code", _("未知职业代码 %(code)s") % {"code": occupation}
            )
        )
    if errors:
        raise InvalidInput(errors)
    assert person and employer and county  # noqa: S101
    # Both records the hire changes must be the caseworker's: the registration's county and
    # the employer whose employees it adds (就业登记 is done where the employer is registered).
    _require_writer(by, county.code, what=_("登记就业"))
    _require_writer(by, employer.region_id, what=_("登记该单位的就业"))
    Person.objects.select_for_update().filter(pk=person.pk).first()  # serialise hires of one person
    if EmploymentRegistration.objects.filter(
        person=person, employer=employer, end_date__isnull=True
    ).exists():
        raise Conflict(
            _("该人员在此单位已有在职登记"),
            [
                FieldError(
                    "person_id",
                    "open_registration_exists",
                    _("已有在职登记"),
                )
            ],
        )
    registration = EmploymentRegistration.objects.create(
        person=person,
        employer=employer,
        region=county,
        start_date=start_date,
        end_date=end_date,
        occupation_id=occupation or None,
    )
    audit_record(
        actor=by,
        action="registration.create",
        target_type="employment_registration",
        target_id=registration.pk,
        detail={"region": county.code, "person": person.pk, "employer": employer.pk},
    )
    return registration
