"""Matching features (匹配特征) read cheaply: columns instead of model instances, and each
text's tokens segmented once per process (texts change rarely; the key is the text itself,
so an edited CV or posting is segmented again)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from bashu.core.models import Region
from bashu.jobs.matching.score import Place, PostingFeatures, SeekerFeatures
from bashu.jobs.models import JobPosting, SeekerProfile
from bashu.jobs.selectors import education_rank
from bashu.jobs.text import segment

# Per worker process; a CV or a posting's text with its tokens is a few kB.
TOKEN_CACHE = 20_000


@lru_cache(maxsize=TOKEN_CACHE)
def tokens_of(text: str) -> Counter[str]:
    """The segmented words of ``text`` with their counts (shared: never mutate the result)."""
    return Counter(segment(text))


_PLACES: dict[str, Place] = {}


def place_of(code: str) -> Place:
    """A region's centre. Every region is read once per process: reference data (a few
    thousand rows) changes only with ``bashu load_reference``, after which the server is
    restarted; a code not known then is read on its own."""
    if not _PLACES:
        _PLACES.update(
            (code, Place(code, float(lon or 0), float(lat or 0)))
            for code, lon, lat in Region.objects.values_list("code", "longitude", "latitude")
        )
    place = _PLACES.get(code)
    if place is None:
        row = Region.objects.filter(code=code).values_list("longitude", "latitude").first()
        place = Place(code, float(row[0] or 0), float(row[1] or 0)) if row else Place(code, 0, 0)
        if row:
            _PLACES[code] = place
    return place


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
                place=place_of(region),
                desired_regions=tuple(desired),
                salary_expectation=salary,
                education_rank=education_rank(education),
                experience_years=years,
            )
        )
    return out


#: The columns a posting's features are read from, in the order
#: :func:`posting_features_from_row` takes them.
POSTING_COLUMNS = (
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


def posting_features_from_row(row: tuple[Any, ...]) -> PostingFeatures:
    """One posting's features from its :data:`POSTING_COLUMNS` values."""
    pk, occupation, skills, title, description, region, smin, smax, education, experience = row
    return PostingFeatures(
        id=pk,
        occupation=occupation,
        skills=frozenset(x.lower() for x in skills),
        tokens=tokens_of(title + " " + description),
        place=place_of(region),
        salary_min=smin,
        salary_max=smax,
        education_rank=education_rank(education),
        experience_years=experience,
        skill_names={x.lower(): x for x in skills},
    )


def postings_features(
    ids: set[int] | list[int], *, open_only: bool = True
) -> list[PostingFeatures]:
    """Features of the postings ``ids`` (by default only those open today)."""
    from bashu.jobs.selectors import open_postings

    source = open_postings() if open_only else JobPosting.objects.all()
    rows = list(source.filter(pk__in=list(ids)).values_list(*POSTING_COLUMNS))
    return [posting_features_from_row(row) for row in rows]
