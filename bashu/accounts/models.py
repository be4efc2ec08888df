"""What an account needs beyond ``core.User`` to sign in by phone and reset a password
(账号手机与重置验证码)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bashu.core.identity import mask_phone


class AccountContact(models.Model):
    """The mobile phone (手机号) an account signs in with and receives reset codes on.

    One phone, one account: the phone is a sign-in name, so it is unique. For an employer's
    account it also names the contact person (联系人)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact",
    )
    phone = models.CharField(_("手机号码"), max_length=11, unique=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("账号手机")
        verbose_name_plural = _("账号手机")

    def __str__(self) -> str:
        return mask_phone(self.phone)


class ResetCode(models.Model):
    """A one-time password-reset code (重置验证码): six digits, kept only as a hash.

    One row per account, replaced by every new request, so an account has at most one code
    that can work. It works until ``expires_at``, for at most ``MAX_TRIES`` wrong guesses,
    and once."""

    MAX_TRIES = 5

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reset_code",
    )
    code_hash = models.CharField(_("验证码摘要"), max_length=128)
    issued_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    tries = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("重置验证码")
        verbose_name_plural = _("重置验证码")

    def __str__(self) -> str:
        return f"{self.user_id} {self.issued_at:%Y-%m-%d %H:%M}"
