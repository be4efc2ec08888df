"""Credentials (资格证书): professional titles and skill-level certificates.

The foundation issue needs only the registry rows (the generator calibrates the number of
titled professionals and skilled workers); agreements and decisions build on them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class ProfessionalTitle(models.Model):
    """A professional title (职称) held by a person: series × level, issued by a region's committee."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("持有人"), on_delete=models.PROTECT, related_name="titles"
    )
    series = models.ForeignKey(
        "core.TitleSeries", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "core.TitleLevel", verbose_name=_("层级"), on_delete=models.PROTECT, related_name="+"
    )
    specialty = models.CharField(_("专业"), max_length=64, blank=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("发证区划"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.CharField(_("评审委员会"), max_length=128, blank=True)
    issued_on = models.DateField(_("取得日期"))
    certificate_number = models.CharField(_("证书编号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CredentialStatus.choices, default=CredentialStatus.VALID
    )

    class Meta:
        verbose_name = _("职称")
        verbose_name_plural = _("职称")
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "issued_on"])]

    def __str__(self) -> str:
        return self.certificate_number


class SkillCertificate(models.Model):
    """A vocational skill-level certificate (职业技能等级证书)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("持有人"),
        on_delete=models.PROTECT,
        related_name="skill_certificates",
    )
    occupation = models.ForeignKey(
        "core.Occupation",
        verbose_name=_("职业（工种）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "core.SkillLevel", verbose_name=_("等级"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("发证区划"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("发证日期"))
    certificate_number = models.CharField(_("证书编号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CredentialStatus.choices, default=CredentialStatus.VALID
    )

    class Meta:
        verbose_name = _("职业技能等级证书")
        verbose_name_plural = _("职业技能等级证书")
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "issued_on"])]

    def __str__(self) -> str:
        return self.certificate_number


class SigningKey(models.Model):
    """A region's published signing key (签名公钥). The private half stays in the data directory."""

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    public_key = models.CharField(_("公钥（Base64）"), max_length=64)
    created_at = models.DateTimeField(_("启用时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签名密钥")
        verbose_name_plural = _("签名密钥")
        ordering = ["region", "-created_at"]

    def __str__(self) -> str:
        return self.kid
