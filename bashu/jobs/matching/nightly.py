"""Nightly rankings (每晚推荐): every seeker matched against all open postings in one run
(``bashu match_all``), one row per seeker written per chunk (docs/adr/0016-nightly-matching.md).

The open postings' features are loaded once, in the parent (:class:`BatchMatcher`); the
workers are forked after that, so they share the features copy-on-write, and each opens its
own database connection and search index. A worker takes a chunk of seeker ids, reads their
features and applications, ranks, and replaces the chunk's rankings in one transaction: a
seeker has exactly one ranking, from one run, and a failed chunk leaves the previous ones.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import resource
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

from bashu.jobs.matching.batch import BatchMatcher
from bashu.jobs.matching.features import seekers_features
from bashu.jobs.matching.score import Match, model
from bashu.jobs.models import Application, NightlyRanking, SeekerProfile

#: Postings kept per seeker: the ten a dashboard shows and ``engine.SPARE`` more, so that
#: those applied to or closed during the day can be left out without ranking again.
NIGHTLY_LENGTH = 20
#: Rows per INSERT statement (a row is a few kB of JSON).
WRITE_BATCH = 500


def ranking_encode(matches: list[Match]) -> dict[str, Any]:
    """Matches as one compact document: the signal and reason names once, values as lists."""
    signals = list(matches[0].signals) if matches else []
    reasons = list(matches[0].reasons) if matches else []
    return {
        "signals": signals,
        "reasons": reasons,
        "matches": [
            [
                m.posting_id,
                m.score,
                [m.signals.get(name) for name in signals],
                [m.reasons.get(name) for name in reasons],
            ]
            for m in matches
        ],
    }


def ranking_decode(seeker_id: int, document: dict[str, Any]) -> list[Match]:
    """The matches of :func:`ranking_encode`'s document, as they were ranked."""
    signals = document.get("signals") or []
    reasons = document.get("reasons") or []
    return [
        Match(
            seeker_id=seeker_id,
            posting_id=posting_id,
            score=score,
            signals=dict(zip(signals, signal_values, strict=True)),
            reasons=dict(zip(reasons, reason_values, strict=True)),
        )
        for posting_id, score, signal_values, reason_values in document.get("matches") or []
    ]


def nightly_ranking_get(seeker: SeekerProfile, *, length: int) -> list[Match] | None:
    """The seeker's nightly ranking if it can stand for a live one of ``length`` postings: made
    today, after the profile's last change, by the model in force, and long enough; else
    ``None`` (rank live). One indexed read. Postings applied to or closed since the run are
    still in it: the caller leaves them out."""
    if length > NIGHTLY_LENGTH:
        return None
    row = (
        NightlyRanking.objects.filter(seeker_id=seeker.pk)
        .values_list("computed_at", "model_version", "matches")
        .first()
    )
    if row is None:
        return None
    computed_at, version, document = row
    if (
        computed_at <= seeker.updated_at
        or timezone.localdate(computed_at) != timezone.localdate()
        or version != model().version
    ):
        return None
    return ranking_decode(seeker.pk, document)


def rankings_write(rankings: dict[int, list[Match]], *, computed_at: dt.datetime) -> int:
    """Replace the rankings of the seekers in ``rankings`` (each seeker's previous one, if any,
    in the same transaction: readers see the old or the new, never none or two). Returns the
    rows written."""
    version = model().version
    rows = [
        NightlyRanking(
            seeker_id=seeker_id,
            computed_at=computed_at,
            model_version=version,
            matches=ranking_encode(matches),
        )
        for seeker_id, matches in rankings.items()
    ]
    with transaction.atomic():
        NightlyRanking.objects.bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["seeker"],
            update_fields=["computed_at", "model_version", "matches"],
        )
    return len(rows)


def chunk_rank(matcher: BatchMatcher, seeker_ids: list[int]) -> dict[int, list[Match]]:
    """The best ``NIGHTLY_LENGTH`` open postings for each seeker of a chunk, never one the
    seeker applied to (two queries for the chunk: features, applications)."""
    applied: dict[int, set[int]] = defaultdict(set)
    for seeker_id, posting_id in Application.objects.filter(seeker_id__in=seeker_ids).values_list(
        "seeker_id", "posting_id"
    ):
        applied[seeker_id].add(posting_id)
    rankings: dict[int, list[Match]] = {}
    for features in seekers_features(seeker_ids):
        skills = sorted(features.skills)
        done = applied.get(features.id, set())
        pool = [pid for pid in matcher.candidates(features, skills) if pid not in done]
        rankings[features.id] = matcher.match(
            features, skills, limit=NIGHTLY_LENGTH, candidates=pool
        )
    return rankings


# --- the run ---------------------------------------------------------------------------------


def _memory_mb() -> tuple[float, float]:
    """This process's peak RSS and current PSS (its share of pages shared with others), MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pss = 0.0
    try:
        with Path("/proc/self/smaps_rollup").open(encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                    break
    except OSError:  # not Linux: PSS unknown
        pass
    return peak, pss


@dataclass
class ChunkDone:
    pid: int
    seekers: int
    matches: int
    skipped: int
    seconds: float
    peak_rss_mb: float
    pss_mb: float


# Set in the parent before the workers are forked; read by them (copy-on-write).
_MATCHER: BatchMatcher | None = None
_COMPUTED_AT: dt.datetime | None = None
_DEADLINE: float = 0.0


def _chunk_run(seeker_ids: list[int]) -> ChunkDone:
    if _MATCHER is None or _COMPUTED_AT is None:
        raise RuntimeError("match_all sets the matcher before ranking a chunk")
    started = time.monotonic()
    if started > _DEADLINE:  # bounded: past the deadline, chunks are skipped, not ranked
        peak, pss = _memory_mb()
        return ChunkDone(os.getpid(), 0, 0, len(seeker_ids), 0.0, peak, pss)
    rankings = chunk_rank(_MATCHER, seeker_ids)
    rankings_write(rankings, computed_at=_COMPUTED_AT)
    peak, pss = _memory_mb()
    return ChunkDone(
        os.getpid(),
        len(rankings),
        sum(len(m) for m in rankings.values()),
        0,
        time.monotonic() - started,
        peak,
        pss,
    )


@dataclass
class MatchAllReport:
    seekers: int = 0
    matches: int = 0
    skipped: int = 0
    postings: int = 0
    workers: int = 1
    load_seconds: float = 0.0
    wall_seconds: float = 0.0
    parent_peak_rss_mb: float = 0.0
    #: pid → (peak RSS, last PSS) in MiB; the parent's own entry when it ranked alone.
    worker_memory: dict[int, tuple[float, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seekers": self.seekers,
            "matches": self.matches,
            "skipped": self.skipped,
            "postings": self.postings,
            "workers": self.workers,
            "load_seconds": round(self.load_seconds, 1),
            "wall_seconds": round(self.wall_seconds, 1),
            "parent_peak_rss_mb": round(self.parent_peak_rss_mb),
            "worker_peak_rss_mb": [round(p) for p, _ in self.worker_memory.values()],
            "worker_pss_mb": [round(s) for _, s in self.worker_memory.values()],
        }


def _connections_drop() -> None:
    for each in connections.all(initialized_only=True):
        each.close()
        close_pool = getattr(each, "close_pool", None)  # PostgreSQL with a pool
        if close_pool is not None:
            close_pool()


def seeker_chunks(*, limit: int | None, chunk: int) -> list[list[int]]:
    """Every seeker profile's id (the first ``limit`` by id), in chunks of ``chunk``."""
    ids = SeekerProfile.objects.order_by("id").values_list("id", flat=True)
    found = list(ids[:limit] if limit else ids)
    return [found[i : i + chunk] for i in range(0, len(found), chunk)]


def match_all(
    *,
    workers: int = 2,
    limit: int | None = None,
    chunk: int = 5000,
    max_seconds: float = 3 * 3600,
    progress: Callable[[MatchAllReport, int], None] | None = None,
) -> MatchAllReport:
    """Rank every seeker (the first ``limit``) and replace their nightly rankings, ``chunk``
    seekers per transaction, on ``workers`` forked processes (one, in this process, on
    SQLite: it takes one writer at a time). Chunks not begun within ``max_seconds`` are
    skipped (counted in ``skipped``): their seekers keep yesterday's ranking, which the
    dashboards then no longer read. ``progress(report, total)`` after each chunk."""
    global _MATCHER, _COMPUTED_AT, _DEADLINE
    started = time.monotonic()
    report = MatchAllReport()
    chunks = seeker_chunks(limit=limit, chunk=chunk)
    total = sum(len(c) for c in chunks)
    if connection.vendor != "postgresql":
        workers = 1
    report.workers = workers = max(1, min(workers, len(chunks) or 1))
    _MATCHER = BatchMatcher(today=timezone.localdate())
    report.postings = len(_MATCHER.features)
    report.load_seconds = time.monotonic() - started
    _COMPUTED_AT = timezone.now()
    _DEADLINE = started + max_seconds

    def done(result: ChunkDone) -> None:
        report.seekers += result.seekers
        report.matches += result.matches
        report.skipped += result.skipped
        report.worker_memory[result.pid] = (result.peak_rss_mb, result.pss_mb)
        if progress is not None:
            report.wall_seconds = time.monotonic() - started
            progress(report, total)

    try:
        if workers == 1:
            for ids in chunks:
                done(_chunk_run(ids))
        else:
            # The children must not share the parent's database sockets (nor its pool, whose
            # threads a fork does not copy); the features are frozen out of the collector's
            # reach, so that its passes do not copy their pages.
            _connections_drop()
            gc.collect()
            gc.freeze()
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                for result in pool.imap_unordered(_chunk_run, chunks):
                    done(result)
            gc.unfreeze()
    finally:
        _MATCHER = None
    report.wall_seconds = time.monotonic() - started
    report.parent_peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report
