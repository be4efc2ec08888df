"""``bashu backup --to DIR``: the database and BASHU_DATA_DIR, with a manifest of sha256s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bashu.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库和数据目录 (back up the database and BASHU_DATA_DIR)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(target=options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for part in manifest.parts:
            self.stdout.write(f"  {part.name}  {part.bytes:,} B  sha256 {part.sha256}")
        self.stdout.write(
            self.style.SUCCESS(
                _("备份完成：%(path)s（manifest.json 的 sha256：%(sha)s）")
                % {"path": Path(options["to"]).resolve(), "sha": manifest.sha256}
            )
        )
