"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("bashu.jobs.urls")),
    path("", include("bashu.recognition.urls")),
    path("", include("bashu.transfers.urls")),
    path("", include("bashu.analytics.urls")),
    path("", include("bashu.web.urls")),
]
