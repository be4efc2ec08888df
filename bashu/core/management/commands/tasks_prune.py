"""``bashu tasks_prune``: forget finished background work older than two weeks (scheduled daily).

The queue's finished attempts go through the library's ``prune_db_task_results`` (its
defaults: 14 days, every queue we use); the scheduler's own finished runs are deleted
likewise. Runs that people started (imports) are kept: they are the record of an import,
beside its audit entry. See docs/adr/0010-task-queue.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from bashu.core.models import TaskRun, TaskRunStatus

KEEP = dt.timedelta(days=14)


class Command(BaseCommand):
    help = "清理两周前已结束的后台任务记录 (prune finished background work older than two weeks)"

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("prune_db_task_results", "--queue-name=*", stdout=self.stdout)
        deleted, _ = TaskRun.objects.filter(
            kind__startswith="schedule.",
            status__in=(TaskRunStatus.DONE, TaskRunStatus.FAILED),
            finished_at__lt=timezone.now() - KEEP,
        ).delete()
        self.stdout.write(f"scheduled runs deleted: {deleted}")
