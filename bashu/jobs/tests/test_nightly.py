"""Nightly rankings (每晚推荐, ``bashu match_all``): written once per seeker and replaced by
the next run, read by the dashboards instead of ranking while fresh, and what was applied to
or closed since is still left out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bashu.core.models import Region
from bashu.core.tasks import schedule_tick
from bashu.jobs.matching.engine import matches_for_seeker
from bashu.jobs.matching.nightly import NIGHTLY_LENGTH, match_all, ranking_decode
from bashu.jobs.models import Application, JobPosting, NightlyRanking, SeekerProfile
from bashu.jobs.tests.factories import make_posting
from bashu.people.models import Employer
from bashu.people.tests.factories import EmployerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def seeker(area: str = "510104") -> SeekerProfile:
    return SeekerProfile.objects.create(
        person=PersonFactory(area=area),
        region=Region.objects.get(code=area),
        desired_occupations=["2-02-10-03"],
        skills=["Java", "MySQL"],
        cv="Java后端开发，熟悉MySQL",
    )


def postings(employer: Employer, n: int) -> list[JobPosting]:
    return [
        make_posting(employer, title=f"Java开发工程师{i}", salary_max=9000 + 500 * i)
        for i in range(n)
    ]


def stored(profile: SeekerProfile) -> list[int]:
    ranking = NightlyRanking.objects.get(seeker=profile)
    return [m.posting_id for m in ranking_decode(profile.pk, ranking.matches)]


def test_a_nightly_ranking_is_read_without_ranking_again() -> None:
    # given postings of the seeker's occupation nearby, ranked overnight
    postings(EmployerFactory(area="510107"), 4)
    profile = seeker()
    match_all(workers=1)
    ranked = stored(profile)
    assert len(ranked) == 4
    # when the dashboard asks
    profile.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        shown = matches_for_seeker(profile)
    # then the stored ranking is shown as it was ranked: its row and the still-open check
    assert [m.posting_id for m in shown] == ranked
    assert len(captured) == 2, [q["sql"] for q in captured]
    assert not any("bashu_matches" in q["sql"] for q in captured)  # no live ranking
    assert shown[0].reasons["matched_skills"] and shown[0].signals["occupation"] == 1.0


def test_a_profile_edited_after_the_run_ranks_live() -> None:
    postings(EmployerFactory(area="510107"), 2)
    profile = seeker()
    match_all(workers=1)
    profile.refresh_from_db()
    profile.skills = ["Java", "Spring Boot"]
    profile.save()  # edited after the run
    with CaptureQueriesContext(connection) as captured:
        matches_for_seeker(profile)
    assert any("bashu_matches" in q["sql"] for q in captured)  # ranked live (and kept)


def test_yesterdays_ranking_is_not_read() -> None:
    postings(EmployerFactory(area="510107"), 2)
    profile = seeker()
    match_all(workers=1)
    NightlyRanking.objects.update(computed_at=timezone.now() + dt.timedelta(days=-1, hours=1))
    SeekerProfile.objects.filter(pk=profile.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=2)
    )
    profile.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        matches_for_seeker(profile)
    assert any("bashu_matches" in q["sql"] for q in captured)


def test_applied_and_closed_postings_are_left_out_of_a_nightly_ranking() -> None:
    made = postings(EmployerFactory(area="510107"), 4)
    profile = seeker()
    match_all(workers=1)
    first, second, *rest = stored(profile)
    # after the run: the seeker applies to the best, the employer closes the second
    Application.objects.create(seeker=profile, posting_id=first)
    JobPosting.objects.filter(pk=second).update(status="closed")
    profile.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        shown = [m.posting_id for m in matches_for_seeker(profile)]
    assert shown == rest and len(rest) == 2
    assert not any("bashu_matches" in q["sql"] for q in captured)  # still the nightly one
    assert {p.pk for p in made} == {first, second, *rest}


def test_a_posting_applied_to_before_the_run_is_not_stored() -> None:
    made = postings(EmployerFactory(area="510107"), 3)
    profile = seeker()
    Application.objects.create(seeker=profile, posting=made[0])
    match_all(workers=1)
    assert made[0].pk not in stored(profile) and len(stored(profile)) == 2


def test_the_command_writes_each_seeker_once_and_a_second_run_replaces() -> None:
    # given a few postings and seekers, some with nothing nearby
    postings(EmployerFactory(area="510107"), NIGHTLY_LENGTH + 5)
    profiles = [seeker() for _ in range(3)] + [seeker("500112")]
    out = io.StringIO()
    call_command("match_all", "--workers", "1", "--chunk", "2", stdout=out)
    assert "4 求职者 seekers" in out.getvalue() and "peak RSS" in out.getvalue()
    rows = dict(NightlyRanking.objects.values_list("seeker_id", "computed_at"))
    assert set(rows) == {p.pk for p in profiles}
    assert all(len(stored(p)) == NIGHTLY_LENGTH for p in profiles[:3])  # the longest kept
    # when it runs again
    call_command("match_all", "--workers", "1", "--limit-seekers", "3", stdout=io.StringIO())
    # then the first three are replaced, not duplicated, and the fourth is untouched
    again = dict(NightlyRanking.objects.values_list("seeker_id", "computed_at"))
    assert NightlyRanking.objects.count() == 4
    assert all(again[p.pk] > rows[p.pk] for p in profiles[:3])
    assert again[profiles[3].pk] == rows[profiles[3].pk]


def test_past_its_time_a_run_skips_the_chunks_left() -> None:
    postings(EmployerFactory(area="510107"), 2)
    for _ in range(3):
        seeker()
    report = match_all(workers=1, chunk=1, max_seconds=0)
    assert (report.seekers, report.skipped) == (0, 3)
    assert not NightlyRanking.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_forked_workers_write_every_seeker_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several writers need PostgreSQL")
    postings(EmployerFactory(area="510107"), 3)
    profiles = [seeker() for _ in range(5)]
    report = match_all(workers=2, chunk=2)
    assert report.workers == 2 and report.seekers == 5
    assert len(report.worker_memory) >= 1 and report.parent_peak_rss_mb > 0
    assert sorted(NightlyRanking.objects.values_list("seeker_id", flat=True)) == sorted(
        p.pk for p in profiles
    )
    assert all(len(stored(p)) == 3 for p in profiles)


def test_the_run_is_scheduled_once_a_night(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_SCHEDULE = {"match_all": "02:00"}
    night = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(1, 59)))
    assert schedule_tick(now=night) == []  # not before two
    assert schedule_tick(now=night + dt.timedelta(minutes=2)) == ["match_all"]
    assert schedule_tick(now=night + dt.timedelta(hours=3)) == []  # waiting or done: once
    from bashu.core.models import TaskRun, TaskRunStatus

    TaskRun.objects.filter(kind="schedule.match_all").update(
        status=TaskRunStatus.DONE,
        created_at=night + dt.timedelta(minutes=2),
        finished_at=night + dt.timedelta(minutes=30),
    )
    assert schedule_tick(now=night + dt.timedelta(hours=3)) == []  # done today
    assert schedule_tick(now=night + dt.timedelta(days=1, minutes=2)) == ["match_all"]
