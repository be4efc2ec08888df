"""The JSON API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Errors have one shape everywhere: ``{"detail": str, "errors": [{"field", "rule", "message"}]}``,
for every status: 4xx for bad input (schema rules, domain rules, a body that is not UTF-8 JSON,
a NUL byte, a body too large), and 500, without a traceback, for what nobody foresaw. The
OpenAPI document says so: every operation has a ``default`` response of that shape, and every
string of a request carries the NUL-free pattern the server enforces.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from bashu.accounts.api import router as accounts_router
from bashu.analytics.api import router as indices_router
from bashu.core import bounds
from bashu.core.api import router as reference_router
from bashu.core.api import validate_router
from bashu.core.errors import BashuError, schema_errors
from bashu.core.notifications.api import router as notifications_router
from bashu.jobs.api import router as jobs_router
from bashu.people.api import router as people_router
from bashu.recognition.api import router as recognition_router
from bashu.transfers.api import router as transfers_router

logger = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 in the body, readable without unescaping."""

    json_dumps_params = {"ensure_ascii": False}


class BodyRefused(ValueError):
    """A JSON body refused before the schema sees it: not UTF-8, not JSON, or a NUL byte."""

    def __init__(self, status: int, field: str, rule: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.rule, self.message = status, field, rule, message


class StrictParser(Parser):
    """JSON bodies decoded strictly: UTF-8 only, an object (no endpoint takes another JSON
    value), and no string (nor key) holding a NUL byte, which PostgreSQL would refuse in a
    text or jsonb column. Query strings and form fields
    are checked by ``bashu.core.bounds.RequestBoundsMiddleware`` before the API runs."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyRefused(400, "body", "encoding", _("请求体须为 UTF-8 编码")) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BodyRefused(
                400,
                "body",
                "json",
                _("不是有效的 JSON：第 %(line)d 行第 %(column)d 列")
                % {"line": exc.lineno, "column": exc.colno},
            ) from exc
        except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
            raise BodyRefused(400, "body", "json", _("不是有效的 JSON")) from exc
        if not isinstance(data, dict):
            # Every body of this API is an object. ninja's schemas read attributes, so a
            # list, a string or null would otherwise pass as an object with no fields.
            raise BodyRefused(422, "body", "object", _("请求体须为 JSON 对象"))
        for path in bounds.nul_paths(data):
            raise BodyRefused(422, path, "nul_byte", _("不得包含 NUL 字符"))
        return data


class BashuAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_errors(schema)
        _document_no_nul(schema)
        return schema


api = BashuAPI(
    renderer=UnicodeJSONRenderer(),
    parser=StrictParser(),
    title="Bashu 巴蜀 API",
    version="1.0.0",
    description="川渝人力资源和社会保障协同平台 — the Chengdu–Chongqing shared HR platform.",
    urls_namespace="api-v1",
)


# --- the error shape in the OpenAPI document ----------------------------------------------------

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "rule", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}


def _document_errors(schema: dict[str, Any]) -> None:
    """Every operation may answer the error shape, with any status it does not list."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    default = {
        "description": "错误 (error): 4xx bad input, 500 unforeseen; always this shape",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("default", default)


def _document_no_nul(schema: dict[str, Any]) -> None:
    """Every string a request may carry (parameters and bodies, through their $refs) gets the
    NUL-free pattern: the server refuses NUL bytes everywhere (422, rule ``nul_byte``)."""
    components = schema.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen and name in components:
                seen.add(name)
                walk(components[name])
            return
        if node.get("type") == "string" and not {"format", "enum", "const", "pattern"} & set(node):
            node["pattern"] = bounds.NO_NUL_PATTERN
        for key, value in node.items():
            if key not in ("example", "examples", "default", "enum", "const"):
                walk(value)

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict):
                walk(operation.get("parameters", []))
                walk(operation.get("requestBody", {}))


# --- error handlers ---------------------------------------------------------------------------

# Pydantic's error types, named as the rules users see.


#: Seconds a client is asked to wait when the database is out of reach (a restart, a failover).
DATABASE_RETRY_AFTER = 5


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether a failure is the database being out of reach (connection refused or dropped,
    the server shutting down) rather than a fault in Bashu: that answer is a 503 with
    ``Retry-After``, which clients and proxies retry, not a 500."""
    return isinstance(exception, (OperationalError, InterfaceError))


def _error(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]]
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [e.as_dict() for e in schema_errors(exc.errors, request=True)]
    return _error(request, 422, _("输入有误"), errors)


@api.exception_handler(BashuError)
def on_domain_error(request: HttpRequest, exc: BashuError) -> HttpResponse:
    errors = [e.as_dict() for e in getattr(exc, "errors", [])]
    return _error(request, exc.status, exc.message, errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("请先登录"), [])


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (a body it cannot parse, …) in the common shape."""
    cause = exc.__cause__
    if isinstance(cause, BodyRefused):
        detail = _("输入有误") if cause.status == 422 else _("请求体无法解析")
        return _error(
            request,
            cause.status,
            detail,
            [{"field": cause.field, "rule": cause.rule, "message": cause.message}],
        )
    return _error(request, exc.status_code, str(exc), [])


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("未找到"), [])


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    limit = bounds.body_limit(request)
    return _error(
        request,
        413,
        _("请求体过大"),
        [
            {
                "field": "body",
                "rule": "max_body_size",
                "message": _("请求体超过 %(limit)d 字节") % {"limit": limit},
            }
        ],
    )


@api.exception_handler(TooManyFieldsSent)
def on_too_many_fields(request: HttpRequest, exc: Exception) -> HttpResponse:
    return on_too_big(request, exc)


@api.exception_handler(TooManyFilesSent)
def on_too_many_files(request: HttpRequest, exc: Exception) -> HttpResponse:
    return on_too_big(request, exc)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    """The database refused a value (out of range, too long, a NUL byte): bad input that the
    schema let through. A 422, and a warning so the missing bound gets declared."""
    logger.warning("database refused a value on %s: %s", request.path, type(exc).__name__)
    return _error(
        request,
        422,
        _("输入有误"),
        [{"field": "body", "rule": "out_of_range", "message": _("数据库拒绝该值")}],
    )


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database out of reach (restarting, failing over): a 503 with ``Retry-After`` that
    clients retry, logged without the traceback noise of a fault."""
    logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
    answer = _error(request, 503, _("系统正在恢复，请稍候再试"), [])
    answer["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return answer


@api.exception_handler(Exception)
def on_unforeseen(request: HttpRequest, exc: Exception) -> HttpResponse:
    """What nobody foresaw: logged with its traceback, answered 500 in the common shape, with
    no traceback in the body whatever DEBUG says."""
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return _error(request, 500, _("服务器内部错误"), [])


api.add_router("/", reference_router)
api.add_router("/validate", validate_router)
api.add_router("/", people_router)
api.add_router("/", jobs_router)
api.add_router("/", recognition_router)
api.add_router("/", transfers_router)
api.add_router("/", indices_router)
api.add_router("/", accounts_router)
api.add_router("/", notifications_router)
