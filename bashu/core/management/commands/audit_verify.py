"""``bashu audit_verify``: check the audit chain and its checkpoints; exit non-zero at the
first break or on a checkpoint that cannot be trusted."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bashu.core.audit import audit_report
from bashu.core.chain import ChainReport
from bashu.core.management.chaincommand import ChainVerifyCommand


class Command(ChainVerifyCommand):
    help = "校验审计日志哈希链 (verify the hash-chained audit log)"
    label = _("审计日志")

    def report(self, *, checkpoints: Path | None) -> ChainReport:
        return audit_report(checkpoints=checkpoints)
