"""Admin registries for caseworkers: periods (flagged ones to sort out), archives, cases and
the exchange log. All read-only and region-scoped: changes go through the services (a
flagged period is sorted out with the admin action, which calls ``period_review``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bashu.core.admin import RegionScopedAdmin
from bashu.core.errors import BashuError
from bashu.core.scoping import signed_in
from bashu.transfers import services
from bashu.transfers.models import Archive, Case, ExchangeDocument, InsurancePeriod


@admin.register(InsurancePeriod)
class InsurancePeriodAdmin(RegionScopedAdmin):
    read_only = True
    list_display = ("id", "region", "first_month", "last_month", "base", "source", "flagged")
    list_filter = ("flagged", "source")
    raw_id_fields = ("person", "employer")
    readonly_fields = ("flag_reason",)
    actions = ["keep_flagged", "withdraw_flagged"]

    def _review(self, request: HttpRequest, queryset: QuerySet[Any], *, keep: bool) -> None:
        done = 0
        for period in queryset.filter(flagged=True):
            try:
                services.period_review(by=signed_in(request), period_id=period.pk, keep=keep)
            except BashuError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("已处理 %(n)d 段待核查期间") % {"n": done})

    @admin.action(description=_("核查无误，保留所选期间"), permissions=["view"])
    def keep_flagged(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._review(request, queryset, keep=True)

    @admin.action(description=_("核查有误，撤回所选导入期间"), permissions=["view"])
    def withdraw_flagged(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._review(request, queryset, keep=False)


@admin.register(Archive)
class ArchiveAdmin(RegionScopedAdmin):
    read_only = True
    list_display = ("id", "custodian", "region", "updated_at")
    raw_id_fields = ("person",)


@admin.register(Case)
class CaseAdmin(RegionScopedAdmin):
    read_only = True  # steps go through the case page, one atomic service each
    region_fields = ("competent_region", "window_region")
    list_display = ("id", "kind", "window_region", "competent_region", "state", "due_at")
    list_filter = ("kind", "state")
    raw_id_fields = ("applicant", "handler")


@admin.register(ExchangeDocument)
class ExchangeDocumentAdmin(RegionScopedAdmin):
    read_only = True
    region_fields = ("sender", "receiver")
    list_display = ("seq", "type", "sender", "receiver", "purpose", "received_at")
    list_filter = ("type",)
    exclude = ("body",)  # the signed body names the person in full
