"""``bashu match_all``: every seeker matched against all open postings, their nightly
rankings replaced chunk by chunk (scheduled nightly; docs/adr/0016-nightly-matching.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bashu.jobs.matching.nightly import MatchAllReport, match_all


class Command(BaseCommand):
    help = "为每位求职者计算每晚推荐 (rank open postings for every seeker overnight)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=2, help="processes ranking (1 on SQLite)"
        )
        parser.add_argument(
            "--limit-seekers", type=int, default=None, help="only the first N seekers by id"
        )
        parser.add_argument("--chunk", type=int, default=5000, help="seekers per transaction")
        parser.add_argument(
            "--max-minutes",
            type=float,
            default=180.0,
            help="chunks not begun by then are skipped (a bounded nightly run)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(1, options["chunk"])

        def progress(report: MatchAllReport, total: int) -> None:
            done = report.seekers + report.skipped
            ranking = max(report.wall_seconds - report.load_seconds, 1e-9)
            rate = report.seekers / ranking
            eta = (total - done) / rate if rate else 0.0
            self.stdout.write(
                f"{done:,}/{total:,} 求职者 seekers, {rate:,.0f}/s "
                f"({report.matches / ranking:,.0f} rows/s), ETA {eta:,.0f} s",
            )

        report = match_all(
            workers=options["workers"],
            limit=options["limit_seekers"],
            chunk=every,
            max_seconds=options["max_minutes"] * 60,
            progress=progress,
        )
        result = report.as_dict()
        self.stdout.write(
            f"完成 done: {result['seekers']:,} 求职者 seekers ({result['skipped']:,} skipped), "
            f"{result['matches']:,} 推荐 matches, {result['postings']:,} open postings loaded in "
            f"{result['load_seconds']} s, {result['workers']} workers, wall "
            f"{result['wall_seconds']} s; peak RSS parent {result['parent_peak_rss_mb']} MiB, "
            f"workers {result['worker_peak_rss_mb']} MiB (PSS {result['worker_pss_mb']} MiB)"
        )
