"""``bashu load_reference``: make the reference tables equal to the shipped files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from bashu.core.reference import load_reference


class Command(BaseCommand):
    help = "载入参考数据（区划、行业、职业、职称、技能等级、学历） (load reference data)"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            report = load_reference()
        for label, created in report.created.items():
            stale = report.stale.get(label, [])
            self.stdout.write(
                f"{label}: +{created} ~{report.updated.get(label, 0)}"
                + (
                    f" (不在文件中但保留 kept though not in file: {', '.join(stale[:10])})"
                    if stale
                    else ""
                )
            )
