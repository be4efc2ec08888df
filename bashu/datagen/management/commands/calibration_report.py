"""``bashu calibration_report``: the published figures beside the generated ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bashu.datagen.models import GenerationRun
from bashu.datagen.report import calibration_markdown, calibration_measure


class Command(BaseCommand):
    help = "对照发布数字核对合成数据 (compare generated data with the published figures)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, help="default: the scale of the last finished run"
        )
        parser.add_argument(
            "--jobs-scale", type=float, help="the job zone's scale, if generated apart"
        )
        parser.add_argument(
            "--tolerance", type=float, default=0.01, help="fail if any figure deviates more"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale is None:
            run = (
                GenerationRun.objects.filter(status=GenerationRun.Status.DONE)
                .order_by("-finished_at")
                .first()
            )
            if run is None:
                raise CommandError("尚未生成数据 (no finished generation run); pass --scale")
            scale = float(run.scale)
        rows = calibration_measure(scale=scale, jobs_scale=options.get("jobs_scale"))
        self.stdout.write(calibration_markdown(rows, scale=scale))
        worst = max(rows, key=lambda r: r.deviation)
        if worst.deviation > options["tolerance"]:
            raise CommandError(
                f"{worst.key} 偏差 {worst.deviation:.2%} 超过容差 (deviation above tolerance)"
            )
