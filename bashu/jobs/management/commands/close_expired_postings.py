"""``bashu close_expired_postings``: close postings past their close date (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bashu.jobs.services.postings import postings_close_expired


class Command(BaseCommand):
    help = "关闭已过截止日期的岗位 (close postings past their close date)"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已关闭 closed {postings_close_expired()} 个岗位")
