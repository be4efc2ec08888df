"""The report of ``bench/jobs/match_all.sh``: the run's figures (its log, ``/usr/bin/time``,
the memory samples) and the known-truth quality of the rankings it wrote.

Quality as in ``bench/jobs/run.py``: relevant = open postings of the seeker's true
occupation in their prefecture or a desired one; recall@10 and NDCG@10 of the first ten
postings of each written ranking, over seekers with known truth and a relevant posting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import statistics
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bashu.datagen.models import SeekerTruth  # noqa: E402
from bashu.jobs.matching.nightly import ranking_decode  # noqa: E402
from bashu.jobs.models import JobPosting, NightlyRanking, SeekerProfile  # noqa: E402
from bashu.jobs.selectors import open_postings  # noqa: E402

TARGET_MINUTES = 30
TARGET_RECALL = 0.897


def quality(limit: int) -> tuple[float, float, int, int]:
    """recall@10, NDCG@10, seekers measured, seekers with truth and a ranking looked at."""
    today = timezone.localdate()
    by_key: dict[tuple[str, str], set[int]] = {}
    for pid, occupation, region in (
        open_postings(today)
        .values_list("id", "occupation_id", "region_id")
        .iterator(chunk_size=50_000)
    ):
        by_key.setdefault((occupation, region[:4]), set()).add(pid)
    truth = SeekerTruth.objects.filter(seeker__nightly_ranking__isnull=False).order_by("seeker_id")
    recalls, ndcgs, looked = [], [], 0
    ids = list(truth.values_list("seeker_id", "occupation_id")[:limit])
    for start in range(0, len(ids), 5000):
        part = dict(ids[start : start + 5000])
        places = {
            pk: (region, desired)
            for pk, region, desired in SeekerProfile.objects.filter(pk__in=part).values_list(
                "id", "region_id", "desired_regions"
            )
        }
        for seeker_id, document in NightlyRanking.objects.filter(seeker_id__in=part).values_list(
            "seeker_id", "matches"
        ):
            looked += 1
            region, desired = places[seeker_id]
            prefectures = {region[:4], *(r[:4] for r in desired)}
            relevant = set().union(*(by_key.get((part[seeker_id], p), set()) for p in prefectures))
            if not relevant:
                continue
            top = [m.posting_id for m in ranking_decode(seeker_id, document)[:10]]
            hits = [1 if pid in relevant else 0 for pid in top]
            recalls.append(sum(hits) / min(10, len(relevant)))
            dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
            ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
            ndcgs.append(dcg / ideal)
    if not recalls:
        return 0.0, 0.0, 0, looked
    return statistics.mean(recalls), statistics.mean(ndcgs), len(recalls), looked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--time", type=Path, required=True)
    parser.add_argument("--memory", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--note", default="")
    parser.add_argument("--quality-seekers", type=int, default=50_000)
    args = parser.parse_args()

    log = args.log.read_text(encoding="utf-8").splitlines()
    final = next((line for line in reversed(log) if line.startswith("完成")), "(no final line)")
    wall, peak_kib = args.time.read_text(encoding="utf-8").split()[-2:]
    samples = (
        [
            tuple(int(x) for x in line.split())
            for line in args.memory.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        if args.memory.exists()
        else []
    )
    peak_rss = max((s[1] for s in samples), default=0) / 1024
    peak_pss = max((s[2] for s in samples), default=0) / 1024
    recall, ndcg, n, looked = quality(args.quality_seekers)
    today = timezone.localdate()
    minutes = float(wall) / 60
    lines = [
        f"# Nightly matching at scale — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"load average at the end {os.getloadavg()[0]:.1f}",
        f"- database: {connection.vendor}; postings {JobPosting.objects.count():,} (open today "
        f"{open_postings(today).count():,}); seeker profiles {SeekerProfile.objects.count():,}; "
        f"nightly rankings {NightlyRanking.objects.count():,}",
        f"- run: `{args.note}`",
        "",
        "## Run",
        "",
        f"- {final}",
        f"- wall (`/usr/bin/time`): {float(wall):,.1f} s ({minutes:.1f} min); its peak RSS "
        f"(the largest single process): {int(peak_kib) / 1024:,.0f} MiB",
        f"- memory of the whole process tree, sampled every 5 s: peak RSS sum {peak_rss:,.0f} MiB "
        f"(shared pages counted in each process), peak PSS sum {peak_pss:,.0f} MiB (shared "
        "pages counted once: what the machine gave)",
        "",
        "Progress (every 20th line of the log):",
        "",
        "```",
        *[line for i, line in enumerate(log) if i % 20 == 0 and not line.startswith("完成")],
        "```",
        "",
        "## Quality of the written rankings (seekers with known truth)",
        "",
        "Relevant: open postings of the seeker's true occupation in their prefecture or a "
        "desired one (as bench/jobs/run.py); the first ten postings of each written ranking.",
        "",
        f"- {looked:,} seekers with truth and a ranking looked at, {n:,} with a relevant posting",
        f"- recall@10 {recall:.3f}, NDCG@10 {ndcg:.3f}",
        "",
        "## Against the targets",
        "",
        "| target | result |",
        "| --- | --- |",
        f"| every seeker in ≤ {TARGET_MINUTES} min on 2 cores | "
        f"{'met' if minutes <= TARGET_MINUTES else '**not met**'}: {minutes:.1f} min |",
        f"| recall@10 ≥ {TARGET_RECALL} | "
        f"{'met' if recall >= TARGET_RECALL else '**not met**'}: {recall:.3f} |",
        "",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
