"""Admin registries for caseworkers: periods (flagged ones to sort out), archives, cases and
the exchange log (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bashu.core.scoping import region_filter
from bashu.transfers.models import Archive, Case, ExchangeDocument, InsurancePeriod


class RegionScoped(admin.ModelAdmin):
    region_field = "region"

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)
        scoped = region_filter(queryset, request.user, field=self.region_field)  # type: ignore[arg-type]
        return scoped if scoped is not None else queryset.none()


@admin.register(InsurancePeriod)
class InsurancePeriodAdmin(RegionScoped):
    list_display = ("id", "region", "first_month", "last_month", "base", "source", "flagged")
    list_filter = ("flagged", "source")
    raw_id_fields = ("person", "employer")
    readonly_fields = ("flag_reason",)


@admin.register(Archive)
class ArchiveAdmin(RegionScoped):
    list_display = ("id", "custodian", "region", "updated_at")
    raw_id_fields = ("person",)


@admin.register(Case)
class CaseAdmin(RegionScoped):
    region_field = "competent_region"
    list_display = ("id", "kind", "window_region", "competent_region", "state", "due_at")
    list_filter = ("kind", "state")
    raw_id_fields = ("applicant", "handler")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # steps go through the case page, one atomic service each


@admin.register(ExchangeDocument)
class ExchangeDocumentAdmin(admin.ModelAdmin):
    list_display = ("seq", "type", "sender", "receiver", "purpose", "received_at")
    list_filter = ("type",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
