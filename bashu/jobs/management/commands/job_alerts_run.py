"""``bashu job_alerts_run``: send saved searches' and recommendations' new postings, each
once (scheduled every 15 minutes; bounded work per run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bashu.jobs.alerts import job_alerts_run


class Command(BaseCommand):
    help = "发送职位订阅的新岗位 (send job alerts)"

    def handle(self, *args: Any, **options: Any) -> None:
        result = job_alerts_run()
        self.stdout.write(f"订阅 alerts {result['alerts']}，岗位 postings {result['postings']}")
