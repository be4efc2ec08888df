"""Extracts, refresh runs and stored index values (指数结果). Pages and the API read only these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractFile(models.Model):
    """One table's Parquet extract for one month (月度抽取文件)."""

    month = models.CharField(_("月份"), max_length=7)
    table = models.CharField(_("数据表"), max_length=32)
    rows = models.PositiveBigIntegerField(_("行数"))
    path = models.CharField(_("文件"), max_length=255)
    seconds = models.FloatField(_("耗时（秒）"))
    written_at = models.DateTimeField(_("写入时间"), auto_now=True)

    class Meta:
        verbose_name = _("月度抽取文件")
        verbose_name_plural = _("月度抽取文件")
        constraints = [
            models.UniqueConstraint(fields=["month", "table"], name="extract_month_table")
        ]
        ordering = ["-month", "table"]

    def __str__(self) -> str:
        return f"{self.table} {self.month}"


class RunStatus(models.TextChoices):
    STARTED = "started", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class IndexRun(models.Model):
    """A refresh of every index for one month (指数计算批次); it records each index done so
    that a failed run resumes where it stopped."""

    period = models.CharField(_("月份"), max_length=7, unique=True)
    status = models.CharField(_("状态"), max_length=8, choices=RunStatus.choices)
    done = models.JSONField(_("已完成的指数"), default=list)
    methodology = models.CharField(_("方法版本"), max_length=16)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.JSONField(_("各指数耗时（秒）"), default=dict)

    class Meta:
        verbose_name = _("指数计算批次")
        verbose_name_plural = _("指数计算批次")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period} {self.status}"


class IndexValue(models.Model):
    """One cell of one index (指数值): a period, a region and a breakdown key, with measures."""

    index = models.CharField(_("指数"), max_length=32)
    period = models.CharField(_("期别"), max_length=7)
    level = models.CharField(_("区域层级"), max_length=12)
    region = models.CharField(_("区域"), max_length=6)
    dimension = models.CharField(_("分组维度"), max_length=16)
    key = models.CharField(_("分组"), max_length=16, blank=True)
    suppressed = models.BooleanField(_("小样本已隐去"), default=False)
    values = models.JSONField(_("指标值"))
    run = models.ForeignKey(
        IndexRun, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("指数值")
        verbose_name_plural = _("指数值")
        constraints = [
            models.UniqueConstraint(
                fields=["index", "period", "level", "region", "dimension", "key"],
                name="index_value_cell",
            )
        ]
        indexes = [models.Index(fields=["index", "period", "region"])]

    def __str__(self) -> str:
        return f"{self.index} {self.period} {self.region} {self.key}"
