"""Search over a real tantivy index: segmentation, synonyms, filters, facets, highlights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from bashu.core.permissions import SYSTEM
from bashu.core.tests.queue import drain
from bashu.jobs import search as index
from bashu.jobs.models import JobPosting
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory
from conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postings():  # type: ignore[no-untyped-def]
    chengdu = EmployerFactory(area="510107")
    chongqing = EmployerFactory(area="500112")
    today = timezone.localdate()
    made = {
        "java": make_posting(chengdu),
        "driver": make_posting(
            chongqing,
            title="货车司机",
            description="持B2驾照，负责川渝线路运输",
            occupation="4-02-02-02",
            industry="54",
            region="500112",
            skills=["B2驾照"],
            salary_min=7000,
            salary_max=9000,
            education="junior_secondary",
            experience_years=1,
            open_date=today - dt.timedelta(days=40),
        ),
        "welder": make_posting(
            chongqing,
            title="焊工（二保焊）",
            description="汽车零部件焊接",
            occupation="6-18-02-04",
            industry="36",
            region="500113",
            skills=["二氧化碳保护焊"],
            salary_min=6000,
            salary_max=8000,
            education="junior_secondary",
            experience_years=0,
        ),
    }
    drain()  # the worker applies the index updates the writes enqueued
    return made


def api(params):  # type: ignore[no-untyped-def]
    response = client_for(None).get("/api/v1/jobs/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_chinese_query_is_segmented_and_highlighted(postings) -> None:  # type: ignore[no-untyped-def]
    body = api({"q": "Java开发"})
    assert [r["id"] for r in body["results"]] == [postings["java"].pk]
    assert "<mark>" in body["results"][0]["highlights"]["title"]
    assert body["results"][0]["score"] > 0


def test_synonyms_find_the_same_job(postings) -> None:  # type: ignore[no-untyped-def]
    assert [r["id"] for r in api({"q": "驾驶员"})["results"]] == [postings["driver"].pk]
    assert postings["java"].pk in [r["id"] for r in api({"q": "程序员"})["results"]]


def test_an_english_job_word_finds_the_chinese_postings(postings) -> None:  # type: ignore[no-untyped-def]
    # welder (and welders) means 焊工; a word not listed, such as car, means nothing more
    assert [r["id"] for r in api({"q": "welder"})["results"]] == [postings["welder"].pk]
    assert [r["id"] for r in api({"q": "Welders"})["results"]] == [postings["welder"].pk]
    assert api({"q": "car"})["count"] == 0


def test_province_facets_are_named_in_the_readers_language(postings) -> None:  # type: ignore[no-untyped-def]
    def provinces(language: str) -> set[str]:
        response = client_for(None).get("/api/v1/jobs/search", HTTP_ACCEPT_LANGUAGE=language)
        regions = response.json()["facets"]["region"].values()
        return {r["name"] for r in regions if r["level"] == "province"}

    assert provinces("zh-hans") == {"四川省", "重庆市"}
    assert provinces("en") == {"Sichuan", "Chongqing"}


def test_a_broader_term_finds_compound_titles_and_not_the_reverse() -> None:
    """程序员 reaches 前端开发工程师 (rjieba cuts it 前端开发 / 工程师, so no programmer term
    is in it) through the broader relation; 前端 does not reach a Java posting."""
    employer = EmployerFactory(area="510107")
    frontend = make_posting(
        employer,
        title="前端开发工程师",
        description="负责公司网站页面与小程序界面",
        skills=["Vue", "TypeScript"],
    )
    java = make_posting(employer, title="Java后台工程师", description="服务端接口", skills=["Java"])
    drain()
    assert frontend.pk in [r["id"] for r in api({"q": "程序员"})["results"]]
    assert [r["id"] for r in api({"q": "前端"})["results"]] == [frontend.pk]
    assert java.pk not in [r["id"] for r in api({"q": "前端工程师"})["results"]]


def test_region_filter_includes_everything_below(postings) -> None:  # type: ignore[no-untyped-def]
    assert {r["id"] for r in api({"region": "500000"})["results"]} == {
        postings["driver"].pk,
        postings["welder"].pk,
    }
    assert [r["id"] for r in api({"region": "510100"})["results"]] == [postings["java"].pk]
    assert [r["id"] for r in api({"region": "500113"})["results"]] == [postings["welder"].pk]


def test_other_filters(postings) -> None:  # type: ignore[no-untyped-def]
    assert [r["id"] for r in api({"salary_min": 10000})["results"]] == [postings["java"].pk]
    assert [r["id"] for r in api({"industry": "C"})["results"]] == [postings["welder"].pk]
    assert [r["id"] for r in api({"occupation": "4-02"})["results"]] == [postings["driver"].pk]
    assert postings["driver"].pk not in [
        r["id"] for r in api({"posted_within_days": 30})["results"]
    ]
    assert postings["java"].pk not in [
        r["id"] for r in api({"education": "senior_secondary"})["results"]
    ]


def test_empty_query_lists_newest_first_with_facets(postings) -> None:  # type: ignore[no-untyped-def]
    body = api({})
    assert body["count"] == 3
    assert body["results"][-1]["id"] == postings["driver"].pk  # the oldest
    assert body["facets"]["region"]["500000"]["count"] == 2
    assert body["facets"]["region"]["510000"]["count"] == 1
    assert body["facets"]["region"]["510100"]["name"] == "成都市"
    assert body["facets"]["industry"]["C"] == {"name": "制造业", "count": 1}


def test_pagination(postings) -> None:  # type: ignore[no-untyped-def]
    first = api({"limit": 2, "page": 1})
    second = api({"limit": 2, "page": 2})
    assert first["count"] == 3 and len(first["results"]) == 2 and len(second["results"]) == 1


def test_bad_parameters_name_the_field() -> None:
    client = client_for(None)
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"page": 0}, "page"),
        ({"region": "999999"}, "region"),
        ({"education": "phd"}, "education"),
        ({"salary_min": "lots"}, "salary_min"),
    ):
        response = client.get("/api/v1/jobs/search", params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] == field


def test_index_follows_commits_and_rebuilds(postings) -> None:  # type: ignore[no-untyped-def]
    from bashu.jobs.services.postings import posting_close

    posting_close(by=SYSTEM, posting_id=postings["welder"].pk)
    assert postings["welder"].pk in [r["id"] for r in api({})["results"]]  # until the worker runs
    drain()
    assert postings["welder"].pk not in [r["id"] for r in api({})["results"]]
    JobPosting.objects.filter(pk=postings["java"].pk).update(
        title="Python数据分析师"
    )  # behind the index's back
    assert api({"q": "Python"})["count"] == 0
    call_command("reindex_jobs", "--no-progress")
    assert [r["id"] for r in api({"q": "Python"})["results"]] == [postings["java"].pk]


def test_expired_postings_disappear_and_close(postings) -> None:  # type: ignore[no-untyped-def]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    JobPosting.objects.filter(pk=postings["java"].pk).update(
        close_date=yesterday, open_date=yesterday - dt.timedelta(days=5)
    )
    call_command("reindex_jobs", "--no-progress")
    assert postings["java"].pk not in [r["id"] for r in api({})["results"]]
    call_command("close_expired_postings")
    assert JobPosting.objects.get(pk=postings["java"].pk).status == "closed"


def test_all_words_first_then_any_word(postings) -> None:  # type: ignore[no-untyped-def]
    body = api({"q": "焊工 Java"})
    assert body["relaxed"] is True and {r["id"] for r in body["results"]} == {
        postings["java"].pk,
        postings["welder"].pk,
    }


def test_highlight_escapes_html() -> None:
    assert (
        index.highlight("<b>Java</b>开发", ["java"]) == "&lt;b&gt;<mark>Java</mark>&lt;/b&gt;开发"
    )
