"""Domain errors, raised by services and turned into HTTP answers in one place (config.api)."""

from __future__ import annotations

from dataclasses import dataclass


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
    default_message = "请求无法处理 (the request cannot be processed)"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class InvalidInput(BashuError):
    """The input breaks one or more rules; nothing was written (HTTP 422)."""

    status = 422
    default_message = "输入有误 (invalid input)"

    def __init__(self, errors: list[FieldError], message: str | None = None) -> None:
        super().__init__(message)
        self.errors = errors

    @classmethod
    def one(cls, field: str, rule: str, message: str) -> InvalidInput:
        return cls([FieldError(field, rule, message)])


class Conflict(BashuError):
    """The change collides with the current state, e.g. a duplicate (HTTP 409)."""

    status = 409
    default_message = "与现有记录冲突 (conflicts with an existing record)"

    def __init__(self, message: str | None = None, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class Forbidden(BashuError):
    """The account may not do this (HTTP 403)."""

    status = 403
    default_message = "无权操作 (not allowed)"


class OutOfRegion(Forbidden):
    """The record belongs to another region: that is an exchange request, not a direct read."""

    default_message = (
        "该记录归属其他区划，须通过跨区域协查办理 "
        "(the record is owned by another region; use a cross-region exchange request)"
    )


class NotFound(BashuError):
    status = 404
    default_message = "未找到 (not found)"


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
