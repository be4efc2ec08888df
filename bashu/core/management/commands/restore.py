"""``bashu restore --from DIR``: verify a backup, then replace the database and BASHU_DATA_DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bashu.core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "校验备份并用它替换数据库和数据目录；请先停止服务 "
        "(verify a backup, then replace the database and BASHU_DATA_DIR; stop the server first)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument(
            "--manifest-sha256", help="the manifest's sha256 printed by bashu backup, if recorded"
        )
        parser.add_argument(
            "--verify-only", action="store_true", help="check the backup, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            if options["verify_only"]:
                manifest = backup_verify(
                    source=source.resolve(), manifest_sha256=options["manifest_sha256"]
                )
                message = _("备份完好：%(path)s（%(created)s）")
            else:
                manifest = backup_restore(source=source, manifest_sha256=options["manifest_sha256"])
                message = _("已从 %(path)s 恢复（备份时间 %(created)s）")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(message % {"path": source.resolve(), "created": manifest.created_at})
        )
