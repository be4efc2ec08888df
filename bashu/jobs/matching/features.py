"""Matching features (匹配特征) read cheaply: columns instead of model instances, and each
text's tokens segmented once per process (texts change rarely; the key is the text itself,
so an edited CV or posting is segmented again)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from bashu.jobs.matching.score import PostingFeatures, SeekerFeatures
from bashu.jobs.models import JobPosting, SeekerProfile
from bashu.jobs.selectors import education_rank, places_of
from bashu.jobs.text import segment

# Per worker process; a CV or a posting's text with its tokens is a few kB.
TOKEN_CACHE = 20_000


@lru_cache(maxsize=TOKEN_CACHE)
def tokens_of(text: str) -> Counter[str]:
    """The segmented words of ``text`` with their counts (shared: never mutate the result)."""
    return Counter(segment(text))


def seekers_features(ids: list[int]) -> list[SeekerFeatures]:
    """Features of the seekers ``ids``, in that order (unknown ids are left out)."""
    rows = {
        row[0]: row
        for row in SeekerProfile.objects.filter(pk__in=ids).values_list(
            "id",
            "desired_occupations",
            "skills",
            "cv",
            "region_id",
            "desired_regions",
            "salary_expectation",
            "education_id",
            "experience_years",
        )
    }
    places = places_of({row[4] for row in rows.values()})
    out = []
    for pk in ids:
        if pk not in rows:
            continue
        _, occupations, skills, cv, region, desired, salary, education, years = rows[pk]
        out.append(
            SeekerFeatures(
                id=pk,
                occupations=tuple(occupations),
                skills=frozenset(x.lower() for x in skills),
                tokens=tokens_of(cv + " " + " ".join(skills)),
                place=places[region],
                desired_regions=tuple(desired),
                salary_expectation=salary,
                education_rank=education_rank(education),
                experience_years=years,
            )
        )
    return out


def postings_features(
    ids: set[int] | list[int], *, open_only: bool = True
) -> list[PostingFeatures]:
    """Features of the postings ``ids`` (by default only those open today)."""
    from bashu.jobs.selectors import open_postings

    source = open_postings() if open_only else JobPosting.objects.all()
    rows = list(
        source.filter(pk__in=list(ids)).values_list(
            "id",
            "occupation_id",
            "skills",
            "title",
            "description",
            "region_id",
            "salary_min",
            "salary_max",
            "education_id",
            "experience_years",
        )
    )
    places = places_of({row[5] for row in rows})
    return [
        PostingFeatures(
            id=pk,
            occupation=occupation,
            skills=frozenset(x.lower() for x in skills),
            tokens=tokens_of(title + " " + description),
            place=places[region],
            salary_min=smin,
            salary_max=smax,
            education_rank=education_rank(education),
            experience_years=experience,
            skill_names={x.lower(): x for x in skills},
        )
        for pk, occupation, skills, title, description, region, smin, smax, education, experience in rows
    ]
