"""``bashu reindex_jobs``: rebuild the job-search index from the database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from bashu.jobs import search
from bashu.jobs.models import JobPosting
from bashu.jobs.selectors import posting_docs


class Command(BaseCommand):
    help = "重建岗位检索索引 (rebuild the job-search index)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        bar = tqdm(
            total=JobPosting.objects.count(),
            unit="岗位",
            disable=options["no_progress"],
            mininterval=1.0,
        )
        count = search.index_rebuild(posting_docs(), progress=bar.update)
        bar.close()
        size = sum(f.stat().st_size for f in search.index_dir().rglob("*") if f.is_file())
        self.stdout.write(
            self.style.SUCCESS(
                f"已索引 {count:,} 个岗位，用时 {time.perf_counter() - started:.1f}s，索引 {size / 1e6:.1f} MB "
                f"(indexed {count:,} postings)"
            )
        )
