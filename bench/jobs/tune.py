"""Compare candidate weight sets for the matcher on generated seekers with known truth.

Usage (after bench/jobs/run.sh has generated data): python bench/jobs/tune.py
Prints recall@10 and NDCG@10 per weight set; the chosen set goes into
bashu/jobs/data/match_weights.json with the figures that justified it.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.utils import timezone  # noqa: E402

from bashu.datagen.models import SeekerTruth  # noqa: E402
from bashu.jobs import search  # noqa: E402
from bashu.jobs.matching.batch import BatchMatcher  # noqa: E402
from bashu.jobs.matching.features import seekers_features  # noqa: E402
from bashu.jobs.matching.score import model  # noqa: E402
from bashu.jobs.models import SeekerProfile  # noqa: E402
from bashu.jobs.selectors import posting_docs  # noqa: E402

CANDIDATES = {
    "v1 (initial)": {
        "occupation": 0.30,
        "skills": 0.25,
        "text": 0.10,
        "commute": 0.15,
        "salary": 0.10,
        "education": 0.05,
        "experience": 0.05,
    },
    "occupation+commute": {
        "occupation": 0.35,
        "skills": 0.10,
        "text": 0.10,
        "commute": 0.30,
        "salary": 0.05,
        "education": 0.05,
        "experience": 0.05,
    },
    "commute-heavy": {
        "occupation": 0.30,
        "skills": 0.10,
        "text": 0.05,
        "commute": 0.40,
        "salary": 0.05,
        "education": 0.05,
        "experience": 0.05,
    },
    "balanced": {
        "occupation": 0.30,
        "skills": 0.15,
        "text": 0.10,
        "commute": 0.30,
        "salary": 0.05,
        "education": 0.05,
        "experience": 0.05,
    },
    "no-skills": {
        "occupation": 0.35,
        "skills": 0.0,
        "text": 0.10,
        "commute": 0.35,
        "salary": 0.10,
        "education": 0.05,
        "experience": 0.05,
    },
}


def main() -> None:
    today = timezone.localdate()
    search.index_rebuild(posting_docs())
    matcher = BatchMatcher(today=today)
    truth = dict(SeekerTruth.objects.values_list("seeker_id", "occupation_id"))
    seekers = list(SeekerProfile.objects.filter(pk__in=list(truth)).order_by("id")[:3000])
    features = seekers_features([s.pk for s in seekers])
    by_key: dict[tuple[str, str], set[int]] = {}
    for pid, f in matcher.features.items():
        by_key.setdefault((f.occupation, f.place.code[:4]), set()).add(pid)
    sample = []
    for s, f in zip(seekers, features, strict=True):
        prefectures = {f.place.code[:4], *(r[:4] for r in f.desired_regions)}
        rel = set().union(*(by_key.get((truth[s.pk], p), set()) for p in prefectures))
        if rel:
            sample.append((s, f, rel, matcher.candidates(f, s.skills)))
    for name, weights in CANDIDATES.items():
        m = replace(model(), weights=weights)
        recalls, ndcgs = [], []
        for s, f, rel, cands in sample:
            top = [x.posting_id for x in matcher.match(f, s.skills, m=m, candidates=cands)]
            hits = [1 if pid in rel else 0 for pid in top]
            recalls.append(sum(hits) / min(10, len(rel)))
            ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
            ndcgs.append(sum(h / math.log2(i + 2) for i, h in enumerate(hits)) / ideal)
        print(
            f"{name:22s} recall@10 {statistics.mean(recalls):.3f}  NDCG@10 {statistics.mean(ndcgs):.3f}  (n={len(sample)})"
        )


if __name__ == "__main__":
    main()
