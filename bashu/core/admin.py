"""Admin for reference data (read-only), accounts and the audit log (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bashu.core.audit import audit_record
from bashu.core.models import (
    AuditEntry,
    Delivery,
    EducationLevel,
    Industry,
    Occupation,
    Region,
    SkillLevel,
    TaskRun,
    TitleLevel,
    TitleSeries,
    User,
)
from bashu.core.permissions import is_administrator
from bashu.core.scoping import caseworker_prefix, in_scope, is_full_access


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Reference data changes only through the shipped files (``bashu load_reference``)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent", "longitude", "latitude")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Industry, Occupation)
class ClassificationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(TitleSeries, TitleLevel, SkillLevel, EducationLevel)
class LevelAdmin(ReadOnlyAdmin):
    pass


@admin.register(User)
class BashuUserAdmin(UserAdmin[User]):
    list_display = ("username", "role", "region", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    fieldsets = (*UserAdmin.fieldsets, (_("角色与区划"), {"fields": ("role", "region")}))  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """An administrator's edit of an account is audited like ``account_ensure``'s."""
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="account.update" if change else "account.create",
            target_type="user",
            target_id=obj.pk,
            detail={"fields": sorted(form.changed_data), "via": "admin"},
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "at",
        "actor_username",
        "role",
        "region_code",
        "action",
        "target_type",
        "target_id",
        "purpose",
    )
    list_filter = ("action", "role")
    search_fields = ("actor_username", "target_id", "action")


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdmin):
    """Background runs and how they ended (ADR 0010): for administrators, who act for every
    region; each attempt's traceback is beside it in the queue's own admin."""

    list_display = ("created_at", "kind", "label", "status", "attempts", "finished_at", "error")
    list_filter = ("status", "kind")
    exclude = ("params",)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_administrator(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)


class RegionScopedAdmin(admin.ModelAdmin[Any]):
    """Admin for records with an owning region: a caseworker sees and changes only their own.

    The list is filtered by the caseworker's code prefix; opening or changing another
    region's record by URL is refused (the queryset no longer contains it, so Django
    answers as for a missing object). ``region_fields`` names the regions a record belongs
    to (any of them makes it visible, e.g. sender or receiver); the first one owns it for
    changes. ``read_only`` registries change only through their services.
    """

    region_field = "region"
    region_fields: tuple[str, ...] = ()
    read_only = False

    def _fields(self) -> tuple[str, ...]:
        return self.region_fields or (self.region_field,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if is_full_access(request.user):
            return queryset
        prefix = caseworker_prefix(request.user)
        if prefix is None:
            return queryset.none()
        visible = Q()
        for name in self._fields():
            visible |= Q(**{f"{name}__code__startswith": prefix})
        return queryset.filter(visible)

    def _allowed(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return is_full_access(request.user) or caseworker_prefix(request.user) is not None
        return any(in_scope(request.user, getattr(obj, f"{name}_id")) for name in self._fields())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not self.read_only and super().has_add_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if self.read_only:
            return False
        owner = getattr(obj, f"{self._fields()[0]}_id", None) if obj is not None else None
        return super().has_change_permission(request, obj) and (
            obj is None or in_scope(request.user, owner)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Registry records are never deleted by hand: they are referenced and audited.
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Outbound sends and how they went (ADR 0015), addresses masked: for administrators.
    The messages themselves stay in their recipients' inboxes (not shown here)."""

    list_display = ("created_at", "channel", "status", "attempts", "address_masked", "sent_at")
    list_filter = ("status", "channel")
    exclude = ("notification", "recipient")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_administrator(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)
