"""``bashu headlines_refresh``: count the home page's headline figures and store them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bashu.web.selectors import headline_count, headlines_store


class Command(BaseCommand):
    help = "统计首页概况数据并保存 (count the home page's headline figures and store them)"

    def handle(self, *args: Any, **options: Any) -> None:
        path = headlines_store(headline_count())
        self.stdout.write(f"headlines → {path}")
