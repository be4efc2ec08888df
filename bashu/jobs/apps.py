from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "bashu.jobs"
    label = "jobs"
    verbose_name = _("川渝合作·职等你来")
