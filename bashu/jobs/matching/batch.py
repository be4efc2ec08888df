"""Matching many seekers at once (benchmarks, nightly recommendations): open postings' features
are loaded once, candidates come from an occupation-group × prefecture index and the search
index, and the explained score ranks them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace

from bashu.core.codes import region_prefix
from bashu.core.models import Occupation
from bashu.jobs import search as index
from bashu.jobs.matching.score import (
    Match,
    Model,
    Place,
    PostingFeatures,
    SeekerFeatures,
    model,
    rank,
)
from bashu.jobs.selectors import education_rank, open_postings, places_of
from bashu.jobs.text import segment

PER_CELL = 150
FROM_SEARCH = 100


class BatchMatcher:
    def __init__(self, *, today: dt.date, chunk: int = 20_000):
        self.today = today
        self.features: dict[int, PostingFeatures] = {}
        self.cells: dict[tuple[str, str], list[int]] = defaultdict(
            list
        )  # (medium group, prefecture)
        self.names = dict(Occupation.objects.values_list("code", "name"))
        places: dict[str, Place] = {}
        rows = (
            open_postings(today)
            .order_by("-open_date", "id")
            .values_list(
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
        for (
            pid,
            occupation,
            skills,
            title,
            description,
            region,
            smin,
            smax,
            education,
            experience,
        ) in rows.iterator(chunk_size=chunk):
            if region not in places:
                places.update(places_of({region}))
            self.features[pid] = PostingFeatures(
                id=pid,
                occupation=occupation,
                skills=frozenset(s.lower() for s in skills),
                tokens=Counter(segment(title + " " + description)),
                place=places[region],
                salary_min=smin,
                salary_max=smax,
                education_rank=education_rank(education),
                experience_years=experience,
                skill_names={s.lower(): s for s in skills},
            )
            cell = self.cells[("-".join(occupation.split("-")[:2]), region[:4])]
            if len(cell) < PER_CELL:
                cell.append(pid)

    def candidates(self, seeker: SeekerFeatures, skills: list[str]) -> list[int]:
        ids: set[int] = set()
        prefixes = {seeker.place.code[:4], *(region_prefix(r) for r in seeker.desired_regions)}
        for wanted in seeker.occupations:
            group = "-".join(wanted.split("-")[:2])
            for prefix in prefixes:
                if len(prefix) >= 4:
                    ids.update(self.cells.get((group, prefix[:4]), ()))
                else:  # a whole province: every prefecture's cell
                    for (cell_group, prefecture), cell in self.cells.items():
                        if cell_group == group and prefecture.startswith(prefix):
                            ids.update(cell)
        if len(ids) < FROM_SEARCH:
            # Few postings of the wanted groups nearby: widen by text, anywhere.
            query = " ".join([*(self.names.get(code, "") for code in seeker.occupations), *skills])
            filters = index.SearchFilters(today=self.today)
            ids.update(pid for pid, _ in index.candidate_ids(query, filters, limit=FROM_SEARCH))
        return [pid for pid in ids if pid in self.features]

    def match(
        self,
        seeker: SeekerFeatures,
        skills: list[str],
        *,
        limit: int = 10,
        m: Model | None = None,
        candidates: list[int] | None = None,
    ) -> list[Match]:
        pool = candidates if candidates is not None else self.candidates(seeker, skills)
        return rank(seeker, [self.features[pid] for pid in pool], limit=limit, m=m)


def without(signal: str) -> Model:
    """The model in force with one signal's weight set to zero (for ablations)."""
    base = model()
    return replace(base, weights={k: (0.0 if k == signal else v) for k, v in base.weights.items()})
