"""The account pages' forms: which fields each page asks, with labels and hints, validated
by the same input models as the API (``bashu.accounts.schemas``). Errors come back as one
plain sentence per field, for the error summary and the field itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

from bashu.accounts.selectors import industry_division_choices, zone_city_choices
from bashu.core.errors import BashuError, schema_rule
from bashu.people.models import EmployerSize

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FormField:
    """One question on a page (GOV.UK: a label, an optional hint, the error beside it)."""

    name: str
    label: str | Promise
    kind: str = "text"  # text, password, tel, select
    autocomplete: str = "off"
    hint: str | Promise = ""
    required: bool = True
    inputmode: str = ""
    choices: Callable[[], list[tuple[str, str]]] | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _size_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in EmployerSize.choices]


_PASSWORD_HINT = gettext_lazy("至少 8 位，不能全是数字，也不要用常见的密码。")


# The questions several pages ask alike, built in one place.


def _phone_field(label: Promise) -> FormField:
    return FormField(
        "phone",
        label,
        kind="tel",
        autocomplete="tel",
        inputmode="numeric",
        hint=gettext_lazy("用于登录和找回密码"),
    )


def _optional_select(
    name: str, label: Promise, hint: Promise, choices: Callable[[], list[tuple[str, str]]]
) -> FormField:
    return FormField(name, label, kind="select", required=False, hint=hint, choices=choices)


def _new_password_field(name: str, label: Promise) -> FormField:
    return FormField(name, label, kind="password", autocomplete="new-password", hint=_PASSWORD_HINT)


_IDENTIFIER_FIELD = FormField(
    "identifier", gettext_lazy("手机号码、身份证号码或用户名"), autocomplete="username"
)

SEEKER_FIELDS = [
    FormField(
        "name", gettext_lazy("姓名"), autocomplete="name", hint=gettext_lazy("与身份证上的姓名一致")
    ),
    FormField(
        "resident_id",
        gettext_lazy("身份证号码"),
        hint=gettext_lazy("18 位，最后一位可能是 X"),
        extra={"spellcheck": "false"},
    ),
    _phone_field(gettext_lazy("手机号码")),
    _optional_select(
        "region",
        gettext_lazy("现在所在的城市（选填）"),
        gettext_lazy("户籍地不在四川或重庆时必选"),
        zone_city_choices,
    ),
    _new_password_field("password", gettext_lazy("设置密码")),
]

EMPLOYER_FIELDS = [
    FormField(
        "uscc",
        gettext_lazy("统一社会信用代码"),
        hint=gettext_lazy("营业执照上的 18 位代码"),
        extra={"spellcheck": "false"},
    ),
    FormField(
        "name",
        gettext_lazy("单位名称"),
        autocomplete="organization",
        hint=gettext_lazy("与营业执照上的名称一致"),
    ),
    FormField("contact_name", gettext_lazy("联系人姓名"), autocomplete="name"),
    _phone_field(gettext_lazy("联系人手机号码")),
    _optional_select(
        "industry",
        gettext_lazy("所属行业"),
        gettext_lazy("单位已在平台登记时可不选"),
        industry_division_choices,
    ),
    _optional_select(
        "size", gettext_lazy("企业规模"), gettext_lazy("单位已在平台登记时可不选"), _size_choices
    ),
    _optional_select(
        "region",
        gettext_lazy("单位所在城市（选填）"),
        gettext_lazy("登记地不在四川或重庆时必选"),
        zone_city_choices,
    ),
    _new_password_field("password", gettext_lazy("设置密码")),
]

PASSWORD_CHANGE_FIELDS = [
    FormField(
        "old_password", gettext_lazy("当前密码"), kind="password", autocomplete="current-password"
    ),
    _new_password_field("new_password", gettext_lazy("新密码")),
]

RESET_CODE_FIELDS = [_IDENTIFIER_FIELD]

PASSWORD_RESET_FIELDS = [
    _IDENTIFIER_FIELD,
    FormField(
        "code",
        gettext_lazy("验证码"),
        autocomplete="one-time-code",
        inputmode="numeric",
        hint=gettext_lazy("短信中的 6 位数字，10 分钟内有效"),
    ),
    _new_password_field("new_password", gettext_lazy("新密码")),
]


def _schema_message(rule: str, label: str) -> str:
    if rule in ("required", "min_length"):
        return _("请填写%(label)s。") % {"label": label}
    if rule == "max_length":
        return _("%(label)s太长，请检查。") % {"label": label}
    return _("%(label)s的格式不正确。") % {"label": label}


def form_parse(
    schema: type[M], fields: list[FormField], post: Mapping[str, Any]
) -> tuple[M | None, dict[str, str]]:
    """The page's POST as the input model (only this page's fields, blanks of optional
    fields as absent), or the errors, one sentence per field, in the order asked."""
    values: dict[str, Any] = {}
    for f in fields:
        value = str(post.get(f.name, "") or "")
        if value.strip() or f.required:
            values[f.name] = value if f.kind == "password" else value.strip()
    try:
        return schema.model_validate(values), {}
    except SchemaError as exc:
        labels = {f.name: str(f.label) for f in fields}
        errors: dict[str, str] = {}
        for e in exc.errors():
            name = str(e["loc"][0]) if e.get("loc") else ""
            if name in labels and name not in errors:
                errors[name] = _schema_message(schema_rule(e.get("type", "")), labels[name])
        return None, _ordered(errors, fields)


def form_errors(exc: BashuError, fields: list[FormField]) -> dict[str, str]:
    """A service's refusal as field errors (its first message for each field); a refusal
    that names no field of the page is shown under the key ``""``."""
    names = {f.name for f in fields}
    errors: dict[str, str] = {}
    for e in getattr(exc, "errors", []) or []:
        key = e.field if e.field in names else ""
        errors.setdefault(key, e.message)
    if not errors:
        errors[""] = exc.message
    return _ordered(errors, fields)


def _ordered(errors: dict[str, str], fields: list[FormField]) -> dict[str, str]:
    order = {f.name: i for i, f in enumerate(fields)}
    return dict(sorted(errors.items(), key=lambda kv: order.get(kv[0], -1)))


def form_context(
    fields: list[FormField], values: Mapping[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """What the template renders per field: the field, its value (never a password's),
    its error and its choices."""
    return [
        {
            "field": f,
            "id": f"id_{f.name}",
            "value": "" if f.kind == "password" else str(values.get(f.name, "") or ""),
            "error": errors.get(f.name, ""),
            "choices": f.choices() if f.choices else [],
        }
        for f in fields
    ]
