"""``bashu indices_refresh --period 2025-03``: compute and store every index for a month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.analytics.refresh import indices_refresh


class Command(BaseCommand):
    help = "计算并保存当月全部指数，失败后可续算 (compute and store every index; resumes)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, nargs="+", help="YYYY-MM")
        parser.add_argument("--backend", default="duckdb", choices=["duckdb", "pyspark"])

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(name: str, rows: int, seconds: float) -> None:
            self.stdout.write(f"  {name:<16} {rows:>8,} 格 cells  {seconds:7.2f} s")

        for period in options["period"]:
            self.stdout.write(f"{period}")
            try:
                run = indices_refresh(period=period, backend=options["backend"], progress=progress)
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{period}: {run.get_status_display()} ({run.status})")
