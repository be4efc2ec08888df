"""Reference data (参考数据): divisions, classifications and levels, loaded from shipped files.

Rows are read-only for users; ``bashu load_reference`` (run by a data migration) keeps
them equal to the files in ``bashu/core/data``. See docs/reference-data.md for sources.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bashu.core.codes import region_prefix

#: Provinces of the economic circle: Sichuan and Chongqing.
ZONE_PROVINCES = ("51", "50")


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class Region(models.Model):
    """Administrative division (行政区划), GB/T 2260 six-digit code.

    The code's non-zero prefix names the subtree: ``51`` is all of Sichuan, ``5101`` all of
    Chengdu, ``510117`` 郫都区 alone. Chongqing's districts and counties hang directly under
    the municipality (no prefecture level).
    """

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True)
    initials = models.CharField(
        _("拼音首字母"), max_length=64, blank=True, help_text=_("青白江区 → qbjq：选择器按它查找")
    )
    pinyin = models.CharField(
        _("拼音"), max_length=255, blank=True, help_text=_("青白江区 → qingbaijiangqu")
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def prefix(self) -> str:
        """The code prefix shared by this division and everything below it."""
        return region_prefix(self.code)

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    def contains(self, code: str | None) -> bool:
        return bool(code) and str(code).startswith(self.prefix)


class Industry(models.Model):
    """Industry (国民经济行业分类, GB/T 4754-2017): sections A–T and two-digit divisions."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")

    code = models.CharField(_("代码"), max_length=4, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)
    initials = models.CharField(
        _("拼音首字母"), max_length=64, blank=True, help_text=_("青白江区 → qbjq：选择器按它查找")
    )
    pinyin = models.CharField(
        _("拼音"), max_length=255, blank=True, help_text=_("青白江区 → qingbaijiangqu")
    )

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Occupation(models.Model):
    """Occupation (职业分类大典 2022): major, medium, minor groups and detailed occupations.

    Codes are hierarchical (``2``, ``2-02``, ``2-02-10``, ``2-02-10-03``), so proximity in
    the tree is the length of the common code prefix.
    """

    class Level(models.TextChoices):
        MAJOR = "major", _("大类")
        MEDIUM = "medium", _("中类")
        MINOR = "minor", _("小类")
        DETAILED = "detailed", _("细类(职业)")

    code = models.CharField(_("代码"), max_length=16, primary_key=True)
    name = models.CharField(_("名称"), max_length=128)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    initials = models.CharField(
        _("拼音首字母"), max_length=64, blank=True, help_text=_("青白江区 → qbjq：选择器按它查找")
    )
    pinyin = models.CharField(
        _("拼音"), max_length=255, blank=True, help_text=_("青白江区 → qingbaijiangqu")
    )

    class Meta:
        verbose_name = _("职业")
        verbose_name_plural = _("职业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TitleSeries(models.Model):
    """Professional-title series (职称系列), e.g. 工程, 卫生."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("职称系列")
        verbose_name_plural = _("职称系列")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RankedLevel(models.Model):
    """A level with a rank that orders it (职称层级, 职业技能等级)."""

    rank = models.PositiveSmallIntegerField(_("等级序号"), primary_key=True)
    name = models.CharField(_("名称"), max_length=16, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=64)

    class Meta:
        abstract = True
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class TitleLevel(RankedLevel):
    """Professional-title level (职称层级): 员级, 助理级, 中级, 副高级, 正高级."""

    class Meta(RankedLevel.Meta):
        verbose_name = _("职称层级")
        verbose_name_plural = _("职称层级")


class SkillLevel(RankedLevel):
    """Vocational skill level (职业技能等级), the "新八级" from 学徒工 to 首席技师."""

    class Meta(RankedLevel.Meta):
        verbose_name = _("职业技能等级")
        verbose_name_plural = _("职业技能等级")


class EducationLevel(models.Model):
    """Education level (学历); ``rank`` orders them for "at least" comparisons."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("序位"))

    class Meta:
        verbose_name = _("学历")
        verbose_name_plural = _("学历")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


def zone_region(code: object) -> Region | None:
    """The division with this code if it lies in Sichuan or Chongqing, else ``None``."""
    if not isinstance(code, str) or code[:2] not in ZONE_PROVINCES:
        return None
    return Region.objects.filter(code=code).first()
