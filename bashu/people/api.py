"""Persons, employers and employment registrations: thin handlers over services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from bashu.core.bounds import MAX_OFFSET, Code, Id, Line, Name, omitted
from bashu.core.scoping import account_of, signed_in
from bashu.people import selectors, services

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


class PersonPatch(Schema):
    """Only the fields sent change. A field may be left out, not sent as null (422), except
    ``education``, which null clears."""

    name: str = omitted(min_length=1, max_length=64)
    household_region: Code = omitted()
    household_type: Literal["urban", "rural"] = omitted()
    education: Code | None = None
    phone: str = omitted(max_length=20)
    region: Code = omitted()


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


class PersonPage(Schema):
    count: int
    results: list[PersonOut]


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _page(queryset: Any, page: PageQuery, convert: Any) -> dict[str, Any]:
    return {
        "count": queryset.count(),
        "results": [convert(obj) for obj in queryset[page.offset : page.offset + page.limit]],
    }


@router.get("/people", response=PersonPage, summary="人员列表（脱敏） (persons, masked)")
def person_list(
    request: HttpRequest,
    page: Query[PageQuery],
    region: Code | None = None,
    q: Name | None = None,
) -> dict:
    people = selectors.person_list(user=account_of(request), region=region, q=q)
    return _page(people, page, selectors.person_data)


@router.post("/people", response={201: PersonCreatedOut}, summary="登记人员 (register a person)")
def person_create(request: HttpRequest, payload: PersonIn) -> tuple[int, dict]:
    person, warnings = services.person_create(by=signed_in(request), **payload.dict())
    data = selectors.person_data(person)
    data["warnings"] = [{"rule": w.rule, "message": w.message} for w in warnings]
    return 201, data


@router.get("/people/{person_id}", response=PersonOut, summary="查看人员 (one person)")
def person_detail(
    request: HttpRequest, person_id: Id, reveal: bool = False, purpose: Line = ""
) -> dict:
    """Masked by default. ``reveal=true`` with a ``purpose`` returns the full ID number, name
    and phone to a caseworker of the owning region or an administrator, and is audited."""
    if reveal:
        person = services.person_reveal(by=signed_in(request), person_id=person_id, purpose=purpose)
    else:
        person = selectors.person_get(user=account_of(request), person_id=person_id)
    return selectors.person_data(person, reveal=reveal)


@router.patch("/people/{person_id}", response=PersonOut, summary="修改人员信息 (update a person)")
def person_update(request: HttpRequest, person_id: Id, payload: PersonPatch) -> dict:
    person = services.person_update(
        by=signed_in(request),
        person_id=person_id,
        changes=payload.dict(exclude_unset=True),
    )
    return selectors.person_data(person)


class EmployerIn(Schema):
    uscc: Code = Field(..., description="统一社会信用代码，18 位")
    name: str = Field(..., max_length=128)
    region: Code
    industry: Code = Field(..., description="GB/T 4754-2017 行业大类（两位数字）")
    size: Literal["micro", "small", "medium", "large"]


class EmployerPatch(Schema):
    """Only the fields sent change; none may be sent as null (422)."""

    name: str = omitted(min_length=1, max_length=128)
    industry: Code = omitted()
    size: Literal["micro", "small", "medium", "large"] = omitted()


class EmployerOut(Schema):
    id: int
    uscc: str
    name: str
    region: str
    industry: str
    size: str


class EmployerCreatedOut(EmployerOut):
    warnings: list[WarningOut]


class EmployerPage(Schema):
    count: int
    results: list[EmployerOut]


@router.get("/employers", response=EmployerPage, summary="用人单位列表 (employers)")
def employer_list(
    request: HttpRequest,
    page: Query[PageQuery],
    region: Code | None = None,
    q: Name | None = None,
) -> dict:
    employers = selectors.employer_list(user=account_of(request), region=region, q=q)
    return _page(employers, page, selectors.employer_data)


@router.post(
    "/employers", response={201: EmployerCreatedOut}, summary="登记用人单位 (register an employer)"
)
def employer_create(request: HttpRequest, payload: EmployerIn) -> tuple[int, dict]:
    employer, warnings = services.employer_create(by=signed_in(request), **payload.dict())
    data = selectors.employer_data(employer)
    data["warnings"] = [{"rule": w.rule, "message": w.message} for w in warnings]
    return 201, data


@router.get("/employers/{employer_id}", response=EmployerOut, summary="查看用人单位 (one employer)")
def employer_detail(request: HttpRequest, employer_id: Id) -> dict:
    return selectors.employer_data(
        selectors.employer_get(user=account_of(request), employer_id=employer_id)
    )


@router.patch(
    "/employers/{employer_id}", response=EmployerOut, summary="修改用人单位 (update an employer)"
)
def employer_update(request: HttpRequest, employer_id: Id, payload: EmployerPatch) -> dict:
    employer = services.employer_update(
        by=signed_in(request),
        employer_id=employer_id,
        changes=payload.dict(exclude_unset=True),
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


class RegistrationPage(Schema):
    count: int
    results: list[RegistrationOut]


@router.get(
    "/registrations", response=RegistrationPage, summary="就业登记 (employment registrations)"
)
def registration_list(
    request: HttpRequest,
    page: Query[PageQuery],
    person_id: Id | None = None,
    employer_id: Id | None = None,
) -> dict:
    rows = selectors.registration_list(
        user=account_of(request), person_id=person_id, employer_id=employer_id
    )
    return _page(rows, page, lambda r: r)


@router.post(
    "/registrations", response={201: RegistrationOut}, summary="就业登记 (register a hire)"
)
def registration_create(request: HttpRequest, payload: RegistrationIn) -> tuple[int, object]:
    return 201, services.registration_create(by=signed_in(request), **payload.dict())
