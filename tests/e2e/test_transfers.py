"""A citizen submits an insurance transfer at a Chongqing window; a Chengdu caseworker
completes it — in a real browser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bashu.people.tests.factories import PersonFactory
from bashu.transfers.models import InsurancePeriod, InsuranceTransfer
from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main button[type=submit]").click()


def test_transfer_submitted_in_chongqing_completed_in_chengdu(
    page, make_account, settings, tmp_path, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    citizen = make_account("zhangwei", "seeker")
    make_account("cw_chengdu", "caseworker", "510100")
    person = PersonFactory(area="500103", name="张伟", account=citizen)
    InsurancePeriod.objects.create(
        person=person,
        region_id="500103",
        first_month=dt.date(2016, 1, 1),
        last_month=dt.date(2023, 12, 1),
        base=Decimal("5200"),
    )

    login(page, "zhangwei")
    page.goto(page.base_url + "/services/")
    expect(page.locator("#estimate")).to_contain_text("96 个月")
    form = page.locator("#transfer-form")
    form.locator("input[name=to_region]").fill("510104")
    form.locator("input[name=window_region]").fill("500103")
    form.get_by_role("button", name="提交申请").click()
    expect(page.locator("#hall-message")).to_contain_text("已受理")
    expect(page.locator("#my-cases")).to_contain_text("已转办")
    page.screenshot(path=str(screenshot_dir / "service-hall.png"), full_page=True)

    login(page, "cw_chengdu")
    page.goto(page.base_url + "/cases/")
    page.locator("#queue a").first.click()
    expect(page.locator("#transfer")).to_contain_text("500103 → 510104")
    page.get_by_role("button", name="受理审查").click()
    expect(page.locator("#case-state")).to_contain_text("审查中")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator("#case-state")).to_contain_text("已批准")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#case-state")).to_contain_text("已办结")
    expect(page.locator("#events li")).to_have_count(5)
    page.screenshot(path=str(screenshot_dir / "case-done.png"), full_page=True)
    assert InsuranceTransfer.objects.get().status == "accepted"

    login(page, "zhangwei")
    page.goto(page.base_url + "/services/")
    expect(page.locator("#relationship")).to_contain_text("510104")
    expect(page.locator("#my-cases")).to_contain_text("已办结")
    expect(page.locator("#reads")).to_contain_text("失业保险关系转移")
