"""Automatic occupation coding (职业自动编码): the classifier, a posting sent without an
occupation, the feed, and the caseworker's confirmation (职业待确认)."""

from __future__ import annotations

import time

import pytest

from bashu.core.models import AuditEntry, Occupation, Role
from bashu.core.permissions import SYSTEM
from bashu.jobs import coding
from bashu.jobs.models import CodingStatus, JobPosting, OccupationCoding
from bashu.jobs.services.feed import ALIASES, postings_import
from bashu.jobs.tests.test_import import SITE_HEADER, site_row
from bashu.jobs.tests.test_postings import owner, payload, post  # noqa: F401
from conftest import client_for

#: Titles the classifier is not sure of (a caseworker confirms them), and sure of.
VAGUE = ("专员", "操作工", "助理")


# --- the classifier (no database) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "major"),
    [("货车司机C1", "4"), ("幼师", "2"), ("Java后端开发（双休）", "2"), ("电焊工（持证）", "6")],
)
def test_an_answer_is_a_detailed_code_a_confidence_and_three_named_alternatives(
    title: str, major: str
) -> None:
    answer = coding.occupation_infer(title=title)
    assert answer.best is not None and answer.best.code.startswith(major)
    assert answer.best.code.count("-") == 3 and answer.best.name
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.alternatives) == coding.ALTERNATIVES
    assert all(a.name and a.code != answer.best.code for a in answer.alternatives)
    assert all(a.confidence <= answer.confidence for a in answer.alternatives)


def test_recruiting_words_do_not_make_a_posting_a_recruiter() -> None:
    # 招聘 in "高薪招聘UI设计师" once voted for 招聘师; 招聘专员 still is one.
    assert coding.occupation_infer(title="高薪招聘平面设计师").best.code != "4-07-03-08"  # type: ignore[union-attr]
    assert coding.occupation_infer(title="招聘专员").best.code == "4-07-03-08"  # type: ignore[union-attr]


def test_input_is_bounded_and_nothing_gives_no_occupation() -> None:
    started = time.perf_counter()
    answer = coding.occupation_infer(
        title="电工" * 10_000, description="焊工" * 200_000, skills=["叉车"] * 10_000
    )
    assert answer.best is not None and time.perf_counter() - started < 1.0
    empty = coding.occupation_infer(title="", description="！！！")
    assert empty.best is None and empty.confidence == 0.0 and empty.needs_confirmation


# --- postings --------------------------------------------------------------------------------


def _vague_title() -> str:
    vague = [t for t in VAGUE if coding.occupation_infer(title=t).needs_confirmation]
    assert vague, "no vague title left: pick others for the test"
    return vague[0]


@pytest.mark.django_db
def test_a_posting_without_occupation_gets_the_inferred_one(owner) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    employer, account = owner
    response = post(
        client_for(account),
        payload(employer.pk, occupation="", title="货车司机C1", skills=["C1驾照"]),
    )
    assert response.status_code == 201, response.content
    posting = JobPosting.objects.get(pk=response.json()["id"])
    row = OccupationCoding.objects.get(posting=posting)
    assert posting.occupation_id == row.inferred_id == "4-02-02-02"
    assert row.status == CodingStatus.AUTOMATIC and len(row.alternatives) == 3


@pytest.mark.django_db
def test_a_posting_with_an_occupation_is_not_coded(owner) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    employer, account = owner
    response = post(client_for(account), payload(employer.pk))
    assert response.status_code == 201
    assert not OccupationCoding.objects.filter(posting_id=response.json()["id"]).exists()


@pytest.mark.django_db
def test_a_vague_posting_is_published_and_waits_for_its_regions_caseworker(  # type: ignore[no-untyped-def]
    owner,  # noqa: F811
    chengdu_caseworker,
    chongqing_caseworker,
    make_account,
) -> None:
    employer, account = owner  # employer in 510104, Chengdu
    response = post(
        client_for(account),
        payload(employer.pk, occupation="", title=_vague_title(), description="", skills=[]),
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    posting_id = response.json()["id"]
    row = OccupationCoding.objects.get(posting_id=posting_id)
    assert row.status == CodingStatus.PENDING
    pick = row.alternatives[0]["code"]
    url = f"/jobs/review/{posting_id}/occupation/"

    page = client_for(chengdu_caseworker).get("/jobs/review/")
    text = page.content.decode()
    assert "职业待确认" in text and row.alternatives[0]["name"] in text
    assert (
        row.alternatives[0]["name"]
        not in client_for(chongqing_caseworker).get("/jobs/review/").content.decode()
    )  # another region's queue does not list it

    # wrong region, wrong role: refused, nothing changes
    assert client_for(chongqing_caseworker).post(url, {"occupation": pick}).status_code == 403
    assert client_for(account).post(url, {"occupation": pick}).status_code == 403
    assert (
        client_for(make_account("seeker_x", Role.SEEKER))
        .post(url, {"occupation": pick})
        .status_code
        == 403
    )
    row.refresh_from_db()
    assert row.status == CodingStatus.PENDING

    # a code that is no detailed occupation, or one far too long: refused, nothing changes
    for code in ("4-02", "x" * 5000):
        client_for(chengdu_caseworker).post(url, {"occupation": code})
        row.refresh_from_db()
        assert row.status == CodingStatus.PENDING

    done = client_for(chengdu_caseworker).post(url, {"occupation": pick})
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.status == CodingStatus.CONFIRMED and row.decided_by == chengdu_caseworker
    assert JobPosting.objects.get(pk=posting_id).occupation_id == pick
    assert AuditEntry.objects.filter(
        action="posting.occupation_confirm", target_id=str(posting_id)
    ).exists()
    # confirmed once: a second confirmation changes nothing
    other = row.alternatives[1]["code"]
    client_for(chengdu_caseworker).post(url, {"occupation": other})
    assert JobPosting.objects.get(pk=posting_id).occupation_id == pick


# --- the feed --------------------------------------------------------------------------------


def _named(source_id: str, **overrides: str) -> dict[str, str]:
    return {
        ALIASES.get(k, k): v
        for k, v in zip(SITE_HEADER, site_row(source_id, **overrides), strict=True)
    }


@pytest.mark.django_db
def test_a_feed_row_without_occupation_is_taken_coded_and_warned_and_reimport_changes_nothing() -> (
    None
):
    rows = [(2, {**_named("uncoded", 岗位名称="仓库管理员"), "occupation_code": ""})]
    report = postings_import(rows, source="sichuan", by=SYSTEM)
    assert report.created == 1 and report.rejected_count == 0
    posting = JobPosting.objects.get(source="sichuan", source_id="uncoded")
    assert Occupation.objects.get(code=posting.occupation_id).level == "detailed"
    warned = report.warned[0]["warnings"]
    assert any(
        w["field"] == "occupation_code"
        and w["rule"] in ("occupation_inferred", "occupation_unconfirmed")
        and w["to"].startswith(posting.occupation_id)
        for w in warned
    )
    again = postings_import(rows, source="sichuan", by=SYSTEM)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_every_employer_title_names_a_detailed_occupation_and_is_found_as_it() -> None:
    from bashu.core.loaders import data_file_load

    detailed = {
        row["code"] for row in data_file_load(coding.OCCUPATIONS) if row["level"] == "detailed"
    }
    rows = data_file_load(coding.DATA / "occupation_titles.csv")
    assert rows and all(row["code"] in detailed for row in rows)
    found = [coding.occupation_infer(title=row["title"]) for row in rows]
    hits = sum(
        a.best is not None and a.best.code == row["code"]
        for a, row in zip(found, rows, strict=True)
    )
    assert hits / len(rows) >= 0.95  # a listed title codes to its occupation


# --- seeker profiles -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_profile_without_desired_occupations_is_coded_from_cv_when_sure(make_account) -> None:  # type: ignore[no-untyped-def]
    from bashu.jobs.schemas import SeekerProfileInput
    from bashu.jobs.services.profiles import seeker_profile_save
    from bashu.people.tests.factories import PersonFactory

    def seeker(name: str):  # type: ignore[no-untyped-def]
        account = make_account(name, Role.SEEKER)
        PersonFactory(area="500112", account=account)
        return account

    body = {"cv": "货车司机\n五年城配经验，持A2驾照", "skills": ["A2驾照"], "region": "500112"}
    sure = seeker_profile_save(by=seeker("li"), data=SeekerProfileInput.model_validate(body))
    assert sure.desired_occupations == ["4-02-02-02"]
    assert AuditEntry.objects.filter(
        action="seeker.save", target_id=str(sure.pk), detail__occupation_inferred="4-02-02-02"
    ).exists()
    cleared = seeker_profile_save(
        by=seeker("wang"),
        data=SeekerProfileInput.model_validate({**body, "desired_occupations": []}),
    )
    assert cleared.desired_occupations == []  # cleared by the seeker: not guessed
    vague = seeker_profile_save(
        by=seeker("zhao"),
        data=SeekerProfileInput.model_validate({"cv": _vague_title(), "region": "500112"}),
    )
    assert vague.desired_occupations == []  # not sure: not guessed


@pytest.mark.django_db
def test_an_employer_may_leave_the_occupation_empty_on_the_form(make_account) -> None:  # type: ignore[no-untyped-def]
    from bashu.jobs.tests.factories import posting_form
    from bashu.people.tests.factories import EmployerFactory

    employer = EmployerFactory(area="510104")
    boss = make_account("boss_form", Role.EMPLOYER)
    employer.accounts.add(boss)
    done = client_for(boss).post("/employer/postings/new/", posting_form(occupation=""))
    posting = JobPosting.objects.get()
    assert done.status_code == 302 and posting.occupation_id == "6-30-05-01"  # 叉车司机
    assert OccupationCoding.objects.get(posting=posting).inferred_id == "6-30-05-01"


def test_an_english_title_is_coded_by_the_words_it_means() -> None:
    # Welder means 焊工 (core/data/occupation_english.csv); nothing English and unknown, none
    assert coding.occupation_infer(title="Welder (CO2 shielded)").best.code == "6-18-02-04"  # type: ignore[union-attr]
    assert coding.occupation_infer(title="Delivery courier").best.code == "4-02-07-08"  # type: ignore[union-attr]
    assert coding.occupation_infer(title="xyzzy").best is None
