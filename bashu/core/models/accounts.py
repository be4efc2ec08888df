"""Accounts and roles (账户与角色)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in account does. The public needs no account."""

    SEEKER = "seeker", _("求职者")
    EMPLOYER = "employer", _("用人单位")
    CASEWORKER = "caseworker", _("经办人员")
    ANALYST = "analyst", _("分析人员")
    ADMINISTRATOR = "administrator", _("系统管理员")


class User(AbstractUser):
    """An account. A caseworker acts for exactly one region (and everything below it)."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.SEEKER)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("经办人员所代表的区划；可办理该区划及其下级区划的记录。"),
    )

    class Meta:
        verbose_name = _("账户")
        verbose_name_plural = _("账户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="caseworker") | models.Q(region__isnull=False),
                name="caseworker_has_region",
                violation_error_message=_("经办人员必须绑定一个区划"),
            ),
        ]

    @property
    def is_caseworker(self) -> bool:
        return self.role == Role.CASEWORKER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser
