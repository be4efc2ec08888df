"""Messages and job alerts in a real browser at phone width (390×844), in Chinese and in
English: a seeker saves a search from /jobs/, a new matching posting arrives through the
worker and the alert run, the account menu shows one unread message, the inbox opens it
(marking it read), and the saved search is deleted. No page scrolls sideways."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bashu.core.models import Notification, Role
from bashu.core.tests.queue import drain
from bashu.jobs.alerts import job_alerts_run
from bashu.jobs.models import JobAlert
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory
from tests.e2e.steps import LANGUAGES, login, no_sideways_scroll, phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {"menu": "菜单", "account": "我的账户", "messages": "消息", "save": "订阅此搜索",
                "view": "查看", "delete": "删除", "no_searches": "还没有订阅的搜索"},
    "en": {"menu": "Menu", "account": "My account", "messages": "Messages",
           "save": "Save this search", "view": "Show", "delete": "Delete",
           "no_searches": "No saved searches yet"},
}  # fmt: skip


def _open_account_menu(page, w) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=w["menu"]).click()
    expect(page.locator("#site-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("#account-menu").click()
    expect(page.locator("#menu-messages")).to_be_visible()


@LANGUAGES
def test_a_saved_search_brings_one_message_read_in_the_inbox(  # type: ignore[no-untyped-def]
    browser, live_server, make_account, settings, tmp_path, screenshot_dir, language
) -> None:
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"
    w = WORDS[language]
    seeker = make_account("zhao", Role.SEEKER)
    employer = EmployerFactory(area="510107")
    context, page = phone_page(browser, live_server, language)
    login(page, "zhao")

    # the seeker searches and saves the search
    page.goto(page.base_url + "/jobs/?q=数控")
    page.get_by_role("button", name=w["save"]).click()
    expect(page.locator("#saved-searches")).to_contain_text("数控")
    no_sideways_scroll(page)
    assert JobAlert.objects.filter(account=seeker).count() == 1

    # a matching posting is published, indexed by the worker, and the alert run sends it
    make_posting(employer, title="数控车工", description="操作数控车床", occupation="6-18-01-01",
                 industry="36", skills=["数控车床"], education=None,
                 open_date=timezone.localdate())  # fmt: skip
    drain()
    assert job_alerts_run()["postings"] == 1
    assert job_alerts_run()["postings"] == 0

    # the account menu shows one unread message
    page.goto(page.base_url + "/jobs/")
    _open_account_menu(page, w)
    expect(page.locator("#menu-messages .badge")).to_contain_text("1")
    page.locator("#menu-messages").click()
    expect(page.locator("#messages")).to_contain_text("数控")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"messages-phone-{language}.png"), full_page=True)

    # opening it marks it read and goes to the posting
    page.get_by_role("button", name=w["view"]).click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    assert Notification.objects.get(recipient=seeker).read_at is not None
    _open_account_menu(page, w)
    expect(page.locator("#menu-messages .badge")).to_have_count(0)

    # the saved search is deleted from its list
    page.goto(page.base_url + "/jobs/alerts/")
    page.locator("#saved-searches").get_by_role("button", name=w["delete"]).click()
    expect(page.get_by_text(w["no_searches"])).to_be_visible()
    no_sideways_scroll(page)
    context.close()
