from django.contrib import admin

from bashu.people.admin import ReadOnlyRegistryAdmin
from bashu.recognition.models import ProfessionalTitle, SkillCertificate


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
