"""What the browser journeys do alike: open a page at a size and in a language, sign in,
pick a name from a reference picker, and check that the page does not scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import TEST_PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

#: A journey run once in Chinese and once in English.
LANGUAGES = pytest.mark.parametrize("language", ["zh-hans", "en"])


def browser_page(
    browser: Browser,
    live_server: Any,
    viewport: dict[str, int],
    *,
    language: str = "zh-hans",
) -> tuple[BrowserContext, Page]:
    """A new context (a phone's at :data:`PHONE`) reading the site in ``language``, and its
    page, which knows the server's address as ``page.base_url``."""
    context = browser.new_context(
        locale="zh-CN",
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=viewport == PHONE,
    )
    if language != "zh-hans":
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    return context, page


def phone_page(browser: Browser, live_server: Any, language: str) -> tuple[BrowserContext, Page]:
    """:func:`browser_page` at phone width."""
    return browser_page(browser, live_server, PHONE, language=language)


def login(page: Page, username: str, *, password: str = TEST_PASSWORD) -> None:
    """Sign in as ``username`` (a username, phone or ID number), signing out whoever was in."""
    page.context.clear_cookies(name="sessionid")
    page.goto(page.base_url + "/login/")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def pick(page: Page, label: str, typed: str, code: str, *, close: bool = False) -> None:
    """Choose a name (a region, an occupation…) by typing part of it and clicking it in the
    list; ``close`` then closes the list (a picker that takes several names stays open)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.press_sequentially(typed)
    option = page.locator(f".ts-dropdown .option[data-value='{code}']")
    expect(option).to_be_visible()
    option.click()
    if close:
        page.keyboard.press("Escape")
