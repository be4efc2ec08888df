"""Domain errors, raised by services and turned into HTTP answers in one place (config.api)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop
from pydantic import ValidationError


@dataclass(frozen=True)
class FieldError:
    """One rule a field broke: ``{"field": "resident_id", "rule": "checksum", "message": ...}``."""

    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


class BashuError(Exception):
    """Base of the errors a service may raise on purpose."""

    status = 400
    default_message = gettext_noop("请求无法处理")

    def __init__(self, message: str | None = None) -> None:
        # The default is marked at class level and translated here, in the language of the
        # request that raised the error.
        message = message or gettext(self.default_message)
        super().__init__(message)
        self.message = message


class InvalidInput(BashuError):
    """The input breaks one or more rules; nothing was written (HTTP 422)."""

    status = 422
    default_message = gettext_noop("输入有误")

    def __init__(self, errors: list[FieldError], message: str | None = None) -> None:
        super().__init__(message)
        self.errors = errors

    @classmethod
    def one(cls, field: str, rule: str, message: str) -> InvalidInput:
        return cls([FieldError(field, rule, message)])


class Conflict(BashuError):
    """The change collides with the current state, e.g. a duplicate (HTTP 409)."""

    status = 409
    default_message = gettext_noop("与现有记录冲突")

    def __init__(self, message: str | None = None, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class Forbidden(BashuError):
    """The account may not do this (HTTP 403)."""

    status = 403
    default_message = gettext_noop("无权操作")


class OutOfRegion(Forbidden):
    """The record belongs to another region: that is an exchange request, not a direct read."""

    default_message = gettext_noop("该记录归属其他区划，须通过跨区域协查办理")


class NotFound(BashuError):
    status = 404
    default_message = gettext_noop("未找到")


# Pydantic's error types, named as the rules users see (one vocabulary for the API's schemas
# and for the schemas services validate with, e.g. a case's details).
SCHEMA_RULES: dict[str, str] = {
    "missing": "required",
    "string_too_long": "max_length",
    "string_too_short": "min_length",
    "too_long": "max_length",
    "too_short": "min_length",
    "string_pattern_mismatch": "pattern",
    "literal_error": "choice",
    "enum": "choice",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "int_type": "integer",
    "float_parsing": "number",
    "float_type": "number",
    "decimal_parsing": "decimal",
    "decimal_type": "decimal",
    "decimal_max_digits": "max_digits",
    "decimal_max_places": "decimal_places",
    "decimal_whole_digits": "max_digits",
    "finite_number": "number",
    "bool_parsing": "boolean",
    "bool_type": "boolean",
    "string_type": "string",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "list_type": "array",
    "date_from_datetime_parsing": "date_format",
    "date_from_datetime_inexact": "date_format",
    "date_parsing": "date_format",
    "date_type": "date_format",
    "datetime_parsing": "datetime_format",
    "datetime_from_date_parsing": "datetime_format",
    "datetime_type": "datetime_format",
    "greater_than_equal": "minimum",
    "greater_than": "minimum",
    "less_than_equal": "maximum",
    "less_than": "maximum",
    "json_invalid": "json",
    "uuid_parsing": "uuid",
    "value_error": "invalid",
    "extra_forbidden": "not_allowed",
}


def schema_rule(error_type: str) -> str:
    """The rule name for one of pydantic's error types (``string_too_long`` → ``max_length``;
    an extra field → ``not_allowed``)."""
    return SCHEMA_RULES.get(error_type, error_type or "invalid")


# Where a request's schema error sits: the parameter source and the handler's parameter name
# (``body.payload.name``) are not part of the field the client sent.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_WRAPPERS = {"payload", "params", "page", "filters"}


def schema_errors(
    exc: ValidationError | Iterable[Mapping[str, Any]],
    *,
    prefix: str = "",
    names: Mapping[str, str] | None = None,
    request: bool = False,
) -> list[FieldError]:
    """Pydantic's errors as field errors (``skills.0`` / ``max_length``), the one way every
    channel names them. ``prefix`` places a nested model (``details.``); ``names`` renames a
    field for its channel (the feed's ``county_code`` for ``region``); ``request`` drops the
    parameter source and wrapper of a ninja request error. The rejected value is never quoted
    (pydantic's ``input`` and ``ctx`` stay out)."""
    errors = exc.errors() if isinstance(exc, ValidationError) else exc
    names = names or {}
    out = []
    for error in errors:
        parts = [str(p) for p in error.get("loc", ())]
        if request:
            if parts and parts[0] in _SOURCES:
                parts = parts[1:]
            if len(parts) > 1 and parts[0] in _WRAPPERS:
                parts = parts[1:]
        if parts:
            parts[0] = names.get(parts[0], parts[0])
        field = prefix + (".".join(parts) or "body")
        rule = schema_rule(error.get("type", ""))
        out.append(FieldError(field, rule, schema_message(error, rule)))
    return out


# What a broken schema rule says, in the reader's language (pydantic's own messages are English
# whatever the page's language). By pydantic's error type first, then by rule; the values are
# the rule's bounds from the error's context, never the rejected input.
_TYPE_MESSAGES: dict[str, str] = {
    "greater_than_equal": gettext_noop("不能小于 %(ge)s"),
    "greater_than": gettext_noop("须大于 %(gt)s"),
    "less_than_equal": gettext_noop("不能大于 %(le)s"),
    "less_than": gettext_noop("须小于 %(lt)s"),
}
_RULE_MESSAGES: dict[str, str] = {
    "required": gettext_noop("此项必填"),
    "max_length": gettext_noop("长度不能超过 %(max_length)s"),
    "min_length": gettext_noop("长度不能少于 %(min_length)s"),
    "pattern": gettext_noop("格式不正确"),
    "choice": gettext_noop("须为以下之一：%(expected)s"),
    "integer": gettext_noop("须为整数"),
    "number": gettext_noop("须为数字"),
    "decimal": gettext_noop("须为数字"),
    "max_digits": gettext_noop("数字位数过多"),
    "decimal_places": gettext_noop("小数位数过多"),
    "boolean": gettext_noop("须为 true 或 false"),
    "string": gettext_noop("须为文字"),
    "object": gettext_noop("须为对象"),
    "array": gettext_noop("须为列表"),
    "date_format": gettext_noop("日期格式须为 YYYY-MM-DD"),
    "datetime_format": gettext_noop("时间格式须为 ISO 8601（如 2026-12-01T09:00:00+08:00）"),
    "json": gettext_noop("不是有效的 JSON"),
    "uuid": gettext_noop("须为 UUID"),
    "not_allowed": gettext_noop("不接受此字段"),
}


def schema_message(error: Mapping[str, Any], rule: str) -> str:
    """The plain sentence for one of pydantic's errors. A ``value_error`` raised by our own
    validator keeps its message (already a sentence of ours, translated where it is raised)."""
    if rule == "invalid":
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ") or gettext("输入无效")
    template = _TYPE_MESSAGES.get(str(error.get("type", ""))) or _RULE_MESSAGES.get(rule)
    if template is None:
        return gettext("输入无效")
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return gettext(template) % context
    except (KeyError, ValueError):
        return gettext(template).split("%(")[0].rstrip(" ：:") or gettext("输入无效")
