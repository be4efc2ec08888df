"""Persons, employers and employment registrations: thin handlers over services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from bashu.core.bounds import Code, Id, Line, Name
from bashu.core.pagination import paginate
from bashu.core.scoping import account_of, signed_in
from bashu.people import selectors, services
from bashu.people.schemas import EmployerChanges, PersonChanges

router = Router(tags=["people 人员与用人单位"], auth=django_auth)


class PersonIn(Schema):
    resident_id: Code = Field(..., description="公民身份号码，18 位（15 位旧号码自动转换）")
    name: str = Field(..., max_length=64)
    household_region: Code = Field(..., description="户籍地区划代码")
    region: Code = Field(..., description="管理区划代码（须在经办人员辖区内）")
    household_type: Literal["urban", "rural"] = "urban"
    education: Code | None = None
    phone: str = Field("", max_length=20)
    sex: Literal["M", "F"] | None = None
    birth_date: dt.date | None = None


class PersonOut(Schema):
    id: int
    resident_id: str = Field(..., description="默认脱敏 (masked unless revealed)")
    name: str
    sex: str
    birth_date: dt.date | None = Field(
        None, description="仅在完整查看时给出；脱敏时为空 (only when revealed)"
    )
    age: int = Field(..., description="周岁 (age in whole years)")
    household_region: str
    household_type: str
    education: str | None
    phone: str
    region: str
    masked: bool


class WarningOut(Schema):
    rule: str
    message: str


class PersonCreatedOut(PersonOut):
    warnings: list[WarningOut]


@router.get("/people", response=list[PersonOut], summary="人员列表（脱敏） (persons, masked)")
@paginate(convert=selectors.person_data)
def person_list(request: HttpRequest, region: Code | None = None, q: Name | None = None) -> Any:
    """One page ``{items, count}`` (``bashu.core.pagination``), masked."""
    return selectors.person_list(user=account_of(request), region=region, q=q)


@router.post("/people", response={201: PersonCreatedOut}, summary="登记人员 (register a person)")
def person_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    person, warnings = services.person_create(by=signed_in(request), **payload.dict())
    data = selectors.person_data(person)
    data["warnings"] = [{"rule": w.rule, "message": w.translated(_)} for w in warnings]
    return Status(201, data)


@router.get("/people/{person_id}", response=PersonOut, summary="查看人员 (one person)")
def person_detail(
    request: HttpRequest, person_id: Id, reveal: bool = False, purpose: Line = ""
) -> dict[str, Any]:
    """Masked by default. ``reveal=true`` with a ``purpose`` returns the full ID number, name
    and phone to a caseworker of the owning region or an administrator, and is audited."""
    if reveal:
        person = services.person_reveal(by=signed_in(request), person_id=person_id, purpose=purpose)
    else:
        person = selectors.person_get(user=account_of(request), person_id=person_id)
    return selectors.person_data(person, reveal=reveal)


@router.patch("/people/{person_id}", response=PersonOut, summary="修改人员信息 (update a person)")
def person_update(request: HttpRequest, person_id: Id, payload: PersonChanges) -> dict[str, Any]:
    person = services.person_update(
        by=signed_in(request),
        person_id=person_id,
        data=payload,
    )
    return selectors.person_data(person)


class EmployerIn(Schema):
    uscc: Code = Field(..., description="统一社会信用代码，18 位")
    name: str = Field(..., max_length=128)
    region: Code
    industry: Code = Field(..., description="GB/T 4754-2017 行业大类（两位数字）")
    size: Literal["micro", "small", "medium", "large"]


class EmployerOut(Schema):
    id: int
    uscc: str
    name: str
    region: str
    industry: str
    size: str


class EmployerCreatedOut(EmployerOut):
    warnings: list[WarningOut]


@router.get("/employers", response=list[EmployerOut], summary="用人单位列表 (employers)")
@paginate(convert=selectors.employer_data)
def employer_list(request: HttpRequest, region: Code | None = None, q: Name | None = None) -> Any:
    """One page ``{items, count}`` (``bashu.core.pagination``)."""
    return selectors.employer_list(user=account_of(request), region=region, q=q)


@router.post(
    "/employers", response={201: EmployerCreatedOut}, summary="登记用人单位 (register an employer)"
)
def employer_create(request: HttpRequest, payload: EmployerIn) -> Status[dict[str, Any]]:
    employer, warnings = services.employer_create(by=signed_in(request), **payload.dict())
    data = selectors.employer_data(employer)
    data["warnings"] = [{"rule": w.rule, "message": w.translated(_)} for w in warnings]
    return Status(201, data)


@router.get("/employers/{employer_id}", response=EmployerOut, summary="查看用人单位 (one employer)")
def employer_detail(request: HttpRequest, employer_id: Id) -> dict[str, Any]:
    return selectors.employer_data(
        selectors.employer_get(user=account_of(request), employer_id=employer_id)
    )


@router.patch(
    "/employers/{employer_id}", response=EmployerOut, summary="修改用人单位 (update an employer)"
)
def employer_update(
    request: HttpRequest, employer_id: Id, payload: EmployerChanges
) -> dict[str, Any]:
    employer = services.employer_update(
        by=signed_in(request),
        employer_id=employer_id,
        data=payload,
    )
    return selectors.employer_data(employer)


class RegistrationIn(Schema):
    person_id: Id
    employer_id: Id
    region: Code = Field(..., description="就业地县级区划代码")
    start_date: dt.date
    end_date: dt.date | None = None
    occupation: Code | None = None


class RegistrationOut(Schema):
    id: int
    person_id: int
    employer_id: int
    region: str = Field(..., alias="region_id")
    occupation: str | None = Field(None, alias="occupation_id")
    start_date: dt.date
    end_date: dt.date | None


@router.get(
    "/registrations",
    response=list[RegistrationOut],
    summary="就业登记 (employment registrations)",
)
@paginate()
def registration_list(
    request: HttpRequest, person_id: Id | None = None, employer_id: Id | None = None
) -> Any:
    """One page ``{items, count}`` (``bashu.core.pagination``)."""
    return selectors.registration_list(
        user=account_of(request), person_id=person_id, employer_id=employer_id
    )


@router.post(
    "/registrations", response={201: RegistrationOut}, summary="就业登记 (register a hire)"
)
def registration_create(request: HttpRequest, payload: RegistrationIn) -> Status[object]:
    return Status(201, services.registration_create(by=signed_in(request), **payload.dict()))
