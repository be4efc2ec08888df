"""What ``bashu audit_verify`` and ``bashu exchange_log_verify`` share: verify one chain
against its checkpoints, print where it breaks, exit non-zero on any problem."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from bashu.core.chain import ChainReport


class ChainVerifyCommand(BaseCommand):
    """Subclasses say which chain: ``report(checkpoints=...)`` returns its ``ChainReport``."""

    label: str | Promise = ""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help=_(
                "用另一份检查点文件核验（如对端保存的副本），而不是 BASHU_DATA_DIR 中的文件和对端日志"
            ),
        )

    def report(self, *, checkpoints: Path | None) -> ChainReport:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        report = self.report(checkpoints=options.get("checkpoints"))
        for refused in report.refused:
            self.stderr.write(
                _("检查点不可信：%(source)s：%(problem)s")
                % {"source": refused.source, "problem": refused.problem}
            )
        broken = report.broken
        if broken is not None:
            raise CommandError(
                f"审计链在第 {broken.seq} 条断开：{broken.problem}；此前 {report.checked} 条完好 "
                f"(chain broken at #{broken.seq}: {broken.problem})"
                if report.chain == "audit"
                else _("%(chain)s在第 %(seq)s 条断开：%(problem)s；此前 %(checked)s 条完好")
                % {
                    "chain": self.label,
                    "seq": broken.seq,
                    "problem": broken.problem,
                    "checked": report.checked,
                }
            )
        if report.refused:
            first = report.refused[0]
            raise CommandError(
                _("%(chain)s有 %(n)s 个检查点不可信，首个：%(source)s：%(problem)s")
                % {
                    "chain": self.label,
                    "n": len(report.refused),
                    "source": first.source,
                    "problem": first.problem,
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(chain)s完好，共 %(checked)s 条")
                % {"chain": self.label, "checked": report.checked}
            )
        )
        if report.anchored:
            last = max(report.anchored, key=lambda checkpoint: checkpoint.seq)
            self.stdout.write(
                _("与 %(n)s 个检查点相符，最近的是%(checkpoint)s")
                % {"n": len(report.anchored), "checkpoint": last.describe()}
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _("尚无检查点：这条链只由数据库自身担保（运行 bashu chain_checkpoint）")
                )
            )
