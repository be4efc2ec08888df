"""Background runs (后台任务) that people follow: imports started from a page or the API, and
the scheduler's periodic commands.

The queue itself (django-tasks' database backend) keeps one row per attempt; a ``TaskRun`` is
the piece of work as a person sees it: its progress while it runs, every retry, and at the
end its report or its error. See ``bashu.core.tasks`` and docs/adr/0010-task-queue.md.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskRunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    RETRYING = "retrying", _("失败，等待重试")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class TaskRun(models.Model):
    """One piece of background work: who started it, how far it got, how it ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=64)
    label = models.CharField(_("说明"), max_length=255, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=TaskRunStatus.choices, default=TaskRunStatus.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: What the task is given (JSON), kept so a lost attempt can be enqueued again.
    params = models.JSONField(_("参数"), default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    #: Counters while running (rows done, rows rejected, the last line committed).
    progress = models.JSONField(_("进度"), default=dict, blank=True)
    report = models.JSONField(_("结果"), null=True, blank=True)
    #: The last failure: the exception's class and message, personal numbers masked.
    error = models.TextField(_("错误"), blank=True)
    #: The queue's id of the latest attempt (django-tasks' result id).
    task_id = models.CharField(_("队列任务"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    #: Moves with every progress report: a running task that stops moving was lost.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="core_taskrun_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.id}"

    @property
    def finished(self) -> bool:
        return self.status in (TaskRunStatus.DONE, TaskRunStatus.FAILED)
