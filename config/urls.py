"""URL configuration."""

import sys

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext as _

from config.api import DATABASE_RETRY_AFTER, api, database_unavailable

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bashu.jobs.urls")),
    path("", include("bashu.recognition.urls")),
    path("", include("bashu.transfers.urls")),
    path("", include("bashu.analytics.urls")),
    path("", include("bashu.accounts.urls")),
    path("", include("bashu.core.notifications.urls")),
    path("", include("bashu.web.urls")),
]


def _api_error(status: int, rule: str, detail: str) -> JsonResponse:
    """The API's one error shape (bashu.core.errors / config.api), for errors raised before
    or outside ninja's own handlers."""
    return JsonResponse(
        {"detail": detail, "errors": [{"field": "", "rule": rule, "message": ""}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """No page at this address (Django's handler404): the site's layout saying "not found"
    and where to go, never the debug route list; the API answers in its error shape."""
    if request.path.startswith("/api/"):
        return _api_error(404, "not_found", _("没有这个地址"))
    return render(request, "404.html", {"request_path": request.path}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A page the signed-in person may not open (handler403): "no access", worded apart from
    "not found", with the way to sign in as someone else."""
    if request.path.startswith("/api/"):
        return _api_error(403, "forbidden", _("无权访问"))
    # a view's own reason (PermissionDenied("办事大厅供参保人本人使用…")) is shown, in words
    message = str(exception) if isinstance(exception, PermissionDenied) else ""
    return render(request, "403.html", {"message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """A failure outside a view's own handling (e.g. in a middleware): the API answers in its
    error shape, a page in plain words; never a traceback. ``500.html`` needs no database and
    no request context (the failure may be the database). The database out of reach is a 503
    with ``Retry-After`` (:func:`database_unavailable`), the rest a 500."""
    unavailable = database_unavailable(sys.exc_info()[1])
    if request.path.startswith("/api/"):
        if unavailable:
            answer: HttpResponse = _api_error(503, "unavailable", _("系统正在恢复，请稍候再试"))
            answer["Retry-After"] = str(DATABASE_RETRY_AFTER)
            return answer
        return _api_error(500, "server_error", _("服务器内部错误，请稍后再试"))
    try:
        body = loader.get_template("500.html").render({"unavailable": unavailable})
    except Exception:  # the error page itself must not fail
        body = format_html(
            "<!doctype html><meta charset=utf-8><title>500</title><p>{}</p>",
            _("服务器内部错误，请稍后再试"),
        )
    if unavailable:
        answer = HttpResponse(body, status=503)
        answer["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return answer
    return HttpResponseServerError(body)


handler404 = not_found
handler403 = forbidden
handler500 = server_error
