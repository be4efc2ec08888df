"""The main journeys in a real browser: the home page in Chinese, log-in, a caseworker's list."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from bashu.core.models import Role
from bashu.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_chinese(page, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    PersonFactory.create_batch(2, area="510104")
    call_command("headlines_refresh", stdout=io.StringIO())  # the page shows stored figures
    page.goto(page.base_url + "/")
    heading = page.locator("h1")
    assert heading.inner_text() == "川渝合作·职等你来"
    # The CJK font is present: the heading's glyphs have real width (tofu boxes would too, so
    # also check the font that rendered them).
    assert heading.bounding_box()["width"] > 100
    fonts = page.evaluate("() => document.fonts.check('16px \"WenQuanYi Micro Hei\"', '川渝')")
    assert fonts is True
    assert page.locator('[data-region="510000"] dd').first.inner_text() == "2"
    page.screenshot(path=str(screenshot_dir / "home-zh.png"), full_page=True)


def test_language_switch_to_english_and_back(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h2").first).to_have_text("By region")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="中文").click()
    expect(page.locator("h2").first).to_have_text("各地概况")


def test_caseworker_logs_in_and_sees_only_their_region_masked(
    page, make_account, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    make_account("cw_e2e", Role.CASEWORKER, "510100")
    mine = PersonFactory(area="510117")
    other = PersonFactory(area="500105")
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "cw_e2e")
    page.fill("input[name=password]", "pw-for-tests-only")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="人员", exact=True).click()
    expect(page.locator("h1")).to_have_text("人员")
    table = page.locator("table").inner_text()
    assert mine.resident_id_masked in table and mine.resident_id not in table
    assert other.resident_id_masked not in table
    page.screenshot(path=str(screenshot_dir / "people-caseworker.png"), full_page=True)


def test_home_page_fits_a_phone(browser, live_server, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    page.screenshot(path=str(screenshot_dir / "home-phone.png"), full_page=True)
    context.close()
