"""``bashu exchange_log_verify``: check the exchange log's chain and its checkpoints; exit
non-zero at the first break or on a checkpoint that cannot be trusted."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bashu.core.chain import ChainReport
from bashu.core.management.chaincommand import ChainVerifyCommand
from bashu.transfers.exchange import EXCHANGE_CHAIN


class Command(ChainVerifyCommand):
    help = "校验跨区域交换日志哈希链 (verify the hash-chained exchange log)"
    label = _("交换日志")

    def report(self, *, checkpoints: Path | None) -> ChainReport:
        return EXCHANGE_CHAIN.verify(path=checkpoints)
