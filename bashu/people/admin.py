"""Region-scoped admin for persons, employers and registrations.

Writes go through the same services as the API, so the rules (check digits, scope,
duplicates, audit) hold in the admin too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from bashu.core.admin import RegionScopedAdmin
from bashu.core.audit import audit_record
from bashu.core.identity import resident_id_check, uscc_check
from bashu.core.scoping import in_scope
from bashu.core.selectors import current_area_codes
from bashu.people import services
from bashu.people.models import Employer, EmploymentRegistration, GraduateOutcome, Person
from bashu.people.schemas import EmployerChanges, PersonChanges


class RegionInScopeForm(forms.ModelForm[Any]):
    """A form whose ``region`` must lie in the signed-in caseworker's region."""

    request: HttpRequest

    def clean_region(self) -> Any:
        region = self.cleaned_data.get("region")
        if region is not None and not in_scope(self.request.user, region.code):
            raise ValidationError(gettext("区划不在您的管辖范围内") + " [out_of_region]")
        return region


class PersonAdminForm(RegionInScopeForm):
    """Checks what the service will check, so the admin shows errors on the form's fields."""

    request: HttpRequest

    class Meta:
        model = Person
        fields = (
            "resident_id",
            "name",
            "household_region",
            "household_type",
            "education",
            "phone",
            "region",
        )

    def clean_resident_id(self) -> str:
        raw = self.cleaned_data.get("resident_id", "")
        if self.instance.pk:
            return str(self.instance.resident_id)
        check = resident_id_check(
            raw, today=timezone.localdate(), current_areas=current_area_codes()
        )
        if not check.valid:
            raise ValidationError([f"{f.translated(gettext)} [{f.rule}]" for f in check.errors])
        if Person.objects.filter(resident_id=check.normalized).exists():
            raise ValidationError(gettext("身份号码已存在") + " [unique]")
        return str(check.normalized)


class ServiceBackedAdmin(RegionScopedAdmin):
    """Hands the request to the form, so field checks can use the account's region."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request  # type: ignore[attr-defined]
        return form


@admin.register(Person)
class PersonAdmin(ServiceBackedAdmin):
    form = PersonAdminForm
    list_display = ("id", "name_masked", "resident_id_masked", "sex", "age", "region")
    list_select_related = ("region",)
    search_fields = ("=resident_id",)
    raw_id_fields = ("household_region", "region", "education")

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        return ("resident_id",) if obj is not None else ()

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            # The change form shows the full record: a full read, audited.
            audit_record(
                actor=request.user,
                action="person.reveal",
                target_type="person",
                target_id=object_id,
                purpose="admin change form",
            )
        return response

    def save_model(
        self, request: HttpRequest, obj: Person, form: forms.ModelForm[Person], change: bool
    ) -> None:
        data = form.cleaned_data

        def value(name: str) -> Any:
            item = data.get(name)
            return item.pk if isinstance(item, Model) else item

        if change:
            saved = services.person_update(
                by=request.user,  # type: ignore[arg-type]
                person_id=obj.pk,
                data=PersonChanges.model_validate(
                    {
                        name: value(name)
                        for name in form.changed_data
                        if name in PersonChanges.model_fields
                    }
                ),
            )
        else:
            saved, _warnings = services.person_create(
                by=request.user,  # type: ignore[arg-type]
                resident_id=data["resident_id"],
                name=data["name"],
                household_region=value("household_region"),
                region=value("region"),
                household_type=data["household_type"],
                education=value("education"),
                phone=data.get("phone") or "",
            )
        obj.pk = saved.pk


class EmployerAdminForm(RegionInScopeForm):
    """Checks the code and the region on the form; the service checks again when saving."""

    request: HttpRequest

    class Meta:
        model = Employer
        fields = ("uscc", "name", "region", "industry", "size", "accounts")

    def clean_uscc(self) -> str:
        if self.instance.pk:
            return str(self.instance.uscc)
        check = uscc_check(self.cleaned_data.get("uscc", ""))
        if not check.valid:
            raise ValidationError([f"{f.translated(gettext)} [{f.rule}]" for f in check.errors])
        if Employer.objects.filter(uscc=check.normalized).exists():
            raise ValidationError(gettext("代码已存在") + " [unique]")
        return str(check.normalized)


@admin.register(Employer)
class EmployerAdmin(ServiceBackedAdmin):
    form = EmployerAdminForm
    list_display = ("id", "name", "uscc", "region", "industry", "size")
    list_select_related = ("region", "industry")
    list_filter = ("size",)
    search_fields = ("=uscc", "name")
    raw_id_fields = ("region", "industry")
    filter_horizontal = ("accounts",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> tuple[str, ...]:
        return ("uscc", "region") if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: Employer, form: forms.ModelForm[Employer], change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            changes = {
                name: (data[name].pk if isinstance(data[name], Model) else data[name])
                for name in form.changed_data
                if name in ("name", "industry", "size")
            }
            saved = services.employer_update(
                by=request.user,  # type: ignore[arg-type]
                employer_id=obj.pk,
                data=EmployerChanges.model_validate(changes),
            )
        else:
            saved, _warnings = services.employer_create(
                by=request.user,  # type: ignore[arg-type]
                uscc=data["uscc"],
                name=data["name"],
                region=data["region"].pk,
                industry=data["industry"].pk,
                size=data["size"],
            )
        obj.pk = saved.pk

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[Employer], formsets: Any, change: bool
    ) -> None:
        form.instance = Employer.objects.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)


class ReadOnlyRegistryAdmin(RegionScopedAdmin):
    """Rows written by services and bulk loads only (registrations via the API, the generator)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(EmploymentRegistration)
class EmploymentRegistrationAdmin(ReadOnlyRegistryAdmin):
    list_display = ("id", "person", "employer", "region", "start_date", "end_date")
    list_select_related = ("person", "employer", "region")
    raw_id_fields = ("person", "employer", "region", "occupation")
    date_hierarchy = "start_date"


@admin.register(GraduateOutcome)
class GraduateOutcomeAdmin(ReadOnlyRegistryAdmin):
    list_display = ("id", "graduation_year", "region", "status", "destination")
    list_filter = ("graduation_year", "status")
    raw_id_fields = ("person", "region", "destination")
