"""Finding seekers for a posting (人才推荐) through the talent rows: who is found, in which
order, and that the cost does not grow with the number of profiles."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bashu.core.models import Region
from bashu.jobs.matching.engine import matches_for_posting, matches_for_seeker, talent_candidates
from bashu.jobs.models import SeekerProfile, TalentRow
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def profile(area: str, occupations: list[str], *, discoverable: bool = True) -> SeekerProfile:
    return SeekerProfile.objects.create(
        person=PersonFactory(area=area),
        region=Region.objects.get(code=area),
        desired_occupations=occupations,
        skills=["Java"],
        cv="Java后端开发",
        discoverable=discoverable,
    )


def test_rows_follow_the_profile() -> None:
    seeker = profile("510107", ["2-02-10-03", "6-18-02-04"])
    rows = set(TalentRow.objects.filter(seeker=seeker).values_list("occupation_group", "place"))
    assert rows == {("2-02", "510100"), ("6-18", "510100")}  # a Chengdu county → Chengdu

    seeker.desired_occupations = ["4-07-05-01"]
    seeker.save()
    assert list(
        TalentRow.objects.filter(seeker=seeker).values_list("occupation_group", flat=True)
    ) == ["4-07"]

    seeker.discoverable = False
    seeker.save()
    assert not TalentRow.objects.filter(seeker=seeker).exists()


def test_a_chongqing_district_is_its_own_place() -> None:
    seeker = profile("500112", ["2-02-10-03"])
    assert TalentRow.objects.get(seeker=seeker).place == "500112"


def test_candidates_are_discoverable_seekers_of_the_group_nearby_first() -> None:
    posting = make_posting(EmployerFactory(area="510107"))  # 2-02-10-03 in Chengdu
    far = profile("500112", ["2-02-10-01"])
    near = profile("510104", ["2-02-10-03"])
    profile("510104", ["2-02-10-03"], discoverable=False)
    profile("510104", ["6-18-02-04"])  # another group
    assert talent_candidates(posting) == [near.pk, far.pk]
    assert {m.seeker_id for m in matches_for_posting(posting)} == {near.pk, far.pk}


def test_the_query_count_does_not_grow_with_the_profiles() -> None:
    posting = make_posting(EmployerFactory(area="510107"))

    def queries() -> int:
        caches["matches"].clear()  # rank afresh, not from the last minutes' ranking
        with CaptureQueriesContext(connection) as captured:
            matches_for_posting(posting)
        return len(captured)

    for _ in range(3):
        profile("510104", ["2-02-10-03"])
    few = queries()
    for _ in range(6):
        profile("500112", ["2-02-10-03"])
    assert queries() == few


def test_a_ranking_is_kept_a_few_minutes_and_a_change_ranks_afresh() -> None:
    posting = make_posting(EmployerFactory(area="510107"))
    seeker = profile("510104", ["2-02-10-03"])
    first = matches_for_posting(posting)
    with CaptureQueriesContext(connection) as captured:
        assert matches_for_posting(posting) == first
    # the kept ranking: one read of the cache, no candidates read, nothing scored
    assert [q["sql"] for q in captured if "bashu_matches" not in q["sql"]] == []
    assert len(captured) == 1
    newcomer = profile("510104", ["2-02-10-03"])
    assert newcomer.pk not in {m.seeker_id for m in matches_for_posting(posting)}  # kept
    posting.save()  # the employer edits the posting: ranked afresh, the newcomer in
    assert newcomer.pk in {m.seeker_id for m in matches_for_posting(posting)}

    postings = matches_for_seeker(seeker)
    with CaptureQueriesContext(connection) as captured:
        assert matches_for_seeker(seeker) == postings
    # the nightly ranking looked for (none: never run), then the kept one read
    assert len(captured) == 2 and "bashu_matches" in captured[1]["sql"]
    assert "jobs_nightlyranking" in captured[0]["sql"]
    seeker.skills = ["Python"]
    seeker.save()
    with CaptureQueriesContext(connection) as captured:
        matches_for_seeker(seeker)
    assert any("bashu_matches" not in q["sql"] for q in captured)  # ranked afresh
