"""Bounds on what a request may carry (输入边界).

Every number a client sends has a range, every string a maximum length, and no text may hold
a NUL byte: PostgreSQL refuses NUL in text columns, and a number past 2^63 overflows its
integer columns, so without a bound such input reaches the database and answers 500.

One place for the limits, used three ways:

* the API schemas declare them (``Id``, ``Offset``, ``Code``, ``Name``, ``Line``, ``Text``),
  so they are in the OpenAPI document and pydantic refuses what breaks them with a 422;
* the pages read their query parameters through ``page_number``, ``int_param`` and
  ``text_param``: a number that is not one falls back to the default, one out of range is
  clamped (page 999999999999 of a search is page ``MAX_PAGE``, never a huge offset);
* ``RequestBoundsMiddleware`` refuses, before any view runs, a body larger than allowed
  (413) and a NUL byte in the path, a query parameter or a form field (400 on pages, 422 with
  rule ``nul_byte`` on the API). JSON bodies are checked by the API's parser
  (``config.api``), which names the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from pydantic import Field

#: Primary keys are bigint (``BigAutoField``): a larger id cannot exist.
ID_MAX = 2**63 - 1
#: Integers stored in ``IntegerField`` columns (PostgreSQL ``integer``).
INT_MAX = 2**31 - 1
#: Deepest page of a search or list: further is an export's job, not a page's.
MAX_PAGE = 1000
#: Largest offset into a list (the API's ``offset``).
MAX_OFFSET = 100_000
#: A monthly salary in CNY (postings, profiles, search filters).
MAX_SALARY = 1_000_000
#: A search query (characters): longer queries are cut on pages, refused on the API.
MAX_QUERY = 200
#: An uploaded register or feed (bytes); DATA_UPLOAD_MAX_MEMORY_SIZE bounds other bodies.
UPLOAD_MAX_BYTES = 10 * 2**20

#: The NUL-free rule as a JSON-Schema pattern (published in the OpenAPI document).
NO_NUL_PATTERN = r"^[^\x00]*$"
NUL = "\x00"

# Schema types: pydantic refuses what breaks them (rules minimum/maximum/max_length).
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Salary = Annotated[int, Field(ge=0, le=MAX_SALARY)]
Code = Annotated[str, Field(max_length=32)]  # a reference code: region, industry, kind, …
Number = Annotated[str, Field(max_length=40)]  # a certificate, card or licence number
Name = Annotated[str, Field(max_length=128)]  # a name, title, custodian, search query
Line = Annotated[str, Field(max_length=255)]  # a reason, note, venue
Text = Annotated[str, Field(max_length=20_000)]  # a description or CV
SearchText = Annotated[str, Field(max_length=MAX_QUERY)]


def omitted(**constraints: Any) -> Any:
    """A PATCH-style field: it may be left out (nothing changes), never sent as null, which
    would reach a NOT NULL column. ``name: str = omitted(max_length=64)``; the type stays
    non-nullable in the schema and a null is refused with 422."""
    return Field(None, **constraints)


# --- query parameters of pages ---------------------------------------------------------------


def int_param(
    value: str | None, *, minimum: int = 0, maximum: int = INT_MAX, default: int | None = None
) -> int | None:
    """A page's integer parameter: ``default`` when absent or not a number, clamped to
    ``minimum``..``maximum`` otherwise (so it can never overflow what it is compared with)."""
    if value is None:
        return default
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits.isascii() or not digits.isdigit():
        return default
    if len(digits) > 19:  # past any bound; int() of thousands of digits is slow or refused
        return minimum if text.startswith("-") else maximum
    return max(minimum, min(maximum, int(text)))


def page_number(value: str | None, *, maximum: int = MAX_PAGE) -> int:
    """A page number from the query string: 1 unless a number, at most ``maximum``."""
    return int_param(value, minimum=1, maximum=maximum, default=1) or 1


def text_param(value: str | None, *, max_length: int = MAX_QUERY) -> str:
    """A page's text parameter, stripped and cut to ``max_length`` characters."""
    return (value or "").strip()[:max_length]


# --- NUL bytes ---------------------------------------------------------------------------------


def nul_paths(value: Any, path: str = "") -> Iterator[str]:
    """Dotted paths (``periods.1.region``) of every string holding a NUL byte in a decoded
    JSON value, keys included."""
    if isinstance(value, str):
        if NUL in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield here
            else:
                yield from nul_paths(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nul_paths(item, f"{path}.{i}" if path else str(i))


def _nul_fields(request: HttpRequest) -> list[str]:
    fields = ["path"] if NUL in request.path else []
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if NUL in key or any(NUL in v for v in values):
                fields.append(key.replace(NUL, "\\x00"))
    return fields


# --- the middleware ----------------------------------------------------------------------------


def error_body(detail: str, field: str, rule: str, message: str) -> dict[str, Any]:
    """The API's error shape (see config.api) for answers given before the API runs."""
    return {"detail": detail, "errors": [{"field": field, "rule": rule, "message": message}]}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("请求体超过 %(limit)d 字节") % {"limit": limit}
    if _is_api(request):
        return JsonResponse(
            error_body(_("请求体过大"), "body", "max_body_size", message),
            status=413,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


def _bad_request(request: HttpRequest, fields: list[str], rule: str, message: str) -> HttpResponse:
    if _is_api(request):
        body = {
            "detail": _("输入有误"),
            "errors": [{"field": f, "rule": rule, "message": message} for f in fields],
        }
        return JsonResponse(body, status=422, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def body_limit(request: HttpRequest) -> int:
    """Largest body accepted: an upload (multipart) may be ``UPLOAD_MAX_BYTES``, any other
    body ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    if request.content_type == "multipart/form-data":
        return int(getattr(settings, "UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES))
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or UPLOAD_MAX_BYTES)


class RequestBoundsMiddleware:
    """Refuses oversize bodies (413) and NUL bytes in the path, query string or form fields
    (400; on the API 422 ``nul_byte`` with the field named) before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _too_large(request, limit)
        try:
            fields = _nul_fields(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _too_large(request, limit)
        except MultiPartParserError:
            return _bad_request(request, ["body"], "multipart", _("无法解析上传内容"))
        if fields:
            return _bad_request(request, fields, "nul_byte", _("不得包含 NUL 字符"))
        return self.get_response(request)
