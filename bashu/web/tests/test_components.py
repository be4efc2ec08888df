"""The design system's pieces: the reference search behind the pickers, the picker widget,
the error pages, the admin's brand and the number filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import override_settings
from django.utils import translation

from bashu.core.errors import FieldError
from bashu.core.widgets import OccupationPicker, RegionPicker
from bashu.web.templatetags.bashu import _summary_items, money, quantity
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_regions_search_by_chinese_name_and_code_prefix() -> None:
    client = client_for(None)
    body = client.get("/api/v1/regions", {"q": "青白江"}).json()
    assert [r["code"] for r in body["results"]] == ["510113"]
    chengdu = client.get("/api/v1/regions", {"q": "5101", "level": "county"}).json()
    assert chengdu["count"] > 10 and all(r["code"].startswith("5101") for r in chengdu["results"])
    # an exact name first, before names that only contain it
    first = client.get("/api/v1/regions", {"q": "成都市"}).json()["results"][0]
    assert first["code"] == "510100"


def test_occupations_and_industries_search_by_name_and_code() -> None:
    client = client_for(None)
    welders = client.get("/api/v1/occupations", {"q": "焊工"}).json()["results"]
    assert welders and all("焊工" in o["name"] for o in welders)
    by_code = client.get("/api/v1/occupations", {"q": "2-02"}).json()["results"]
    assert by_code and all(o["code"].startswith("2-02") for o in by_code)
    manufacturing = client.get("/api/v1/industries", {"q": "制造"}).json()["results"]
    assert "C" in [i["code"] for i in manufacturing]
    assert client.get("/api/v1/industries", {"q": "x" * 200}).status_code == 422


class _Form(forms.Form):
    county = forms.CharField(widget=RegionPicker(level="county"))
    occupation = forms.CharField(widget=OccupationPicker())


def test_picker_shows_the_name_and_submits_the_code() -> None:
    html = str(_Form(initial={"county": "510113"})["county"])
    assert 'name="county"' in html and 'value="510113" selected>青白江区' in html
    assert 'data-picker="regions"' in html and 'data-level="county"' in html
    assert "picker-cascade" in html and 'id="id_county-province"' in html
    assert "picker-cascade" not in str(_Form()["occupation"])


def test_design_page_error_summary_and_check_answers() -> None:
    client = client_for(None)
    page = client.get("/design/", {"county": ""}).content.decode()
    assert 'id="error-summary"' in page and 'href="#id_county"' in page
    page = client.get("/design/", {"county": "510113", "occupation": "6-16-02-08"}).content
    assert "青白江区" in page.decode() and "check-answers" in page.decode()
    assert 'id="example-filters"' in page.decode() and "BS-2026-000123" in page.decode()


def test_error_summary_from_field_errors() -> None:
    items = _summary_items([FieldError("resident_id", "checksum", "校验码不正确")], "id_")
    assert items[0].target == "id_resident_id" and items[0].message == "校验码不正确"


def test_money_and_quantity() -> None:
    with translation.override("zh-hans"):
        assert money(8000) == "8,000 元/月"
        assert money(Decimal("12500.00")) == "12,500 元/月"
        assert money(300, "once") == "300 元"
        assert money(None) == ""
    with translation.override("en"):
        assert money(8000) == "8,000 yuan/month"
    assert quantity(1234567, "人") == "1,234,567 人"


def test_percent_reads_a_share_as_people_do() -> None:
    from bashu.web.templatetags.bashu import percent

    assert percent(0.0430) == "4.3%"
    assert percent(-0.0525) == "-5.3%"
    assert percent(0.79374) == "79.4%"
    assert percent(None) == percent("") == percent("n/a") == ""


@override_settings(DEBUG=False)
def test_not_found_is_the_site_layout_and_the_api_keeps_its_shape() -> None:
    client = client_for(None)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and "navbar" in page
    assert "无权访问" not in page.split("<main")[1]
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["errors"][0]["rule"] == "not_found"


def test_forbidden_page_says_no_access(analyst) -> None:  # type: ignore[no-untyped-def]
    response = client_for(analyst).get("/people/")
    page = response.content.decode()
    assert response.status_code == 403 and "无权访问" in page and "页面不存在" not in page


def test_admin_is_branded() -> None:
    assert str(admin.site.site_header).startswith("巴蜀")
    assert "Django" not in str(admin.site.site_title)


def test_pages_carry_the_frame() -> None:
    page = client_for(None).get("/login/").content.decode()
    assert 'href="#main"' in page and 'id="main"' in page and "navbar-toggler" in page
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "<title>登录 · 巴蜀</title>" in page


def test_forbidden_handler_in_the_layout_and_the_api_shape() -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from config.urls import forbidden

    request = RequestFactory().get("/cases/1/")
    request.user = AnonymousUser()
    page = forbidden(request).content.decode()
    assert "无权访问" in page and "navbar" in page and "/login/?next=" in page
    api = forbidden(RequestFactory().get("/api/v1/cases/1"))
    assert api.status_code == 403 and b'"rule": "forbidden"' in api.content


def test_home_figures_in_english(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.management import call_command

    from bashu.people.tests.factories import PersonFactory

    settings.DATA_DIR = tmp_path
    PersonFactory(area="510104")
    call_command("headlines_refresh", stdout=io.StringIO())
    client = client_for(None)
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert '<dt class="fw-normal">Employers</dt>' in page
    assert "Employment intentions" in page and "Bashu" in page
