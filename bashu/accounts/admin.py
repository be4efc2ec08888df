"""Accounts' phones in the admin, masked and read-only: a phone changes through the
account's holder, never by an officer typing it in (admins only; no role group has these)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bashu.accounts.models import AccountContact
from bashu.core.identity import mask_phone


@admin.register(AccountContact)
class AccountContactAdmin(admin.ModelAdmin[AccountContact]):
    list_display = ("user", "phone_masked", "contact_name", "created_at")
    search_fields = ("user__username",)
    fields = ("user", "phone_masked", "contact_name", "created_at")
    readonly_fields = fields

    @admin.display(description=_("手机号码"))
    def phone_masked(self, obj: AccountContact) -> str:
        return mask_phone(obj.phone)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AccountContact | None = None
    ) -> bool:
        return False
