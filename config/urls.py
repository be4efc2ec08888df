"""URL configuration."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext as _

from config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bashu.jobs.urls")),
    path("", include("bashu.recognition.urls")),
    path("", include("bashu.transfers.urls")),
    path("", include("bashu.analytics.urls")),
    path("", include("bashu.accounts.urls")),
    path("", include("bashu.web.urls")),
]


def server_error(request: HttpRequest) -> HttpResponse:
    """A failure outside a view's own handling (e.g. in a middleware): the API answers in its
    error shape, a page in plain words; never a traceback."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _("服务器内部错误，请稍后再试"),
                "errors": [{"field": "", "rule": "server_error", "message": ""}],
            },
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponseServerError(
        format_html(
            "<!doctype html><meta charset=utf-8><title>500</title><p>{}</p>",
            _("服务器内部错误，请稍后再试"),
        )
    )


handler500 = server_error
