"""Progress of synthetic-data runs, so a failed run resumes where it stopped."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GenerationRun(models.Model):
    """One ``bashu generate`` run (合成数据生成记录): its parameters and the chunks done.

    Every chunk is written in its own transaction together with ``chunks_done``, and draws
    from a random stream seeded by (seed, stage, chunk), so a resumed run produces exactly
    what an uninterrupted one would have.
    """

    class Status(models.TextChoices):
        STARTED = "started", _("进行中")
        DONE = "done", _("已完成")

    seed = models.PositiveIntegerField(_("随机种子"))
    scale = models.DecimalField(_("规模"), max_digits=12, decimal_places=6)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.STARTED
    )
    person_id_base = models.PositiveBigIntegerField(_("人员编号起点"))
    employer_id_base = models.PositiveBigIntegerField(_("单位编号起点"))
    employer_chunks_done = models.PositiveIntegerField(default=0)
    person_chunks_done = models.PositiveIntegerField(default=0)
    jobs_done = models.BooleanField(_("岗位数据已生成"), default=False)
    recognition_done = models.BooleanField(_("互认数据已生成"), default=False)
    transfers_done = models.BooleanField(_("随人走记录已生成"), default=False)
    rows_written = models.JSONField(_("写入行数"), default=dict)
    seconds = models.FloatField(_("用时（秒）"), default=0)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("合成数据生成记录")
        verbose_name_plural = _("合成数据生成记录")
        constraints = [
            models.UniqueConstraint(fields=["seed", "scale"], name="one_run_per_seed_and_scale")
        ]

    def __str__(self) -> str:
        return f"seed={self.seed} scale={self.scale} {self.status}"


class SeekerTruth(models.Model):
    """What the generator knows about a generated seeker (真实职业与技能), for measuring matching.

    Kept apart from the profile: the platform never sees it, only the benchmark does.
    """

    seeker = models.OneToOneField("jobs.SeekerProfile", on_delete=models.CASCADE, related_name="+")
    occupation = models.ForeignKey("core.Occupation", on_delete=models.PROTECT, related_name="+")
    skills = models.JSONField(default=list)

    class Meta:
        verbose_name = _("求职者真实画像（合成）")
        verbose_name_plural = _("求职者真实画像（合成）")

    def __str__(self) -> str:
        return f"truth #{self.seeker_id}"
