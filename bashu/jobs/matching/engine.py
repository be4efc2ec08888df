"""Running the matcher over the database: candidates first, then the explained score.

Both directions read a bounded number of candidates through an index (the search index for
postings, :class:`~bashu.jobs.models.TalentRow` for seekers) and their features as columns
(``features.py``), so a dashboard costs the same at 100 thousand and at 10 million profiles.

A ranking is kept for a few minutes (``MATCHES_FOR``) in the "matches" cache, keyed
by the profile or posting and its last change: a person reloading their dashboard, or moving
between it and a posting, does not pay for the ranking again, and a change to the profile or
posting ranks afresh at once. Postings opened meanwhile wait for the next ranking, as they
would for a nightly one (docs/adr/0013-cached-matches.md). A seeker's nightly ranking
(``nightly.py``, docs/adr/0016-nightly-matching.md) is read first, when it is fresh.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone

from bashu.core.models import Occupation
from bashu.jobs import search as index
from bashu.jobs.matching.features import postings_features, seekers_features
from bashu.jobs.matching.nightly import nightly_ranking_get
from bashu.jobs.matching.score import Match, rank, rank_seekers
from bashu.jobs.models import Application, JobPosting, SeekerProfile, TalentRow, talent_place

CANDIDATES = 300
# Seekers for a posting: the most recently updated of the posting's place, then of anywhere.
TALENT_NEARBY = 200
TALENT_ANYWHERE = 100
#: How long a ranking is reused (seconds).
MATCHES_FOR = 300
#: A seeker's kept ranking holds this many more postings than shown, so that those applied to
#: or closed since it was made can be left out without ranking again.
SPARE = 10


def _kept(key: str, compute: Callable[[], list[Match]]) -> list[Match]:
    """The kept ranking under ``key``, else ``compute()`` kept for ``MATCHES_FOR`` give or take
    a fifth, at random: rankings made together (a morning's first visits, a server's first
    minutes) do not all expire, and cost again, in the same second."""
    cache = caches["matches"]
    found: list[Match] | None = cache.get(key)
    if found is None:
        found = compute()
        spread = MATCHES_FOR // 5
        cache.set(key, found, MATCHES_FOR + random.randint(-spread, spread))  # noqa: S311 - not a secret
    return found


def _seeker_query(seeker: SeekerProfile) -> str:
    names = list(
        Occupation.objects.filter(code__in=seeker.desired_occupations).values_list(
            "name", flat=True
        )
    )
    return " ".join([*names, *seeker.skills])


def matches_for_seeker(seeker: SeekerProfile, *, limit: int = 10) -> list[Match]:
    """Open postings ranked for a seeker, each with its reasons, never one the seeker has
    applied to or one closed or expired since it was ranked: tonight's ranking
    (``bashu match_all``) while it is from today and newer than the profile, else a live
    ranking kept for ``MATCHES_FOR``.

    Candidates: the search index's best postings for the seeker's occupations and skills,
    plus postings of the desired occupations' groups, less those applied to; the matcher then
    ranks them all. The kept ranking holds ``SPARE`` more than asked, and each read leaves out
    what was applied to or closed meanwhile (one indexed query), so an application made a
    minute ago does not stay on top of the list.
    """
    ranked = nightly_ranking_get(seeker, length=limit + SPARE)
    if ranked is None:
        today = timezone.localdate()
        key = f"seeker:{seeker.pk}:{seeker.updated_at.timestamp()}:{today}:{limit}"
        ranked = _kept(key, lambda: _rank_postings(seeker, limit=limit + SPARE))
    return _still_recommendable(seeker, ranked)[:limit]


def _still_recommendable(seeker: SeekerProfile, ranked: list[Match]) -> list[Match]:
    from bashu.jobs.selectors import open_postings

    if not ranked:
        return []
    ids = [m.posting_id for m in ranked]
    keep = set(
        open_postings()
        .filter(pk__in=ids)
        .exclude(applications__seeker=seeker)
        .values_list("pk", flat=True)
    )
    return [m for m in ranked if m.posting_id in keep]


def _rank_postings(seeker: SeekerProfile, *, limit: int) -> list[Match]:
    filters = index.SearchFilters(today=timezone.localdate())
    candidates = {
        pid for pid, _ in index.candidate_ids(_seeker_query(seeker), filters, limit=CANDIDATES)
    }
    for group in {"-".join(code.split("-")[:2]) for code in seeker.desired_occupations}:
        filters.occupation = group
        candidates |= {
            pid for pid, _ in index.search("", filters, limit=CANDIDATES // 2, facets=False).hits
        }
    candidates -= set(
        Application.objects.filter(seeker=seeker, posting_id__in=candidates).values_list(
            "posting_id", flat=True
        )
    )
    if not candidates:
        return []
    found = seekers_features([seeker.pk])
    return rank(found[0], postings_features(candidates), limit=limit) if found else []


def talent_candidates(posting: JobPosting) -> list[int]:
    """Discoverable seekers wanting the posting's occupation group: the posting's place first."""
    group = "-".join(posting.occupation_id.split("-")[:2])
    rows = TalentRow.objects.filter(occupation_group=group).order_by("-updated_at")
    nearby = list(
        rows.filter(place=talent_place(posting.region_id)).values_list("seeker_id", flat=True)[
            :TALENT_NEARBY
        ]
    )
    anywhere = rows.exclude(seeker_id__in=nearby).values_list("seeker_id", flat=True)
    return nearby + list(anywhere[:TALENT_ANYWHERE])


def matches_for_posting(posting: JobPosting, *, limit: int = 10) -> list[Match]:
    """Discoverable seekers ranked for a posting, each with its reasons (kept for
    ``MATCHES_FOR``)."""
    today = timezone.localdate()
    key = f"posting:{posting.pk}:{posting.updated_at.timestamp()}:{today}:{limit}"
    return _kept(key, lambda: _rank_seekers(posting, limit=limit))


def _rank_seekers(posting: JobPosting, *, limit: int) -> list[Match]:
    seekers = talent_candidates(posting)
    if not seekers:
        return []
    [features] = postings_features([posting.pk], open_only=False)
    return rank_seekers(features, seekers_features(seekers), limit=limit)
