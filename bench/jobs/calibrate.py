"""Calibrate the displayed match percentage (匹配度) on seekers with known truth.

A recommendation's raw score is a weighted sum of signals; shown as a percentage it reads
as "how likely is this job right for me", which it is not: at 88 % with three skills
missing, a seeker expects nearly nine in ten such jobs to fit. This ranks open postings for
generated seekers whose true occupation is known (``datagen_seekertruth``), exactly as their
dashboard does (``bashu.jobs.matching.engine``), and records for every shown recommendation
its raw score and whether it is relevant — a posting of the seeker's true occupation in
their prefecture or a desired one (the definition of bench/jobs/run.py). An isotonic fit
(pool-adjacent-violators, written here: a bench-only dependency-free 20 lines) on two thirds of the seekers maps raw score to the observed share
of relevant recommendations; the other third checks it (reliability per band, expected
calibration error). With ``--write`` the fitted points go into ``match_weights.json``
(``calibration``), which the pages read (``score.shown_percent``).

Usage (any database made by ``bashu generate``, e.g. the load test's):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_load_10m \\
    BASHU_DATA_DIR=/work/bashu-load-data/10m .venv/bin/python bench/jobs/calibrate.py \\
        --seekers 3000 [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from bashu.datagen.models import SeekerTruth  # noqa: E402
from bashu.jobs.matching.engine import _rank_postings  # noqa: E402
from bashu.jobs.matching.score import DATA, model, shown_percent  # noqa: E402
from bashu.jobs.models import JobPosting, SeekerProfile  # noqa: E402

BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def observations(seekers: list[SeekerProfile], truth: dict[int, str]) -> list[tuple[float, int]]:
    """(raw score, relevant 0/1) of every recommendation shown to ``seekers``."""
    found: list[tuple[float, int]] = []
    for seeker in seekers:
        matches = _rank_postings(seeker, limit=10)
        if not matches:
            continue
        where = dict(
            JobPosting.objects.filter(pk__in=[m.posting_id for m in matches]).values_list(
                "pk", "region_id"
            )
        )
        jobs = dict(
            JobPosting.objects.filter(pk__in=[m.posting_id for m in matches]).values_list(
                "pk", "occupation_id"
            )
        )
        prefectures = {seeker.region_id[:4], *(r[:4] for r in seeker.desired_regions or [])}
        for m in matches:
            relevant = jobs.get(m.posting_id) == truth[seeker.pk] and any(
                where.get(m.posting_id, "").startswith(p) for p in prefectures
            )
            found.append((m.score, int(relevant)))
    return found


def isotonic(points: list[tuple[float, int]]) -> list[tuple[float, float]]:
    """Pool adjacent violators: a non-decreasing step function from score to the share
    relevant, as (mean score of a block, share of the block) pairs."""
    blocks: list[list[float]] = []  # [sum of scores, sum of outcomes, count]
    for score, outcome in sorted(points):
        blocks.append([score, float(outcome), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            s, o, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += o
            blocks[-1][2] += n
    return [(s / n, o / n) for s, o, n in blocks]


def thin(steps: list[tuple[float, float]], *, most: int = 12) -> list[tuple[float, float]]:
    """At most ``most`` points, evenly by score, keeping the ends (the pages interpolate)."""
    if len(steps) <= most:
        return steps
    picked = [steps[round(i * (len(steps) - 1) / (most - 1))] for i in range(most)]
    return sorted(set(picked))


def shown(points: list[tuple[float, float]], score: float) -> float:
    """What the page would show for ``score`` with these points in force."""
    return shown_percent(score, replace(model(), calibration=tuple(points))) / 100


def reliability(
    rows: list[tuple[float, int]], display: object
) -> tuple[list[tuple[str, int, float, float]], float]:
    """Per band of the *displayed* value: count, mean displayed, share relevant; and the
    expected calibration error (weighted mean gap)."""
    table, gap = [], 0.0
    for low, high in BANDS:
        band = [(display(s), y) for s, y in rows if low <= display(s) < high]  # type: ignore[operator]
        if not band:
            continue
        mean_shown = sum(d for d, _ in band) / len(band)
        share = sum(y for _, y in band) / len(band)
        gap += len(band) * abs(mean_shown - share)
        table.append((f"{low:.0%}–{min(high, 1):.0%}", len(band), mean_shown, share))
    return table, gap / max(1, len(rows))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seekers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--write", action="store_true", help="write the points to match_weights.json"
    )
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    truth = dict(SeekerTruth.objects.values_list("seeker_id", "occupation_id")[: args.seekers * 5])
    ids = sorted(truth)
    random.Random(args.seed).shuffle(ids)
    ids = ids[: args.seekers]
    seekers = list(SeekerProfile.objects.filter(pk__in=ids))
    random.Random(args.seed).shuffle(seekers)
    cut = len(seekers) * 2 // 3
    t0 = time.perf_counter()
    fit_rows = observations(seekers[:cut], truth)
    check_rows = observations(seekers[cut:], truth)
    elapsed = time.perf_counter() - t0
    points = thin([(round(x, 4), round(y, 4)) for x, y in isotonic(fit_rows)])

    raw_table, raw_ece = reliability(check_rows, lambda s: s)
    cal_table, cal_ece = reliability(check_rows, lambda s: shown(points, s))
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    lines = [
        f"# Match percentage (匹配度) calibrated on seekers with known truth — {today}",
        "",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        f"- database: {os.environ.get('DATABASE_URL', '').rsplit('/', 1)[-1]} (bashu generate, seed 1)",
        f"- model: {model().version}; seekers: {len(seekers):,} with known truth, {cut:,} to fit and "
        f"{len(seekers) - cut:,} to check; recommendations: {len(fit_rows):,} and {len(check_rows):,}; "
        f"ranked as the dashboard does in {elapsed:.0f} s",
        "- relevant: a posting of the seeker's true occupation in their prefecture or a desired one",
        "",
        "## Held-out seekers: what the page shows against what turned out relevant",
        "",
        "| shown | recommendations | mean shown before | relevant | mean shown after | relevant |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    after = {band: (n, m, r) for band, n, m, r in cal_table}
    for band, n, mean_shown, share in raw_table:
        lines.append(f"| raw {band} | {n:,} | {mean_shown:.0%} | {share:.0%} | | |")
    for band, (n, mean_shown, share) in after.items():
        lines.append(f"| calibrated {band} | {n:,} | | | {mean_shown:.0%} | {share:.0%} |")
    lines += [
        "",
        f"Expected calibration error on the held-out third: raw score as a percentage {raw_ece:.3f}, "
        f"calibrated {cal_ece:.3f}.",
        "",
        "## Points (raw score → share relevant), fitted on the other two thirds",
        "",
        "| raw score | shown |",
        "| ---: | ---: |",
        *(f"| {x:.3f} | {y:.0%} |" for x, y in points),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    output = args.output or Path(f"bench/results/match-calibration-{today}.md")
    output.write_text(text + "\n", encoding="utf-8")
    if args.write:
        path = DATA / "match_weights.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["calibration"] = {
            "source": f"bench/jobs/calibrate.py on {len(seekers):,} generated seekers with known truth "
            f"({today}, model {model().version}); see {output.as_posix()}",
            "points": [[x, y] for x, y in points],
        }
        path.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
