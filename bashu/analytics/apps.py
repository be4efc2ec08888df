from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "bashu.analytics"
    verbose_name = _("劳动力市场指数")
