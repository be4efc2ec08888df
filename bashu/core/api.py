"""Reference data and identity-number checks: public, read-only."""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from bashu.core.bounds import Code, Name, Number
from bashu.core.identity import Finding, resident_id_check, uscc_check
from bashu.core.models import EducationLevel, Industry, SkillLevel, TitleLevel, TitleSeries
from bashu.core.selectors import (
    current_area_codes,
    industry_list,
    localized_name,
    occupation_list,
    region_get,
    region_list,
)

router = Router(tags=["reference 参考数据"])
T = TypeVar("T")


class RegionOut(Schema):
    code: str
    name: str
    initials: str = Field(description="拼音首字母 (pinyin initials: 青白江区 → qbjq)")
    pinyin: str = Field(description="拼音 (pinyin: 青白江区 → qingbaijiangqu)")
    level: str
    parent: str | None = Field(None, alias="parent_id")
    longitude: float | None
    latitude: float | None


class CodeNameOut(Schema):
    code: str
    name: str
    initials: str = Field(description="拼音首字母 (pinyin initials: 焊工 → hg)")
    pinyin: str = Field(description="拼音 (pinyin: 焊工 → hangong)")
    level: str
    parent: str | None = Field(None, alias="parent_id")


class IndustryOut(CodeNameOut):
    """An industry section or division: ``name`` in the reader's language, as the pickers show
    it (制造业; Manufacturing on English pages), ``name_en`` always the English name."""

    name: str = Field(description="名称，按读者的语言 (the name in the reader's language)")
    name_en: str = Field(description="英文名称 (English name: 制造业 → Manufacturing)")

    @staticmethod
    def resolve_name(obj: Industry) -> str:
        return localized_name(obj)


class Page(Schema, Generic[T]):
    count: int
    results: list[T]


@router.get("/regions", response=Page[RegionOut], summary="行政区划 (administrative divisions)")
def regions(
    request: HttpRequest,
    parent: Code | None = None,
    level: Literal["province", "prefecture", "county"] | None = None,
    q: Name | None = None,
    zone: bool | None = None,
) -> dict[str, object]:
    """Sichuan (51) and Chongqing (50) down to county level; other provinces at province
    level only (``zone=true`` leaves them out). ``q`` searches by name, code prefix or pinyin
    initials (``qbj`` finds 青白江区)."""
    rows = list(region_list(parent=parent, level=level, q=q, zone=zone))
    return {"count": len(rows), "results": rows}


@router.get(
    "/regions/{code}", response={200: RegionOut, 404: dict}, summary="一个行政区划 (one division)"
)
def region_detail(request: HttpRequest, code: Code) -> Status[object]:
    region = region_get(code)
    if region is None:
        return Status(404, {"detail": _("未知区划代码 %(code)s") % {"code": code}})
    return Status(200, region)


@router.get("/industries", response=Page[IndustryOut], summary="国民经济行业分类 GB/T 4754-2017")
def industries(
    request: HttpRequest,
    parent: Code | None = None,
    level: Literal["section", "division"] | None = None,
    q: Name | None = None,
) -> dict[str, object]:
    """Sections and divisions; ``q`` searches by name, code prefix, pinyin initials or
    English name, as the pickers do."""
    rows = list(industry_list(parent=parent, level=level, q=q))
    return {"count": len(rows), "results": rows}


@router.get("/occupations", response=Page[CodeNameOut], summary="职业分类大典（2022年版）")
def occupations(
    request: HttpRequest,
    parent: Code | None = None,
    level: Literal["major", "medium", "minor", "detailed"] | None = None,
    q: Name | None = None,
) -> dict[str, object]:
    rows = list(occupation_list(parent=parent, level=level, q=q))
    return {"count": len(rows), "results": rows}


class RankedOut(Schema):
    rank: int
    name: str
    name_en: str


class TitleSeriesOut(Schema):
    """A title series. (Named apart from the indices' ``SeriesOut``: the OpenAPI document
    keys its schemas by class name, and the two collided.)"""

    code: str
    name: str
    name_en: str


class EducationOut(Schema):
    code: str
    name: str
    name_en: str
    rank: int


@router.get("/title-series", response=list[TitleSeriesOut], summary="职称系列 (title series)")
def title_series(request: HttpRequest) -> object:
    return TitleSeries.objects.all()


@router.get("/title-levels", response=list[RankedOut], summary="职称层级 (title levels)")
def title_levels(request: HttpRequest) -> object:
    return TitleLevel.objects.all()


@router.get(
    "/skill-levels", response=list[RankedOut], summary="职业技能等级 (skill levels, 新八级)"
)
def skill_levels(request: HttpRequest) -> object:
    return SkillLevel.objects.all()


@router.get("/education-levels", response=list[EducationOut], summary="学历 (education levels)")
def education_levels(request: HttpRequest) -> object:
    return EducationLevel.objects.all()


class FindingOut(Schema):
    rule: str
    message: str


class ResidentIdCheckOut(Schema):
    valid: bool
    normalized: str | None
    errors: list[FindingOut]
    warnings: list[FindingOut]
    birth_date: dt.date | None
    sex: Literal["M", "F"] | None
    area_code: str | None


class UsccCheckOut(Schema):
    valid: bool
    normalized: str | None
    errors: list[FindingOut]
    warnings: list[FindingOut]
    area_code: str | None


def _findings(items: list[Finding]) -> list[dict[str, str]]:
    return [{"rule": f.rule, "message": f.translated(_)} for f in items]


validate_router = Router(tags=["validate 校验"])


class ResidentIdIn(Schema):
    number: str = Field(..., max_length=32, description="公民身份号码（18 位或旧 15 位）")


class RefusedOut(Schema):
    detail: str
    errors: list[dict[str, str]]


@validate_router.post(
    "/resident-id",
    response=ResidentIdCheckOut,
    summary="校验公民身份号码 (check a resident ID)",
)
def validate_resident_id_check(request: HttpRequest, payload: ResidentIdIn) -> dict[str, object]:
    """Checks an ID number for a form, the number in the body (a URL is written to access
    logs, a body is not). Always 200; ``valid`` and ``errors`` tell the outcome.

    Nothing is stored or logged: the number is personal data."""
    check = resident_id_check(
        payload.number, today=timezone.localdate(), current_areas=current_area_codes()
    )
    return {
        "valid": check.valid,
        "normalized": check.normalized,
        "errors": _findings(check.errors),
        "warnings": _findings(check.warnings),
        "birth_date": check.birth_date,
        "sex": check.sex,
        "area_code": check.area_code,
    }


@validate_router.get(
    "/resident-id/{number}",
    response={410: RefusedOut},
    deprecated=True,
    summary="（已停用）网址中的身份号码 (retired: an ID in the URL)",
)
def validate_resident_id(request: HttpRequest, number: Number) -> Status[dict[str, object]]:
    """Refused (410) without looking at the number: an ID in a URL lands in every access log
    on the way. The answer points to ``POST /validate/resident-id`` and never echoes it."""
    message = _(
        "请改用 POST /api/v1/validate/resident-id，把号码放在请求体中：网址会被写入访问日志。"
    )
    return Status(
        410,
        {
            "detail": message,
            "errors": [{"field": "number", "rule": "use_post", "message": message}],
        },
    )


@validate_router.get(
    "/uscc/{code}", response=UsccCheckOut, summary="校验统一社会信用代码 (check a USCC)"
)
def validate_uscc(request: HttpRequest, code: Code) -> dict[str, object]:
    check = uscc_check(code, current_areas=None)
    return {
        "valid": check.valid,
        "normalized": check.normalized,
        "errors": _findings(check.errors),
        "warnings": _findings(check.warnings),
        "area_code": check.area_code,
    }
