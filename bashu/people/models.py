"""Persons, employers, employment registrations and graduate outcomes.

Every record has an owning region (``region``): the division whose bureau keeps it.
Caseworkers of other regions reach it only through a cross-region exchange.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashu.core.identity import mask_name, mask_phone, mask_resident_id


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class HouseholdType(models.TextChoices):
    """户口性质: the household registration's type, used for the migrant-worker figure."""

    URBAN = "urban", _("非农业户口")
    RURAL = "rural", _("农业户口")


class Person(models.Model):
    """A person (人员), identified by the resident ID number (公民身份号码)."""

    resident_id = models.CharField(_("公民身份号码"), max_length=18, unique=True)
    name = models.CharField(_("姓名"), max_length=64)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    household_region = models.ForeignKey(
        "core.Region", verbose_name=_("户籍地"), on_delete=models.PROTECT, related_name="+"
    )
    household_type = models.CharField(
        _("户口性质"), max_length=8, choices=HouseholdType.choices, default=HouseholdType.URBAN
    )
    education = models.ForeignKey(
        "core.EducationLevel",
        verbose_name=_("学历"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("管理区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("登记并管理此记录的区划"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["id"]
        indexes = [models.Index(fields=["region"]), models.Index(fields=["birth_date"])]

    def __str__(self) -> str:
        # Masked on purpose: __str__ ends up in pages, logs and admin breadcrumbs.
        return f"{mask_name(self.name)} {mask_resident_id(self.resident_id)}"

    @property
    def age(self) -> int:
        """Age in whole years today (周岁)."""
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def resident_id_masked(self) -> str:
        return mask_resident_id(self.resident_id)

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class EmployerSize(models.TextChoices):
    """企业规模 per 统计上大中小微型企业划分办法 (2017), simplified to headcount bands."""

    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class Employer(models.Model):
    """An employer (用人单位), identified by its unified social credit code (统一社会信用代码)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=128)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("所属行业"), on_delete=models.PROTECT, related_name="+"
    )
    size = models.CharField(_("企业规模"), max_length=8, choices=EmployerSize.choices)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("单位账户"), blank=True, related_name="employers"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        ordering = ["id"]
        indexes = [models.Index(fields=["region"])]

    def __str__(self) -> str:
        return self.name


class EmploymentRegistration(models.Model):
    """Employment registration (就业登记): a hire of a person by an employer in a county.

    The unit from which flows between regions are measured. Owned by the county of work.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="registrations"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="registrations"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("就业地（县级）"), on_delete=models.PROTECT, related_name="+"
    )
    occupation = models.ForeignKey(
        "core.Occupation",
        verbose_name=_("职业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("就业登记")
        verbose_name_plural = _("就业登记")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["region", "start_date"]),
            models.Index(fields=["person", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="registration_end_after_start",
                violation_error_message=_("终止日期不得早于起始日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"就业登记 #{self.pk}"


class GraduateStatus(models.TextChoices):
    EMPLOYED = "employed", _("已就业")
    FURTHER_STUDY = "further_study", _("升学")
    NOT_EMPLOYED = "not_employed", _("未就业")


class GraduateOutcome(models.Model):
    """A graduate's destination (高校毕业生就业去向), as reported by the graduating province.

    The destination may lie outside the economic circle (a province-level region); the
    in-circle share of employed graduates is what the provinces publish (seed 002).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="graduate_outcomes"
    )
    graduation_year = models.PositiveSmallIntegerField(_("毕业年份"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("毕业院校所在地"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("去向"), max_length=16, choices=GraduateStatus.choices)
    destination = models.ForeignKey(
        "core.Region",
        verbose_name=_("就业地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("毕业去向")
        verbose_name_plural = _("毕业去向")
        ordering = ["id"]
        indexes = [models.Index(fields=["graduation_year", "region"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "graduation_year"], name="one_outcome_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="employed") | Q(destination__isnull=False),
                name="employed_graduate_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduation_year} {self.get_status_display()}"
