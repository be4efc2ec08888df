"""``bashu chain_checkpoint``: anchor every hash-chained log outside the database.

For each chain (audit, exchange, …) whose head moved since its last checkpoint: check that
the entries since then extend it, sign (chain, seq, hash, time) with the node key, append
the record to ``BASHU_DATA_DIR/checkpoints/<chain>.jsonl`` and send it to the peer region's
log. Meant to run periodically (a scheduled task); exits non-zero if a chain was rewritten
since its last checkpoint or its checkpoint file cannot be trusted.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bashu.core.chain import ChainError, chains, checkpoint_write


class Command(BaseCommand):
    help = "为各哈希链日志写入签名检查点 (sign and record a checkpoint of every chain's head)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--chain", action="append", help=_("只为这条链写检查点（可重复）：audit、exchange")
        )
        parser.add_argument("--force", action="store_true", help=_("链头未动也写一个检查点"))

    def handle(self, *args: Any, **options: Any) -> None:
        known = chains()
        names = options.get("chain") or list(known)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise CommandError(
                _("没有这条链：%(names)s（已有：%(known)s）")
                % {"names": ", ".join(unknown), "known": ", ".join(known)}
            )
        failures: list[str] = []
        for name in names:
            chain = known[name]
            try:
                checkpoint = checkpoint_write(chain, force=options["force"])
            except ChainError as exc:
                failures.append(
                    _("%(chain)s未写检查点：%(problem)s") % {"chain": chain.label, "problem": exc}
                )
                continue
            if checkpoint is None:
                self.stdout.write(
                    _("%(chain)s自上一个检查点以来没有新记录") % {"chain": chain.label}
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("%(chain)s检查点：第 %(seq)s 条，哈希 %(hash)s，已写入 %(path)s")
                        % {
                            "chain": chain.label,
                            "seq": checkpoint.seq,
                            "hash": checkpoint.hash[:16],
                            "path": checkpoint.source,
                        }
                    )
                )
        if failures:
            raise CommandError("\n".join(failures))
