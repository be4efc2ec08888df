from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "bashu.web"
    label = "web"
    verbose_name = _("门户")

    def ready(self) -> None:
        """The admin says 巴蜀, not "Django 管理"; its "view site" goes to the portal."""
        from django.contrib import admin

        admin.site.site_header = _("巴蜀 · 管理后台")
        admin.site.site_title = _("巴蜀管理后台")
        admin.site.index_title = _("数据与账号管理")
        admin.site.site_url = "/"
