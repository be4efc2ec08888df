"""``bashu generate --scale S --seed N``: calibrated synthetic data, streamed in chunks."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from bashu.datagen.generate import generate
from bashu.datagen.plan import make_plan


class Command(BaseCommand):
    help = "生成校准的合成数据 (generate calibrated synthetic data; --scale 1.0 is real size)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=0.001, help="1.0 = the real size (67M persons)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--chunk-size", type=int, default=20_000)
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--jobs-scale",
            type=float,
            default=None,
            help="size the job zone separately (benchmarks: 1.0 with persons at a smaller scale)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale, seed = options["scale"], options["seed"]
        if not 0 < scale <= 1.0:
            raise CommandError("--scale 须在 (0, 1] 之间 (scale must be in (0, 1])")
        try:
            plan = make_plan(scale=scale, seed=seed, chunk_size=options["chunk_size"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"生成 {plan.persons:,} 人、{plan.employers:,} 家单位 (scale={scale}, seed={seed}, "
            f"{plan.person_chunks} chunks)"
        )
        bar = tqdm(total=plan.persons, unit="人", disable=options["no_progress"], mininterval=1.0)
        try:
            run = generate(
                scale=scale,
                seed=seed,
                chunk_size=options["chunk_size"],
                progress=bar.update,
                jobs_scale=options["jobs_scale"],
            )
        finally:
            bar.close()
        if run.rows_written.get("other") or run.rows_written.get("cq2021"):
            call_command("reindex_jobs", no_progress=options["no_progress"], stdout=self.stdout)
        total = sum(run.rows_written.values())
        rate = total / run.seconds if run.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"完成 done: {run.rows_written} — {total:,} rows in {run.seconds:.1f}s ({rate:,.0f} rows/s)"
            )
        )
