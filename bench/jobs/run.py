"""Job-zone benchmark: index build, search latency against PostgreSQL full-text search,
batch matching speed and matching quality on seekers with known truth.

Run by ``bench/jobs/run.sh`` (which creates the database and generates the data); writes a
Markdown report to bench/results/. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bashu.datagen.jobs import profiles  # noqa: E402
from bashu.datagen.models import SeekerTruth  # noqa: E402
from bashu.jobs import search  # noqa: E402
from bashu.jobs.matching.batch import BatchMatcher, without  # noqa: E402
from bashu.jobs.matching.features import seekers_features  # noqa: E402
from bashu.jobs.matching.score import model  # noqa: E402
from bashu.jobs.models import JobPosting, SeekerProfile  # noqa: E402
from bashu.jobs.selectors import posting_docs  # noqa: E402
from bashu.jobs.text import query_terms, segmented  # noqa: E402

PREFECTURES = [
    "510100",
    "500000",
    "510700",
    "511300",
    "510600",
    "511500",
    "510500",
    "511000",
    "512000",
    "511100",
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def realistic_queries(n: int, rng: random.Random) -> list[tuple[str, dict]]:
    """Titles, skills and "city + job" queries as people type them, half with filters."""
    data = profiles()
    codes = sorted(data)
    cities = ["成都", "重庆", "绵阳", "南充", "德阳", "宜宾", "泸州", "内江", ""]
    queries = []
    while len(queries) < n:
        p = data[rng.choice(codes)]
        kind = rng.random()
        if kind < 0.4:
            q = rng.choice(p["titles"])
        elif kind < 0.6:
            q = rng.choice(p["skills"])
        elif kind < 0.8:
            q = f"{rng.choice(cities)} {rng.choice(p['titles'])}".strip()
        else:
            q = f"{rng.choice(p['titles'])} {rng.choice(p['skills'])}"
        filters = {}
        if len(queries) % 2:
            roll = rng.random()
            if roll < 0.4:
                filters["region"] = rng.choice(PREFECTURES)
            elif roll < 0.7:
                filters["salary_min"] = rng.choice((5000, 6000, 8000, 10000))
            else:
                filters["region"] = rng.choice(["510000", "500000"])
                filters["salary_min"] = rng.choice((4000, 6000))
        queries.append((q, filters))
    return queries


def build_pg_fts() -> float:
    """The same segmentation in a tsvector column with a GIN index (PostgreSQL only)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_posting_fts")
        cursor.execute(
            """CREATE TABLE bench_posting_fts (
                id bigint PRIMARY KEY, region varchar(6), section varchar(1), salary_max int, status varchar(12),
                close_date date, open_date date, title text, skills text, body text)"""
        )
    # Fetch a batch, then COPY it: one connection cannot stream a query and a COPY at once.
    raw = connection.connection
    batch: list = []

    def flush() -> None:
        with (
            raw.cursor() as cursor,
            cursor.copy(
                "COPY bench_posting_fts (id, region, section, salary_max, status, close_date, open_date, title, skills, body) FROM STDIN"
            ) as copy,
        ):
            for doc in batch:
                copy.write_row(
                    (
                        doc.id,
                        doc.region,
                        doc.industry_section,
                        doc.salary_max,
                        doc.status if doc.canonical else "duplicate",
                        doc.close_date,
                        doc.open_date,
                        segmented(doc.title),
                        segmented(" ".join(doc.skills)),
                        segmented(doc.description),
                    )
                )
        batch.clear()

    last = 0
    while True:
        ids = list(
            JobPosting.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:20_000]
        )
        if not ids:
            break
        batch.extend(
            doc for doc in posting_docs(ids) if search.searchable(doc)
        )  # the same corpus as tantivy
        flush()
        last = ids[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            """ALTER TABLE bench_posting_fts ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', skills), 'B')
                || setweight(to_tsvector('simple', body), 'C')) STORED"""
        )
        cursor.execute("CREATE INDEX bench_posting_fts_tsv ON bench_posting_fts USING GIN (tsv)")
        cursor.execute(
            "CREATE INDEX bench_posting_fts_region ON bench_posting_fts (region text_pattern_ops)"
        )
        cursor.execute("ANALYZE bench_posting_fts")
    return time.perf_counter() - started


def _tsquery_part(term: str) -> str:
    tokens = [t.replace("'", "") for t in segmented(term).split()]
    tokens = [f"'{t}'" for t in tokens if t]
    return " <-> ".join(tokens)


def pg_search(q: str, filters: dict, today: dt.date, *, full: bool) -> list[int]:
    """The same query on PostgreSQL. ``full``: what the API answers (top 20, the total and the
    province, prefecture and industry facets), in one statement; otherwise the top 20 only."""
    from bashu.core.codes import region_prefix

    concepts = query_terms(q)
    parts = []
    for concept in concepts:
        alternatives = [p for p in (_tsquery_part(a) for a in concept) if p]
        if alternatives:
            parts.append("(" + " | ".join(f"({a})" for a in alternatives) + ")")
    where = ["status = 'open' AND close_date >= %s"]
    params: list = [today]
    tsquery = " & ".join(parts)
    if parts:
        where.append("tsv @@ to_tsquery('simple', %s)")
        params.append(tsquery)
    if filters.get("region"):
        where.append("region LIKE %s")
        params.append(region_prefix(filters["region"]) + "%")
    if filters.get("salary_min"):
        where.append("salary_max >= %s")
        params.append(filters["salary_min"])
    rank = "ts_rank(tsv, to_tsquery('simple', %s))" if parts else "0"
    order = "r DESC, id" if parts else "open_date DESC, id"
    matched = f"SELECT id, region, section, open_date, {rank} AS r FROM bench_posting_fts WHERE {' AND '.join(where)}"
    rank_params = [tsquery] if parts else []
    if not full:
        sql = f"SELECT id FROM ({matched}) m ORDER BY {order} LIMIT 20"
        all_params = rank_params + params
    else:
        sql = f"""WITH m AS MATERIALIZED ({matched})
            SELECT 'hit', id::text, 0 FROM (SELECT id FROM m ORDER BY {order} LIMIT 20) top
            UNION ALL SELECT 'count', '', count(*) FROM m
            UNION ALL SELECT 'p', left(region, 2), count(*) FROM m GROUP BY 2
            UNION ALL SELECT 'f', left(region, 4), count(*) FROM m GROUP BY 2
            UNION ALL SELECT 's', section, count(*) FROM m GROUP BY 2"""
        all_params = rank_params + params
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        rows = cursor.fetchall()
    if not full:
        return [row[0] for row in rows]
    return [int(row[1]) for row in rows if row[0] == "hit"]


def index_and_search(
    args: argparse.Namespace, lines: list[str], today: dt.date, rng: random.Random
) -> None:
    """Parts 1 and 2: the index build and search latency against PostgreSQL full-text."""
    # 1. Index build.
    started = time.perf_counter()
    count = search.index_rebuild(posting_docs())
    build = time.perf_counter() - started
    size = sum(f.stat().st_size for f in search.index_dir().rglob("*") if f.is_file())
    lines += [
        "## Index",
        "",
        f"- tantivy: {count:,} postings in {build:.1f} s ({count / build:,.0f}/s), {size / 2**20:.0f} MiB on disk",
    ]
    pg = connection.vendor == "postgresql"
    if pg:
        fts_build = build_pg_fts()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('bench_posting_fts')")
            fts_size = cursor.fetchone()[0]
        lines.append(
            f"- PostgreSQL full-text (same segmentation, tsvector + GIN): built in {fts_build:.1f} s, {fts_size / 2**20:.0f} MiB"
        )
    lines.append("")
    print("\n".join(lines), flush=True)

    # 2. Search latency: the API's answer (top 20 + total + facets) and the top 20 alone.
    queries = realistic_queries(args.queries, rng)
    for q, f in queries[:20]:  # warm-up, both engines
        search.search(q, search.SearchFilters(today=today, **f), limit=20)
        if pg:
            pg_search(q, f, today, full=True)
    modes = {"API answer (top 20 + total + facets)": True, "top 20 only": False}
    timings: dict[tuple[str, str, str], list[float]] = {}
    overlaps = []
    for mode, full in modes.items():
        for q, f in queries:
            key = "with filters" if f else "no filters"
            t0 = time.perf_counter()
            hits = search.search(
                q, search.SearchFilters(today=today, **f), limit=20, facets=full, count=full
            )
            timings.setdefault((mode, key, "tantivy"), []).append((time.perf_counter() - t0) * 1000)
            if pg:
                t0 = time.perf_counter()
                pg_ids = pg_search(q, f, today, full=full)
                timings.setdefault((mode, key, "PostgreSQL FTS"), []).append(
                    (time.perf_counter() - t0) * 1000
                )
                if full:
                    ours = [pid for pid, _ in hits.hits]
                    if ours or pg_ids:
                        overlaps.append(
                            len(set(ours) & set(pg_ids))
                            / max(1, min(20, max(len(ours), len(pg_ids))))
                        )
    lines += [
        "## Search latency (ms)",
        "",
        "| work | queries | engine | n | p50 | p95 | p99 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for (mode, key, engine), v in timings.items():
        lines.append(
            f"| {mode} | {key} | {engine} | {len(v)} | {percentile(v, 50):.2f} | {percentile(v, 95):.2f} | {percentile(v, 99):.2f} |"
        )
    if pg:
        lines.append("")
        for mode in modes:
            t = (
                timings[(mode, "no filters", "tantivy")]
                + timings[(mode, "with filters", "tantivy")]
            )
            p = (
                timings[(mode, "no filters", "PostgreSQL FTS")]
                + timings[(mode, "with filters", "PostgreSQL FTS")]
            )
            lines.append(
                f"- {mode}: PostgreSQL ÷ tantivy — mean {statistics.mean(p) / statistics.mean(t):.1f}×, "
                f"p50 {percentile(p, 50) / percentile(t, 50):.1f}×, p95 {percentile(p, 95) / percentile(t, 95):.1f}×, "
                f"p99 {percentile(p, 99) / percentile(t, 99):.1f}×"
            )
        lines.append(
            f"- top-20 overlap with PostgreSQL (|A∩B| ÷ size of the larger list, mean over {len(overlaps)} queries "
            f"with results): {statistics.mean(overlaps):.2f} — both apply the same filters and the same AND of "
            "synonym groups; they rank differently (BM25 with field boosts vs ts_rank with A/B/C weights)"
        )
    lines.append("")
    print("\n".join(lines[-16:]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seekers", type=int, default=10_000)
    parser.add_argument("--quality-seekers", type=int, default=2_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--note", default="")
    parser.add_argument(
        "--quality-only",
        action="store_true",
        help="only the matching quality on seekers with known truth (reuses the index)",
    )
    args = parser.parse_args()
    today = timezone.localdate()
    rng = random.Random(7)
    lines = [f"# Job-zone benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", ""]
    lines += [
        f"- machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        f"- database: {connection.vendor} {connection.cursor().connection.info.server_version if connection.vendor == 'postgresql' else ''}",
        f"- postings: {JobPosting.objects.count():,} (open today: {JobPosting.objects.filter(status='open', close_date__gte=today).count():,}); "
        f"seeker profiles: {SeekerProfile.objects.count():,}",
        f"- {args.note}",
        "",
    ]

    if not args.quality_only:
        index_and_search(args, lines, today, rng)

    # 3. Batch matching.
    t0 = time.perf_counter()
    matcher = BatchMatcher(today=today)
    load = time.perf_counter() - t0
    seekers = list(SeekerProfile.objects.order_by("id")[: args.seekers])
    features = seekers_features([s.pk for s in seekers])
    if not args.quality_only:
        t0 = time.perf_counter()
        for seeker, feature in zip(seekers, features, strict=True):
            matcher.match(feature, seeker.skills)
        elapsed = time.perf_counter() - t0
        lines += [
            "## Matching",
            "",
            f"- open postings loaded as features once: {len(matcher.features):,} in {load:.1f} s",
            f"- {len(seekers):,} seekers matched against all open postings (candidates, then the explained score): "
            f"{elapsed:.1f} s ({elapsed / max(1, len(seekers)) * 1000:.1f} ms a seeker, one process)",
            f"- peak memory (RSS) of this process: {peak_mb():,.0f} MiB",
            "",
        ]
        print("\n".join(lines[-6:]), flush=True)

    # 4. Quality on seekers with known truth.
    truth = dict(
        SeekerTruth.objects.filter(seeker_id__in=[s.pk for s in seekers]).values_list(
            "seeker_id", "occupation_id"
        )
    )
    by_key: dict[tuple[str, str], list[int]] = {}
    for pid, f in matcher.features.items():
        by_key.setdefault((f.occupation, f.place.code[:4]), []).append(pid)
    sample = [(s, f) for s, f in zip(seekers, features, strict=True) if s.pk in truth][
        : args.quality_seekers
    ]

    def relevant(seeker_feature, occupation):  # type: ignore[no-untyped-def]
        # A posting of the seeker's true occupation in their prefecture or a desired one.
        prefectures = {
            seeker_feature.place.code[:4],
            *(r[:4] for r in seeker_feature.desired_regions),
        }
        return {pid for p in prefectures for pid in by_key.get((occupation, p), ())}

    def evaluate(m) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
        recalls, ndcgs = [], []
        for s, f in sample:
            rel = relevant(f, truth[s.pk])
            if not rel:
                continue
            top = [
                x.posting_id for x in matcher.match(f, s.skills, m=m, candidates=candidates[s.pk])
            ]
            hits = [1 if pid in rel else 0 for pid in top]
            recalls.append(sum(hits) / min(10, len(rel)))
            dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
            ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
            ndcgs.append(dcg / ideal)
        return statistics.mean(recalls), statistics.mean(ndcgs), len(recalls)

    candidates = {s.pk: matcher.candidates(f, s.skills) for s, f in sample}
    recall, ndcg, n = evaluate(model())
    lines += [
        "## Matching quality (seekers with known truth)",
        "",
        f"Relevant: open postings of the seeker's true occupation in their prefecture or a desired one. "
        f"{n:,} seekers with at least one relevant posting. Profiles are noisy on purpose: 30 % name a group "
        "or a neighbouring occupation instead of the true one, and show 60–100 % of their true skills.",
        "",
        "| model | recall@10 | NDCG@10 |",
        "| --- | ---: | ---: |",
        f"| all signals ({model().version}) | {recall:.3f} | {ndcg:.3f} |",
    ]
    for signal in model().weights:
        r, g, _ = evaluate(without(signal))
        lines.append(
            f"| without `{signal}` | {r:.3f} ({r - recall:+.3f}) | {g:.3f} ({g - ndcg:+.3f}) |"
        )
    lines.append("")
    text = "\n".join(lines)
    print("\n".join(lines[-14:]), flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
