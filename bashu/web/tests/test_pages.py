"""Portal pages: Chinese by default, English on request, figures from the database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from bashu.people.tests.factories import EmployerFactory, PersonFactory, RegistrationFactory
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_home_shows_per_region_figures_in_chinese() -> None:
    PersonFactory.create_batch(3, area="510104")
    PersonFactory(area="500105")
    RegistrationFactory(employer=EmployerFactory(area="500112"))
    from bashu.jobs.tests.factories import make_posting

    make_posting(
        EmployerFactory(area="500113"), region="510107"
    )  # a Chongqing firm hiring in Chengdu
    call_command("headlines_refresh", stdout=io.StringIO())
    page = client_for(None).get("/").content.decode()
    assert '<html lang="zh-hans">' in page and "川渝合作·职等你来" in page
    assert 'data-region="510000"' in page and 'data-region="500000"' in page
    sichuan = page.split('data-region="510000"')[1].split("</article>")[0]
    chongqing = page.split('data-region="500000"')[1].split("</article>")[0]

    def figures(card: str) -> list[str]:
        return [part.split("</dd>")[0] for part in card.split("<dd>")[1:]]

    # persons, employers, registrations, open registrations (by owning region), open postings,
    # intentions (by place of work).
    assert figures(sichuan) == [
        "4",
        "0",
        "0",
        "0",
        "1",
        "0",
    ]  # the posting's place of work is 510107
    assert figures(chongqing) == ["1", "2", "1", "1", "0", "0"]  # two employers, one registration


def test_home_never_counts_per_request(django_assert_max_num_queries) -> None:
    """The figures are the stored ones: no query for an anonymous visitor, and new rows show
    only after the next refresh."""
    PersonFactory.create_batch(2, area="510104")
    call_command("headlines_refresh", stdout=io.StringIO())
    client = client_for(None)
    client.get("/")
    PersonFactory(area="510104")
    with django_assert_max_num_queries(0):
        page = client.get("/").content.decode()
    sichuan = page.split('data-region="510000"')[1].split("</article>")[0]
    assert "<dd>2</dd>" in sichuan and "统计于" in page
    call_command("headlines_refresh", stdout=io.StringIO())
    assert "<dd>3</dd>" in client.get("/").content.decode().split('data-region="510000"')[1]


def test_home_before_any_refresh_shows_no_figures(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    PersonFactory(area="510104")
    response = client_for(None).get("/")
    assert response.status_code == 200 and "暂无数据" in response.content.decode()


def test_english_switch() -> None:
    client = client_for(None)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Persons registered" in page


def test_login_for_every_role(make_account) -> None:  # type: ignore[no-untyped-def]
    for role, region in (
        ("seeker", None),
        ("employer", None),
        ("caseworker", "510100"),
        ("analyst", None),
        ("administrator", None),
    ):
        make_account(f"u_{role}", role, region)
        client = client_for(None)
        response = client.post(
            "/login/", {"username": f"u_{role}", "password": "pw-for-tests-only"}
        )
        assert response.status_code == 302, role
        assert f"u_{role}" in client.get("/me/").content.decode()
    assert (
        "账号或密码不正确"
        in client_for(None)
        .post("/login/", {"username": "u_seeker", "password": "wrong"})
        .content.decode()
    )


def test_people_page_is_masked_and_scoped(chengdu_caseworker, analyst) -> None:  # type: ignore[no-untyped-def]
    mine = PersonFactory(area="510104")
    other = PersonFactory(area="500105")
    page = client_for(chengdu_caseworker).get("/people/").content.decode()
    assert (
        mine.resident_id_masked in page and mine.resident_id not in page and mine.phone not in page
    )
    assert other.resident_id_masked not in page
    assert client_for(analyst).get("/people/").status_code == 403
