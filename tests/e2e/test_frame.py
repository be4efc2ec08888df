"""The site's frame in a real browser (docs/adr/0012-design-system.md): the phone menu, no
sideways scrolling, labelled inputs, the skip link, the 404 page in the layout, English with
no Chinese outside data, tap targets, and the reference picker on the component gallery."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from bashu.core.models import Role
from bashu.people.tests.factories import PersonFactory
from tests.e2e.steps import DESKTOP, PHONE, browser_page, login, no_sideways_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => e.type !== 'hidden' && !e.disabled && e.tabIndex !== -1
               && e.getClientRects().length > 0)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
               && !e.getAttribute('aria-labelledby') && !e.title)
  .map(e => e.outerHTML.slice(0, 120))"""

# Text outside data: everything but the names the records carry (regions' names on the home
# cards) and the language switch, which names Chinese in Chinese.
TEXT_OUTSIDE_DATA = """() => {
  const root = document.body.cloneNode(true);
  root.querySelectorAll('[data-region] .card-title, [lang="zh-hans"], script').forEach(e => e.remove());
  return document.title + '\\n' + root.innerText;
}"""


@pytest.fixture
def world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"
    PersonFactory.create_batch(2, area="510104")
    call_command("headlines_refresh", stdout=io.StringIO())


def test_phone_menu_scroll_labels_skip_link_and_tap_targets(  # type: ignore[no-untyped-def]
    browser, live_server, world, make_account, screenshot_dir
) -> None:
    make_account("frame_seeker", Role.SEEKER)
    context, page = browser_page(browser, live_server, PHONE)
    page.goto(page.base_url + "/")

    # The menu is one button at phone width; it opens, and its links are big enough to tap.
    menu = page.get_by_role("button", name="菜单")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="招聘会")).to_be_hidden()
    assert menu.bounding_box()["height"] >= 44
    menu.click()
    fairs = page.get_by_role("link", name="招聘会")
    expect(fairs).to_be_visible()
    page.wait_for_timeout(400)  # the collapse animation
    for link in page.locator("#site-nav .nav-link").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    assert page.evaluate(UNLABELLED) == []
    no_sideways_scroll(page)

    # The skip link is the first stop and moves the focus to the main content.
    page.reload()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto(page.base_url + "/jobs/")
    no_sideways_scroll(page)
    assert page.evaluate(UNLABELLED) == []

    login(page, "frame_seeker")
    page.goto(page.base_url + "/me/")
    expect(page.locator("h1")).to_have_text("我的账户")
    no_sideways_scroll(page)
    assert page.evaluate(UNLABELLED) == []
    context.close()


def test_not_found_is_in_the_layout(page, world) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(page.base_url + "/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    expect(page.locator("nav.navbar")).to_be_visible()
    expect(page.get_by_role("link", name="回到首页")).to_be_visible()
    assert page.title() == "页面不存在 · 巴蜀"


def test_home_in_english_has_no_chinese_outside_data(  # type: ignore[no-untyped-def]
    browser, live_server, world, screenshot_dir
) -> None:
    for language in ("zh-hans", "en"):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context, page = browser_page(browser, live_server, viewport, language=language)
            page.goto(page.base_url + "/")
            page.wait_for_load_state("networkidle")
            page.screenshot(
                path=str(screenshot_dir / f"frame-home-{language}-{name}.png"), full_page=True
            )
            if language == "en":
                assert page.locator("html").get_attribute("lang") == "en"
                leftover = sorted(set(CJK.findall(page.evaluate(TEXT_OUTSIDE_DATA))))
                assert leftover == [], "".join(leftover)
            context.close()


def test_region_picker_searches_by_name_and_cascades(page, world) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/design/")
    county = page.get_by_role("combobox", name="现居地")
    county.click()
    county.press_sequentially("青白江")
    option = page.locator(".ts-dropdown .option[data-value='510113']")
    expect(option).to_contain_text("青白江区")
    option.click()
    assert page.locator("select#id_county").input_value() == "510113"
    expect(page.locator("#id_county-ts-control").locator("xpath=..")).to_contain_text("青白江区")

    # Submitted without an occupation: the error summary links to it, the county is kept.
    page.locator("#picker-example button[type=submit]").click()
    expect(page.locator("#error-summary a[href='#id_occupation']")).to_be_visible()
    assert page.locator("select#id_county").input_value() == "510113"
    assert page.evaluate(UNLABELLED) == []

    # The cascade: 四川省 → 成都市 → 郫都区 sets the picker.
    page.locator("details.picker-cascade summary").first.click()
    page.locator("#id_county-province").select_option(label="四川省")
    page.locator("#id_county-prefecture").select_option(label="成都市")
    page.locator("#id_county-county").select_option(label="郫都区")
    assert page.locator("select#id_county").input_value() == "510117"

    # A second search offers only its own answer: after 焊工 was chosen, 电工 comes first (no
    # row of the first search, such as 喷涂喷焊工, left above it for Enter to pick)
    occupation = page.get_by_role("combobox", name="期望职业")
    occupation.click()
    occupation.press_sequentially("焊工")
    page.locator("#id_occupation-ts-dropdown .option[data-value='6-18-02-04']").click()
    occupation.click()
    occupation.press_sequentially("电工")
    first = page.locator("#id_occupation-ts-dropdown .option").first
    expect(first).to_contain_text("电工")
    expect(page.locator("#id_occupation-ts-dropdown .option", has_text="喷涂喷焊工")).to_have_count(
        0
    )

    # A reader who types the place as a map spells it finds it too: every match the API gave
    # is offered (the list does not filter "District" away again).
    page.goto(page.base_url + "/design/")
    county.click()
    county.press_sequentially("Qingbaijiang District")
    expect(page.locator(".ts-dropdown .option[data-value='510113']")).to_contain_text("青白江区")
