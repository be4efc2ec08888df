"""The job zone's pages as their people use them (issue 13): pickers instead of codes, the
search in the URL, a held posting that says why, the review queue, the applicant dropdown
offering only the allowed next states, the CV view, fair cards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from bashu.core.models import AuditEntry, Role
from bashu.jobs import search as index
from bashu.jobs import selectors
from bashu.jobs.models import (
    Application,
    ApplicationStatus,
    JobFair,
    JobPosting,
    PostingStatus,
    SeekerProfile,
)
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.applications import (
    application_advance,
    application_create,
    application_next_states,
)
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting, posting_form
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

AGE_CEILING = "年龄35岁以下，能适应倒班。"


def _index() -> None:
    """Write the index directly (the worker would commit; these tests roll back)."""
    index.index_update(selectors.posting_docs(), removed=[])


@pytest.fixture
def world(make_account: Any) -> dict[str, Any]:
    employer = EmployerFactory(area="510107", name="锦江智造有限公司")
    boss = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(boss)
    seeker = make_account("zhang", Role.SEEKER)
    person = PersonFactory(area="500112", account=seeker, phone="13812345678")
    seeker_profile_save(
        by=seeker,
        data=SeekerProfileInput.model_validate(
            {
                "desired_occupations": ["2-02-10-03"],
                "skills": ["Java"],
                "region": "500112",
                "cv": "五年后端开发",
            }
        ),
    )
    posting = make_posting(employer, salary_min=8000, salary_max=12000)
    return {
        "employer": employer,
        "boss": boss,
        "seeker": seeker,
        "person": person,
        "posting": posting,
    }


# --- the forms: names, not codes -----------------------------------------------------------


def test_the_profile_form_picks_names_and_keeps_several_occupations(world: dict[str, Any]) -> None:
    client = client_for(world["seeker"])
    page = client.get("/seeker/profile/").content.decode()
    assert 'data-picker="regions"' in page and 'data-picker="occupations"' in page
    assert re.search(r'<select name="desired_occupations" multiple', page)
    assert "渝北区" in page  # the current county by name
    assert "现居地县级区划代码" not in page and "期望职业代码" not in page
    # education is a select of names
    assert re.search(r'<select name="education"[^>]*>.*本科', page, re.S)
    saved = client.post(
        "/seeker/profile/",
        {
            "region": "510113",
            "desired_occupations": ["4-02-07-08", "6-18-02-04"],
            "desired_regions": ["510100", "500000"],
            "salary_expectation": 7000,
            "skills": "快递收派",
            "education": "",
            "experience_years": 2,
            "cv": "两年快递员经验",
        },
    )
    assert saved.status_code == 302
    seeker = SeekerProfile.objects.get(person=world["person"])
    seeker.refresh_from_db()
    assert seeker.desired_occupations == ["4-02-07-08", "6-18-02-04"]
    assert seeker.desired_regions == ["510100", "500000"]
    again = client.get("/seeker/profile/").content.decode()
    assert "青白江区" in again and "焊工" in again and "成都市" in again


def test_the_posting_form_has_pickers_and_its_close_date_default_saves_first_time(
    world: dict[str, Any],
) -> None:
    client = client_for(world["boss"])
    page = client.get("/employer/postings/new/").content.decode()
    for kind in ("occupations", "industries", "regions"):
        assert f'data-picker="{kind}"' in page
    default = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert f'value="{default}"' in page  # ISO, as a date input reads it
    response = client.post(
        "/employer/postings/new/", posting_form(skills="叉车证", close_date=default)
    )
    assert response.status_code == 302
    assert JobPosting.objects.filter(title="叉车司机", close_date=default).exists()


# --- search ----------------------------------------------------------------------------------


def test_the_search_is_its_url_and_a_card_reads_well(world: dict[str, Any]) -> None:
    _index()
    client = client_for(None)
    page = client.get("/jobs/", {"q": "Java", "region": "510100", "education": "bachelor"})
    html = page.content.decode()
    # A plain GET form: reload, back and a shared link send the same parameters.
    form = re.search(r'<form id="job-search"[^>]*>', html)
    assert form and 'method="get"' in form.group(0) and "hx-" not in form.group(0)
    assert re.search(r'<option value="510100"\s+selected>', html)
    assert re.search(r'<option value="bachelor"\s+selected>', html)
    assert 'value="Java"' in html
    # After Back the browser would restore the filters as they were left: the page resets
    # its form to what the server rendered from the URL (jobs/search.js, on pageshow).
    assert "jobs/search.js" in html and 'autocomplete="off"' in form.group(0)
    card = html[html.index('class="job card') :]
    assert "锦江智造有限公司" in card and "武侯区" in card
    assert "8,000–12,000 元/月" in card
    assert world["posting"].open_date.isoformat() in card
    # the facets are in the collapsible panel (an offcanvas on phones)
    assert 'class="offcanvas-lg offcanvas-start"' in html and 'form="job-search"' in html


def test_the_search_in_english_says_yuan_a_month(world: dict[str, Any]) -> None:
    _index()
    client = client_for(None)
    client.cookies["django_language"] = "en"
    html = client.get("/jobs/", {"q": "Java"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "yuan/month" in html


# --- a posting held for review, and the review queue -------------------------------------------


def test_a_held_posting_says_why_and_what_happens_next(world: dict[str, Any]) -> None:
    held = make_posting(world["employer"], title="夜班操作工", description=AGE_CEILING)
    assert held.status == PostingStatus.REVIEW
    page = client_for(world["boss"]).get(f"/jobs/{held.pk}/").content.decode()
    assert "待审核" in page and "年龄限制" in page and "35岁以下" in page
    assert "经办人员" in page and "该岗位已停止招聘" not in page
    public = client_for(world["seeker"]).get(f"/jobs/{held.pk}/").content.decode()
    assert "待审核" in public and "该岗位已停止招聘" not in public and 'id="apply"' not in public


def test_a_caseworker_of_the_employers_region_releases_a_held_posting(
    world: dict[str, Any], chengdu_caseworker: Any, chongqing_caseworker: Any
) -> None:
    held = make_posting(world["employer"], title="夜班操作工", description=AGE_CEILING)
    held_page = client_for(chengdu_caseworker).get(f"/jobs/{held.pk}/").content.decode()
    assert 'href="/jobs/review/"' in held_page and "去岗位审核" in held_page
    queue = client_for(chengdu_caseworker).get("/jobs/review/").content.decode()
    assert "夜班操作工" in queue and "年龄限制" in queue and "锦江智造有限公司" in queue
    other = client_for(chongqing_caseworker).get("/jobs/review/").content.decode()
    assert "夜班操作工" not in other and "没有待审核的岗位" in other
    assert client_for(world["seeker"]).get("/jobs/review/").status_code == 403
    assert (
        client_for(chongqing_caseworker)
        .post(f"/jobs/review/{held.pk}/", {"decision": "approve"})
        .status_code
        == 403
    )
    done = client_for(chengdu_caseworker).post(
        f"/jobs/review/{held.pk}/", {"decision": "approve", "note": "倒班岗位，已核实"}, follow=True
    )
    assert "已通过" in done.content.decode() and "夜班操作工" in done.content.decode()
    held.refresh_from_db()
    assert held.status == PostingStatus.OPEN


def test_a_rejected_posting_shows_the_note_to_the_employer(
    world: dict[str, Any], chengdu_caseworker: Any
) -> None:
    held = make_posting(world["employer"], title="夜班操作工", description=AGE_CEILING)
    client_for(chengdu_caseworker).post(
        f"/jobs/review/{held.pk}/", {"decision": "reject", "note": "年龄上限无合理依据"}
    )
    held.refresh_from_db()
    assert held.status == PostingStatus.WITHDRAWN
    page = client_for(world["boss"]).get(f"/jobs/{held.pk}/").content.decode()
    assert "已撤回" in page and "年龄上限无合理依据" in page


def test_caseworkers_see_the_review_link(chengdu_caseworker: Any) -> None:
    assert 'href="/jobs/review/"' in client_for(chengdu_caseworker).get("/jobs/").content.decode()


def test_a_missing_posting_is_not_found() -> None:
    response = client_for(None).get("/jobs/999999/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


# --- applicants: the allowed next states, the CV -------------------------------------------


def test_the_transition_table() -> None:
    S = ApplicationStatus
    assert application_next_states(S.APPLIED) == [
        S.VIEWED,
        S.INTERVIEW,
        S.OFFER,
        S.HIRED,
        S.REJECTED,
    ]
    assert application_next_states(S.OFFER) == [S.HIRED, S.REJECTED]
    assert application_next_states(S.HIRED) == [] and application_next_states(S.REJECTED) == []


def _options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select[^>]*name="status".*?</select>', html, re.S)
    assert select, "no status dropdown"
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="(\w+)"( selected)?>', select.group(0))
    ]


def test_the_dropdown_offers_only_the_allowed_next_states(world: dict[str, Any]) -> None:
    application = application_create(by=world["seeker"], posting_id=world["posting"].pk)
    client = client_for(world["boss"])
    page = client.get("/employer/").content.decode()
    assert _options(page) == [
        ("viewed", True),
        ("interview", False),
        ("offer", False),
        ("hired", False),
        ("rejected", False),
    ]
    application_advance(by=world["boss"], application_id=application.pk, status="viewed")
    application_advance(by=world["boss"], application_id=application.pk, status="interview")
    application_advance(by=world["boss"], application_id=application.pk, status="offer")
    page = client.get("/employer/").content.decode()
    assert _options(page) == [("hired", True), ("rejected", False)]
    # The default (the next natural step) saves: no more "不能…退回".
    moved = client.post(f"/applications/{application.pk}/status/", {"status": "hired"}, follow=True)
    assert "已录用" in moved.content.decode() and "退回" not in moved.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    assert "已结束" in client.get("/employer/").content.decode()


def test_the_seeker_follows_the_status_in_words_with_a_timeline(world: dict[str, Any]) -> None:
    application = application_create(by=world["seeker"], posting_id=world["posting"].pk)
    application_advance(by=world["boss"], application_id=application.pk, status="interview")
    page = client_for(world["seeker"]).get("/seeker/").content.decode()
    section = page[page.index('id="applications"') :]
    assert "邀请面试" in section and "请留意电话" in section
    timeline = section[section.index('class="timeline') :]
    assert timeline.index("已投递") < timeline.index("邀请面试")  # the timeline, in order
    assert "interview" not in re.sub(r"<[^>]+>", "", section)


def test_an_applicants_cv_shows_the_phone_and_audits_the_read(world: dict[str, Any]) -> None:
    application_create(by=world["seeker"], posting_id=world["posting"].pk)
    seeker_id = Application.objects.get().seeker_id
    page = client_for(world["boss"]).get(f"/employer/seekers/{seeker_id}/").content.decode()
    assert "13812345678" in page and "五年后端开发" in page and "Java" in page
    assert AuditEntry.objects.filter(
        action="seeker.contact.read", target_id=str(world["person"].pk)
    ).exists()


def test_a_talent_who_did_not_apply_has_the_phone_masked(
    world: dict[str, Any], make_account: Any
) -> None:
    seeker_profile_save(
        by=world["seeker"], data=SeekerProfileInput.model_validate({"discoverable": True})
    )
    seeker_id = SeekerProfile.objects.get(person=world["person"]).pk
    other_boss = make_account("other_boss", Role.EMPLOYER)
    EmployerFactory(area="500112").accounts.add(other_boss)
    page = client_for(other_boss).get(f"/employer/seekers/{seeker_id}/").content.decode()
    assert "13812345678" not in page and world["person"].phone_masked in page
    assert not AuditEntry.objects.filter(action="seeker.contact.read").exists()
    seeker_profile_save(
        by=world["seeker"], data=SeekerProfileInput.model_validate({"discoverable": False})
    )
    assert client_for(other_boss).get(f"/employer/seekers/{seeker_id}/").status_code == 404
    assert client_for(world["seeker"]).get(f"/employer/seekers/{seeker_id}/").status_code == 403


# --- fairs ----------------------------------------------------------------------------------


def test_fairs_are_cards_with_thousands_separators(world: dict[str, Any]) -> None:
    now = timezone.now()
    fair = JobFair.objects.create(
        name="川渝人才交流会",
        kind="onsite",
        region_id="510100",
        cross_region=True,
        starts_at=now,
        ends_at=now + dt.timedelta(days=1),
    )
    page = client_for(None).get("/fairs/").content.decode()
    assert 'class="card h-100 fair"' in page and "川渝人才交流会" in page and "<table" not in page
    html = render_to_string(
        "jobs/fairs.html",
        {
            "fairs": [
                (
                    fair,
                    {
                        "employers": 1200,
                        "postings": 3456,
                        "registrations": 12345,
                        "applications": 0,
                        "intentions": 0,
                        "hires": 0,
                    },
                )
            ]
        },
    )
    assert "12,345" in html and "3,456" in html


# --- English ---------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]+")


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style|select|textarea)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_job_pages_in_english_have_no_chinese_outside_data(
    world: dict[str, Any], chengdu_caseworker: Any
) -> None:
    _index()
    held = make_posting(world["employer"], title="夜班操作工", description=AGE_CEILING)
    application_create(by=world["seeker"], posting_id=world["posting"].pk)
    seeker = SeekerProfile.objects.select_related("person", "region").get()
    posting = JobPosting.objects.select_related("occupation", "industry", "education").get(
        pk=world["posting"].pk
    )
    # Data: names of places, people, employers, jobs, occupations; the texts people wrote;
    # the legal rule a flag cites; and the language switch.
    data = " ".join(
        [
            "中文",
            world["employer"].name,
            posting.title,
            posting.description,
            posting.occupation.name,
            posting.industry.name,
            posting.industry.parent.name if posting.industry.parent else "",
            posting.education.name if posting.education else "",
            held.title,
            held.description,
            *[f["rule"] for f in held.review_flags],
            *[f["phrase"] for f in held.review_flags],
            seeker.cv,
            seeker.person.name_masked,
            seeker.region.name,
            "武侯区 四川省 计算机软件工程技术人员",
        ]
    )
    pages = [
        (None, "/jobs/?q=Java"),
        (None, "/fairs/"),
        (world["seeker"], "/seeker/"),
        (world["seeker"], "/seeker/profile/"),
        (world["boss"], "/employer/"),
        (world["boss"], "/employer/postings/new/"),
        (world["boss"], f"/employer/seekers/{seeker.pk}/"),
        (world["boss"], f"/jobs/{held.pk}/"),
        (chengdu_caseworker, "/jobs/review/"),
        (None, f"/jobs/{posting.pk}/"),
    ]
    for user, url in pages:
        client = client_for(user)
        client.cookies["django_language"] = "en"
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        leaks = [w for w in _CJK.findall(_visible(html)) if w not in data]
        assert not leaks, (url, leaks)


def test_ids_past_bigint_on_the_new_pages_are_not_found(
    make_account: Any, chengdu_caseworker: Any
) -> None:
    boss = make_account("boss", Role.EMPLOYER)
    assert client_for(boss).get(f"/employer/seekers/{2**70}/").status_code == 404
    decided = client_for(chengdu_caseworker).post(f"/jobs/review/{2**70}/", {"decision": "approve"})
    assert decided.status_code == 404


def test_the_review_queue_asks_the_public_to_sign_in() -> None:
    response = client_for(None).get("/jobs/review/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_review_queue_costs_as_many_queries_for_2n_postings_as_for_n(
    world: dict[str, Any], chengdu_caseworker: Any
) -> None:
    from bashu.jobs.tests.test_query_counts import N, assert_constant, queries

    client = client_for(chengdu_caseworker)

    def build() -> None:
        for i in range(N):
            employer = EmployerFactory(area="510104")
            make_posting(employer, title=f"夜班操作工{i}", description=AGE_CEILING)

    assert_constant(build, lambda: queries(client, "/jobs/review/"))
