"""The JSON API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Errors have one shape everywhere: ``{"detail": str, "errors": [{"field", "rule", "message"}]}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from bashu.analytics.api import router as indices_router
from bashu.core.api import router as reference_router
from bashu.core.api import validate_router
from bashu.core.errors import BashuError
from bashu.jobs.api import router as jobs_router
from bashu.people.api import router as people_router
from bashu.recognition.api import router as recognition_router
from bashu.transfers.api import router as transfers_router


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 in the body, readable without unescaping."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="Bashu 巴蜀 API",
    version="1.0.0",
    description="川渝人力资源和社会保障协同平台 — the Chengdu–Chongqing shared HR platform.",
    urls_namespace="api-v1",
)


# Pydantic's error types, named as the rules users see.
_RULES = {
    "missing": "required",
    "string_too_long": "max_length",
    "string_too_short": "min_length",
    "literal_error": "choice",
    "enum": "choice",
    "int_parsing": "integer",
    "date_from_datetime_parsing": "date_format",
    "date_parsing": "date_format",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
    "json_invalid": "json",
}


_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_WRAPPERS = {"payload", "params", "page", "filters"}


def _field(loc: list[Any]) -> str:
    """Pydantic's location without the parameter source and the schema's wrapper name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in _WRAPPERS:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": _field(list(e.get("loc", []))),
            "rule": _RULES.get(e.get("type", ""), e.get("type", "invalid")),
            "message": e.get("msg", ""),
        }
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "输入有误 (invalid input)", "errors": errors}, status=422
    )


@api.exception_handler(BashuError)
def on_domain_error(request: HttpRequest, exc: BashuError) -> HttpResponse:
    errors = [e.as_dict() for e in getattr(exc, "errors", [])]
    return api.create_response(
        request, {"detail": exc.message, "errors": errors}, status=exc.status
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "请先登录 (sign in first)", "errors": []}, status=401
    )


api.add_router("/", reference_router)
api.add_router("/validate", validate_router)
api.add_router("/", people_router)
api.add_router("/", jobs_router)
api.add_router("/", recognition_router)
api.add_router("/", transfers_router)
api.add_router("/", indices_router)
