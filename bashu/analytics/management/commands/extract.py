"""``bashu extract --month 2025-03``: write a month's facts to Parquet (re-running replaces it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.analytics.extract import EXTRACTS, extract_month, extracts_root


class Command(BaseCommand):
    help = "月度抽取：把当月事实写成 Parquet (write a month's facts to Parquet)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--month", required=True, nargs="+", help="YYYY-MM (one or more months)"
        )
        parser.add_argument(
            "--table", action="append", choices=list(EXTRACTS), help="only these tables"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = extracts_root()

        def progress(table: str, rows: int, seconds: float) -> None:
            self.stdout.write(f"  {table:<14} {rows:>12,} 行 rows  {seconds:8.2f} s")

        for month in options["month"]:
            self.stdout.write(f"{month} → {root}")
            try:
                extract_month(month=month, tables=options["table"], progress=progress)
            except ValueError as error:
                raise CommandError(str(error)) from error
