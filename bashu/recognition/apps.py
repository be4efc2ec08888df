from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "bashu.recognition"
    label = "recognition"
    verbose_name = _("资格互认")
