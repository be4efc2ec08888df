"""Matching many seekers at once (benchmarks, nightly recommendations): open postings' features
are loaded once, candidates come from an occupation-group × prefecture index and the search
index, and the explained score ranks them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from bashu.core.codes import region_prefix
from bashu.core.models import Occupation
from bashu.jobs import search as index
from bashu.jobs.matching.features import POSTING_COLUMNS, posting_features_from_row
from bashu.jobs.matching.score import (
    Match,
    Model,
    PostingFeatures,
    SeekerFeatures,
    model,
    rank,
)
from bashu.jobs.selectors import open_postings

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
        rows = open_postings(today).order_by("-open_date", "id").values_list(*POSTING_COLUMNS)
        for row in rows.iterator(chunk_size=chunk):
            posting = posting_features_from_row(row)
            self.features[posting.id] = posting
            occupation, region = posting.occupation, posting.place.code
            cell = self.cells[("-".join(occupation.split("-")[:2]), region[:4])]
            if len(cell) < PER_CELL:
                cell.append(posting.id)

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
