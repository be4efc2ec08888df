"""``bashu import_credentials FILE --kind title``: load an issuer's register (CSV, xlsx, JSON Lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.core.permissions import SYSTEM
from bashu.core.tabular import SUFFIXES, FileRefused, report_rejected, rows_read
from bashu.recognition.imports import ALIASES, KINDS, credentials_import


class Command(BaseCommand):
    help = "导入发证机构的证书名册 (import an issuer's register of credentials)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--report", type=Path, help="write rejected rows as JSON Lines here")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"文件不存在 (no such file): {path}")
        if path.suffix.lower() not in SUFFIXES:
            raise CommandError(
                f"不支持的文件类型 {path.suffix}：须为 .jsonl、.csv 或 .xlsx (unsupported file type)"
            )
        try:
            report = credentials_import(
                rows_read(path, aliases=ALIASES),
                kind=options["kind"],
                by=SYSTEM,
                source_name=path.name,
            )
        except FileRefused as exc:
            raise CommandError(f"{exc.message} [{exc.rule}]") from exc
        self.stdout.write(
            f"新增 created {report.created}，更新 updated {report.updated}，"
            f"撤销 revoked {report.revoked}，未变 unchanged {report.unchanged}，"
            f"拒绝 rejected {report.rejected_count}"
        )
        report_rejected(self.stdout.write, report, options["report"])
