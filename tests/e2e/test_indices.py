"""An analyst opens 就业指数 on generated data: charts drawn, a county map, exports, bulletin."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bashu.analytics.extract import extract_month
from bashu.analytics.refresh import indices_refresh
from bashu.datagen.generate import generate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_dashboard_draws_the_indices_and_exports_a_chart(
    page, settings, tmp_path, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    generate(scale=0.0002, seed=4, chunk_size=5_000, jobs_scale=0.002)
    for month in ("2025-05", "2025-06"):
        extract_month(month=month)
    indices_refresh(period="2025-06")

    page.goto(page.base_url + "/indices/?period=2025-06&region=zone")
    for chart in ("flow", "demand", "vacancy", "heat", "sentiment", "full"):
        expect(page.locator(f"#chart-{chart}[data-ready='1']")).to_be_visible()
    # the county map draws one symbol per county that is not suppressed
    expect(page.locator("#chart-heat svg path").first).to_be_attached()
    page.screenshot(path=str(screenshot_dir / "indices-dashboard.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("section:has(#chart-demand) a", has_text="CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.startswith("period,level,region,region_name")
    assert "制造业" in content

    page.select_option("select[name=region]", "500000")
    page.locator("#filters button[type=submit]").click()
    expect(page).to_have_url(page.base_url + "/indices/?period=2025-06&region=500000")
    expect(page.locator("#chart-heat[data-ready='1']")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="月度简报（可打印）").click()
    expect(page.locator("h1")).to_contain_text("月度简报")
    expect(page.locator("#bulletin-flow")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "indices-bulletin-phone.png"), full_page=True)


CHARTS = ("flow", "demand", "vacancy", "heat", "sentiment", "full")


def test_dashboard_charts_have_data_at_province_and_prefecture_on_a_phone(
    browser, live_server, settings, tmp_path, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    """On demo-sized data every chart of the dashboard is drawn with figures (not the
    "nothing to publish" notice) for Sichuan and for Chengdu, in Chinese and in English,
    at phone width; the region is chosen by name."""
    import datetime as dt

    from django.utils import timezone

    settings.DATA_DIR = tmp_path
    generate(scale=0.001, seed=1, chunk_size=20_000)
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    before = last.replace(day=1) - dt.timedelta(days=1)
    months = [before.strftime("%Y-%m"), last.strftime("%Y-%m")]
    for month in months:
        extract_month(month=month)
    indices_refresh(period=months[1])

    for locale, heading, region_names in (
        ("zh-CN", "劳动力市场指数", ("四川省", "成都市")),
        ("en-US", "Labour-market indices", ("Sichuan", "成都市")),
    ):
        context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(live_server.url + "/indices/")
        expect(page.locator("h1")).to_have_text(heading)
        for name in region_names:
            page.get_by_label("地区" if locale == "zh-CN" else "Region").select_option(label=name)
            page.locator("#filters button[type=submit]").click()
            for chart in CHARTS:
                drawn = page.locator(f"#chart-{chart}[data-ready='1']")
                expect(drawn).to_have_attribute("data-empty", "0")
                expect(drawn.locator("svg path").first).to_be_attached()
            # the page does not scroll sideways on a phone
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(
            path=str(screenshot_dir / f"indices-prefecture-phone-{locale}.png"), full_page=True
        )
        context.close()
