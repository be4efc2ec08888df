"""Recognition pre-check (互认预查), public: will my credential count where I move?

Anyone may ask; nothing is stored. The answer can be taken away signed
(``precheck_document``), but as what it is: an *estimate* of type
``bashu.recognition.precheck/v1``, labelled unofficial, never a recorded decision
(``bashu.recognition.decision/v1``, which only a caseworker's ``decision_record`` makes).

What is signed is built from the reference data alone: every field is checked against the
reference tables (regions of the zone, title series, title and skill levels, card classes)
and written back in its canonical form; a field that does not apply to the kind, or any
field not in the schema (a name, an ID number, a remark), is refused with 422 naming it. So
the pre-check cannot be used to have Bashu sign a statement of the caller's choosing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict

from bashu.core.errors import FieldError, InvalidInput
from bashu.core.models.reference import zone_region
from bashu.recognition import vocabulary
from bashu.recognition.documents import PRECHECK_TYPE, document_sign
from bashu.recognition.rules import Credential, recognise

Kind = Literal["title", "skill", "talent_card", "agency_licence"]


class PrecheckIn(Schema):
    """The question (one model for the estimate and its signed form). Fields not listed
    here are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    issuing_region: str = Field(..., pattern=r"^\d{6}$", description="发证区划代码（6 位）")
    host_region: str = Field(..., pattern=r"^\d{6}$", description="使用地区划代码（6 位）")
    series: str | None = Field(
        None,
        max_length=32,
        description="职称系列（仅职称）：名称、常用简称或代码，如 工程",
    )
    level: str | None = Field(
        None,
        max_length=16,
        description="职称层级（如 中级、中级职称）或技能等级（如 高级工、三级）",
    )
    card_class: Literal["A", "B", "C"] | None = Field(None, description="人才卡类别（仅人才卡）")
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    on_date: dt.date | None = Field(None, description="认定日期，默认今天")
    purpose: Literal["level2_post"] | None = Field(
        None, description="level2_post：事业单位专技二级岗聘用（仅职称）"
    )


#: Which of the optional descriptive fields each kind takes.
_APPLIES: dict[str, set[str]] = {
    "title": {"series", "level", "purpose"},
    "skill": {"level"},
    "talent_card": {"card_class"},
    "agency_licence": set(),
}


def _series(value: str | None, errors: list[FieldError]) -> str | None:
    if not value:
        errors.append(FieldError("series", "required", _("职称须注明系列，如 工程技术人员")))
        return None
    name = vocabulary.series_name(value)
    if name is None:
        errors.append(FieldError("series", "unknown_series", _("不是职称系列表中的系列")))
    return name


def _level(kind: str, value: str | None, errors: list[FieldError]) -> str | None:
    name = vocabulary.level_name(kind, value)
    if name is not None:
        return name
    message = (
        _("职称层级须为 员级、助理级、中级、副高级、正高级")
        if kind == "title"
        else _("技能等级须为 学徒工 … 首席技师")
    )
    errors.append(FieldError("level", "unknown_level", message))
    return None


def precheck_credential(payload: PrecheckIn) -> Credential:
    """The question as a ``Credential`` in canonical reference values, or ``InvalidInput``
    listing every field that breaks a rule."""
    errors: list[FieldError] = []
    for name in ("issuing_region", "host_region"):
        if zone_region(getattr(payload, name)) is None:
            errors.append(FieldError(name, "unknown_region", _("不是川渝两地的区划代码")))
    applies = _APPLIES[payload.kind]
    for name in ("series", "level", "card_class", "purpose"):
        if name not in applies and getattr(payload, name) is not None:
            errors.append(FieldError(name, "not_applicable", _("此类证书不填写该项")))
    series = _series(payload.series, errors) if payload.kind == "title" else None
    level = (
        _level(payload.kind, payload.level, errors) if payload.kind in ("title", "skill") else None
    )
    if payload.kind == "talent_card" and not payload.card_class:
        errors.append(FieldError("card_class", "required", _("人才卡须注明类别 A/B/C")))
    if payload.issued_on and payload.expires_on and payload.expires_on < payload.issued_on:
        errors.append(FieldError("expires_on", "before_issue", _("失效日期早于发证日期")))
    if errors:
        raise InvalidInput(errors)
    return Credential(
        kind=payload.kind,
        issuing_region=payload.issuing_region,
        issued_on=payload.issued_on,
        expires_on=payload.expires_on,
        series=series,
        level=level,
        card_class=payload.card_class if payload.kind == "talent_card" else None,
        purpose=payload.purpose if payload.kind == "title" else None,
    )


def precheck_estimate(payload: PrecheckIn) -> dict[str, Any]:
    """What the rules say for the question: outcome, equivalent, agreement and clause,
    reasons. Refuses (422) a question that breaks a rule of ``precheck_credential``."""
    return _estimate(precheck_credential(payload), payload)


def _estimate(credential: Credential, payload: PrecheckIn) -> dict[str, Any]:
    decision = recognise(credential, payload.host_region, payload.on_date or timezone.localdate())
    agreement = decision.agreement
    return {
        "outcome": decision.outcome,
        "equivalent": decision.equivalent,
        "agreement": {
            "id": agreement.id,
            "name": agreement.name,
            "source": agreement.source,
            "clause": decision.clause,
        }
        if agreement
        else None,
        "reasons": decision.reasons,
    }


def precheck_document(payload: PrecheckIn) -> dict[str, Any]:
    """The estimate signed by the host province: type ``precheck/v1``, marked unofficial.
    Every value in it comes from the reference data or the rules, none from free text."""
    credential = precheck_credential(payload)
    estimate = _estimate(credential, payload)
    asked = {
        "kind": credential.kind,
        "issuing_region": credential.issuing_region,
        "series": credential.series,
        "level": credential.level,
        "card_class": credential.card_class,
        "issued_on": credential.issued_on.isoformat() if credential.issued_on else None,
        "expires_on": credential.expires_on.isoformat() if credential.expires_on else None,
        "purpose": credential.purpose,
    }
    body = {
        "type": PRECHECK_TYPE,
        "unofficial": True,
        "notice": _("预查估算，仅供参考，不是互认认定"),
        "credential": {k: v for k, v in asked.items() if v is not None},
        "host_region": payload.host_region,
        "on_date": (payload.on_date or timezone.localdate()).isoformat(),
        **estimate,
        "estimated_at": timezone.now().isoformat(),
    }
    return document_sign(body, region=payload.host_region)
