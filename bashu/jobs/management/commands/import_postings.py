"""``bashu import_postings FILE --source NAME``: load a province site's feed (JSON Lines, CSV, xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.core.permissions import SYSTEM
from bashu.core.tabular import SUFFIXES, FileRefused, report_rejected, report_warned, rows_read
from bashu.jobs.services.feed import ALIASES, postings_import


class Command(BaseCommand):
    help = "导入省级招聘网站岗位数据 (import a feed of postings: JSON Lines, CSV or xlsx)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="feed name, e.g. sichuan or chongqing")
        parser.add_argument("--report", type=Path, help="write rejected rows as JSON Lines here")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"文件不存在 (no such file): {path}")
        source = options["source"].strip()
        if not source or len(source) > 32:
            raise CommandError("--source 须为 1–32 个字符 (1–32 characters)")

        if path.suffix.lower() not in SUFFIXES:
            raise CommandError(
                f"不支持的文件类型 {path.suffix}：须为 .jsonl、.csv 或 .xlsx (unsupported file type)"
            )
        try:
            report = postings_import(rows_read(path, aliases=ALIASES), source=source, by=SYSTEM)
        except FileRefused as exc:
            raise CommandError(f"{exc.message} [{exc.rule}]") from exc
        self.stdout.write(
            f"新增 created {report.created}，更新 updated {report.updated}，未变 unchanged {report.unchanged}，"
            f"拒绝 rejected {report.rejected_count}，提示 warned {report.warned_count}"
        )
        report_rejected(self.stdout.write, report, options["report"])
        report_warned(self.stdout.write, report)
