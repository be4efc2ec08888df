"""Running the matcher over the database: candidates first, then the explained score."""

from __future__ import annotations

from django.utils import timezone

from bashu.core.models import Occupation
from bashu.jobs import search as index
from bashu.jobs.matching.score import Match, rank
from bashu.jobs.models import JobPosting, SeekerProfile
from bashu.jobs.selectors import open_postings, posting_features, seeker_features

CANDIDATES = 300


def _seeker_query(seeker: SeekerProfile) -> str:
    names = list(
        Occupation.objects.filter(code__in=seeker.desired_occupations).values_list(
            "name", flat=True
        )
    )
    return " ".join([*names, *seeker.skills])


def matches_for_seeker(seeker: SeekerProfile, *, limit: int = 10) -> list[Match]:
    """Open postings ranked for a seeker, each with its reasons.

    Candidates: the search index's best postings for the seeker's occupations and skills,
    plus postings of the desired occupations' groups; the matcher then ranks them all.
    """
    filters = index.SearchFilters(today=timezone.localdate())
    candidates = {
        pid for pid, _ in index.candidate_ids(_seeker_query(seeker), filters, limit=CANDIDATES)
    }
    for group in {"-".join(code.split("-")[:2]) for code in seeker.desired_occupations}:
        filters.occupation = group
        candidates |= {
            pid for pid, _ in index.search("", filters, limit=CANDIDATES // 2, facets=False).hits
        }
    postings = list(open_postings().filter(pk__in=candidates))
    return rank(seeker_features([seeker])[0], posting_features(postings), limit=limit)


def matches_for_posting(posting: JobPosting, *, limit: int = 10) -> list[Match]:
    """Discoverable seekers ranked for a posting: those wanting the posting's occupation group."""
    group = "-".join(posting.occupation_id.split("-")[:2])
    seekers = list(
        SeekerProfile.objects.filter(discoverable=True, occupation_groups__contains=group).order_by(
            "-updated_at"
        )[:2000]
    )
    if not seekers:
        return []
    features = posting_features([posting])[0]
    matches = []
    for seeker in seeker_features(seekers):
        matches.extend(rank(seeker, [features], limit=1))
    matches.sort(key=lambda m: (-m.score, m.seeker_id))
    return matches[:limit]
