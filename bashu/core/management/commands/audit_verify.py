"""``bashu audit_verify``: check the audit chain; exit non-zero at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bashu.core.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链 (verify the hash-chained audit log)"

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"审计链在第 {broken.seq} 条断开：{broken.problem}；此前 {checked} 条完好 "
                f"(chain broken at #{broken.seq}: {broken.problem})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"审计链完好，共 {checked} 条 (audit chain intact: {checked} entries)"
            )
        )
