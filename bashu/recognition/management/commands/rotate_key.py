"""``bashu rotate_key --region 510000``: start a new signing key; the old one stays published."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.core.models import Region
from bashu.recognition.keys import key_rotate


class Command(BaseCommand):
    help = "轮换省级签名密钥 (rotate a province's signing key)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="province code, e.g. 510000")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"]
        if not region.endswith("0000") or not Region.objects.filter(code=region).exists():
            raise CommandError(f"须为省级区划代码，如 510000 (a province code): {region}")
        key = key_rotate(region=region)
        self.stdout.write(
            f"新密钥 new key {key.kid}；此前密钥已停用但仍公布 (old keys stay published)"
        )
