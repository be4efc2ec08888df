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


class Revocable(models.Model):
    """Status and revocation, shared by every kind of credential (证书状态与撤销)."""

    status = models.CharField(
        _("状态"), max_length=8, choices=CredentialStatus.choices, default=CredentialStatus.VALID
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revocation_reason = models.CharField(_("撤销原因"), max_length=255, blank=True)

    class Meta:
        abstract = True


class ProfessionalTitle(Revocable):
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

    class Meta:
        verbose_name = _("职称")
        verbose_name_plural = _("职称")
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "issued_on"])]

    def __str__(self) -> str:
        return self.certificate_number


class SkillCertificate(Revocable):
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


class TalentCardProgramme(models.TextChoices):
    TIANFU = "tianfu", _("天府英才卡")
    CHONGQING = "chongqing", _("新重庆人才卡（重庆英才服务卡）")


class TalentCard(Revocable):
    """A high-level talent card (人才卡) granting services in its region."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("持卡人"),
        on_delete=models.PROTECT,
        related_name="talent_cards",
    )
    programme = models.CharField(
        _("人才卡项目"), max_length=12, choices=TalentCardProgramme.choices
    )
    card_class = models.CharField(
        _("类别"), max_length=1, choices=[("A", "A"), ("B", "B"), ("C", "C")]
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("发卡区划"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("卡号"), max_length=40, unique=True)
    issued_on = models.DateField(_("发卡日期"))
    expires_on = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("人才卡")
        verbose_name_plural = _("人才卡")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class AgencyLicence(Revocable):
    """An HR-service agency's licence (人力资源服务许可证) or filing (备案)."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("经营许可")
        FILING = "filing", _("备案")

    agency = models.ForeignKey(
        "people.Employer",
        verbose_name=_("人力资源服务机构"),
        on_delete=models.PROTECT,
        related_name="licences",
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    scope = models.JSONField(_("业务范围"), default=list)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("发证区划"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("许可证编号"), max_length=40, unique=True)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("人力资源服务许可")
        verbose_name_plural = _("人力资源服务许可")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class RecognitionDecision(models.Model):
    """A recorded recognition decision (互认认定) for a registered credential, with its basis."""

    kind = models.CharField(_("证书类型"), max_length=16)
    certificate_number = models.CharField(_("证书编号"), max_length=40, db_index=True)
    host_region = models.ForeignKey(
        "core.Region", verbose_name=_("使用地"), on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(_("认定日期"))
    outcome = models.CharField(_("结论"), max_length=16)
    equivalent = models.CharField(_("对应等级"), max_length=64, blank=True)
    agreement_id = models.CharField(_("依据协议"), max_length=64, blank=True)
    clause_id = models.CharField(_("条款"), max_length=16, blank=True)
    reasons = models.JSONField(_("理由"), default=list)
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("认定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("互认认定")
        verbose_name_plural = _("互认认定")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.certificate_number} → {self.host_region_id}: {self.outcome}"


class CardService(models.Model):
    """A talent-card service (人才专属服务) a region offers to card classes."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("提供地区"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=16)
    name = models.CharField(_("名称"), max_length=128)
    classes = models.CharField(_("适用卡类"), max_length=8, help_text=_("如 A;B;C"))

    class Meta:
        verbose_name = _("人才卡服务")
        verbose_name_plural = _("人才卡服务")
        ordering = ["region", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceDelivery(models.Model):
    """One delivery of a card service to a holder (人才服务记录), counted per region and month."""

    card = models.ForeignKey(
        TalentCard, verbose_name=_("人才卡"), on_delete=models.PROTECT, related_name="deliveries"
    )
    service = models.ForeignKey(
        CardService, verbose_name=_("服务"), on_delete=models.PROTECT, related_name="deliveries"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("服务地"), on_delete=models.PROTECT, related_name="+"
    )
    delivered_on = models.DateField(_("服务日期"))
    recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("人才服务记录")
        verbose_name_plural = _("人才服务记录")
        ordering = ["-delivered_on"]
        indexes = [models.Index(fields=["region", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.delivered_on}"


class ExpertTeam(models.Model):
    """An expert service team (专家服务团) of a region."""

    name = models.CharField(_("名称"), max_length=128)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("组建地区"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("专家服务团")
        verbose_name_plural = _("专家服务团")

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """A career-guidance expert (职业指导人才库) — recognised in both provinces' pools."""

    person = models.OneToOneField(
        "people.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="expert"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    fields = models.JSONField(_("专业领域"), default=list)
    employer = models.ForeignKey(
        "people.Employer",
        verbose_name=_("任职单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    teams = models.ManyToManyField(
        ExpertTeam, verbose_name=_("所属专家服务团"), blank=True, related_name="members"
    )
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("职业指导专家")
        verbose_name_plural = _("职业指导专家")
        ordering = ["id"]

    def __str__(self) -> str:
        return _("专家 #%(id)s") % {"id": self.pk}


class ExpertDraw(models.Model):
    """One draw of experts for a request (专家抽取记录), kept with what was excluded and why."""

    applicant = models.ForeignKey(
        "people.Employer", verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("领域"), max_length=32)
    requested = models.PositiveSmallIntegerField(_("抽取人数"))
    drawn = models.JSONField(_("抽中专家"), default=list)
    excluded = models.JSONField(_("回避专家"), default=list)
    seed = models.CharField(_("随机种子"), max_length=64)
    drawn_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家抽取记录")
        verbose_name_plural = _("专家抽取记录")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return _("抽取 #%(id)s") % {"id": self.pk}


class StatusListEntry(models.Model):
    """A credential's place in its issuing province's status list (W3C Bitstring Status
    List v1.0, 证书状态列表): assigned once, at random, on the first signed export."""

    issuer = models.ForeignKey(
        "core.Region", verbose_name=_("签发省（市）"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用途"), max_length=16, default="revocation")
    index = models.PositiveIntegerField(_("位置"))
    kind = models.CharField(_("证书类型"), max_length=16)
    number = models.CharField(_("证书编号"), max_length=40)
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("状态列表位置")
        verbose_name_plural = _("状态列表位置")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "purpose", "index"], name="status_entry_index_once_per_issuer"
            ),
            models.UniqueConstraint(
                fields=["kind", "number", "purpose"], name="status_entry_one_per_credential"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.purpose}#{self.index}"
