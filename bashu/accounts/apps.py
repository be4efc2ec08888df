from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Self-service accounts (自助注册与登录): sign-up, sign-in by phone or ID, passwords."""

    name = "bashu.accounts"
    label = "accounts"
    verbose_name = _("账号注册与登录")
