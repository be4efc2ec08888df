from django.contrib import admin

from bashu.people.admin import ReadOnlyRegistryAdmin
from bashu.recognition.models import (
    AgencyLicence,
    ProfessionalTitle,
    RecognitionDecision,
    SkillCertificate,
    TalentCard,
)


@admin.register(ProfessionalTitle)
class ProfessionalTitleAdmin(ReadOnlyRegistryAdmin):
    list_display = ("certificate_number", "series", "level", "region", "issued_on", "status")
    list_select_related = ("series", "level", "region")
    list_filter = ("level", "status")
    search_fields = ("=certificate_number",)
    raw_id_fields = ("person", "region")


@admin.register(SkillCertificate)
class SkillCertificateAdmin(ReadOnlyRegistryAdmin):
    list_display = ("certificate_number", "occupation", "level", "region", "issued_on", "status")
    list_select_related = ("occupation", "level", "region")
    list_filter = ("level", "status")
    search_fields = ("=certificate_number",)
    raw_id_fields = ("person", "region", "occupation")


@admin.register(TalentCard)
class TalentCardAdmin(ReadOnlyRegistryAdmin):
    list_display = (
        "number",
        "programme",
        "card_class",
        "region",
        "issued_on",
        "expires_on",
        "status",
    )
    list_filter = ("programme", "card_class", "status")
    search_fields = ("=number",)
    raw_id_fields = ("person", "region")


@admin.register(AgencyLicence)
class AgencyLicenceAdmin(ReadOnlyRegistryAdmin):
    list_display = ("number", "agency", "kind", "region", "issued_on", "expires_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("=number",)
    raw_id_fields = ("agency", "region")


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ReadOnlyRegistryAdmin):
    region_field = "host_region"
    list_display = (
        "certificate_number",
        "kind",
        "host_region",
        "on_date",
        "outcome",
        "agreement_id",
        "decided_at",
    )
    list_filter = ("outcome", "kind")
    search_fields = ("=certificate_number",)
