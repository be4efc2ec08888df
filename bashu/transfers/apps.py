from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "bashu.transfers"
    verbose_name = _("随人走的记录")
