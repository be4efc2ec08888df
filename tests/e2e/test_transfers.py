"""The one-window services in a real browser at phone width (390×844), in Chinese and in
English, without typing a code (regions are picked by name):

- the personnel-file transfer: a seeker in Chongqing asks for their file to go to Chengdu;
  Chongqing's caseworker (the holding region) finds it in the queue and dispatches it with a
  tracking number; Chengdu's caseworker (the receiving region) takes it and confirms receipt;
  each sees what happened and what comes next, and the seeker finds the file moved;
- the insurance transfer: the seeker reads the estimate in words, checks the answers with the
  estimate after the move, submits, and Chengdu's caseworker takes, approves and closes it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bashu.people.tests.factories import PersonFactory
from bashu.transfers.models import Archive, ArchiveMove, InsurancePeriod, InsuranceTransfer
from tests.e2e.steps import LANGUAGES, login, no_sideways_scroll, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: What a person reads and clicks, in each language.
WORDS = {
    "zh-hans": {
        "destination": "转入地",
        "custodian": "接收机构",
        "continue": "继续",
        "check": "核对您的申请",
        "confirm": "确认并提交",
        "submitted": "申请已提交",
        "follow": "查看办理进度",
        "ask_file": "申请转递档案",
        "ask_insurance": "申请转移失业保险关系",
        "to_dispatch": "待寄出档案",
        "tracking": "机要编号",
        "dispatch": "寄出档案",
        "dispatched": "档案已寄出",
        "take": "受理审查",
        "taken": "已受理审查",
        "confirm_file": "确认收到档案",
        "file_confirmed": "已确认接收档案",
        "approve": "批准",
        "close": "办结",
        "closed": "已办结",
        "routed": "已转办",
        "in_review": "审查中",
        "wait_dispatch": "等待 重庆市渝中区人才交流服务中心",
        "wait_receipt": "等待 成都市人才服务中心 确认接收",
        "timeline_dispatch": "渝中区 寄出档案",
        "estimate": "108 个月",
        "unverified": "尚未与公布的文本核对",
        "after": "转移后",
        "changes": "测算会变化",
    },
    "en": {
        "destination": "Destination",
        "custodian": "Receiving agency",
        "continue": "Continue",
        "check": "Check your application",
        "confirm": "Confirm and submit",
        "submitted": "Application submitted",
        "follow": "Follow your case",
        "ask_file": "Ask to move my file",
        "ask_insurance": "Apply to move my unemployment insurance",
        "to_dispatch": "File to dispatch",
        "tracking": "Confidential-post number",
        "dispatch": "Dispatch the file",
        "dispatched": "File dispatched",
        "take": "Take for review",
        "taken": "Taken for review",
        "confirm_file": "Confirm the file has arrived",
        "file_confirmed": "Receipt of the file confirmed",
        "approve": "Approve",
        "close": "Close",
        "closed": "Done",
        "routed": "Routed",
        "in_review": "In review",
        "wait_dispatch": "Waiting for 重庆市渝中区人才交流服务中心",
        "wait_receipt": "waiting for 成都市人才服务中心 to confirm",
        "timeline_dispatch": "渝中区 dispatched the file",
        "estimate": "108 months",
        "unverified": "not yet been checked against the published text",
        "after": "After the transfer",
        "changes": "The estimate changes",
    },
}


@pytest.fixture
def world(settings, tmp_path, make_account):  # type: ignore[no-untyped-def]
    """张伟, insured in two Chongqing districts, his file at 渝中区's talent centre; a
    caseworker of Chongqing and one of Chengdu."""
    settings.DATA_DIR = tmp_path
    citizen = make_account("zhangwei", "seeker")
    person = PersonFactory(area="500103", name="张伟", account=citizen)
    for region, start, end in (
        ("500103", dt.date(2015, 1, 1), dt.date(2019, 12, 1)),
        ("500112", dt.date(2020, 1, 1), dt.date(2023, 12, 1)),
    ):
        InsurancePeriod.objects.create(
            person=person, region_id=region, first_month=start, last_month=end, base=Decimal(5200)
        )
    Archive.objects.create(
        person=person, region_id="500103", custodian="重庆市渝中区人才交流服务中心"
    )
    make_account("cw_chongqing", "caseworker", "500000")
    make_account("cw_chengdu", "caseworker", "510100")
    return person


def _seeker_services(page) -> None:  # type: ignore[no-untyped-def]
    """The seeker (zhangwei) signed in, on their services page."""
    login(page, "zhangwei")
    page.goto(page.base_url + "/services/")


@LANGUAGES
def test_a_personnel_file_transfer_requested_dispatched_and_confirmed(  # type: ignore[no-untyped-def]
    browser, live_server, world, language, screenshot_dir
) -> None:
    w = WORDS[language]
    context, page = phone_page(browser, live_server, language)

    # The seeker asks for the file to go to Chengdu: picked by name, checked, submitted.
    _seeker_services(page)
    no_sideways_scroll(page)
    page.get_by_role("link", name=w["ask_file"]).click()
    pick(page, w["destination"], "锦江", "510104")
    page.get_by_label(w["custodian"]).fill("成都市人才服务中心")
    page.get_by_role("button", name=w["continue"]).click()
    expect(page.get_by_role("heading", name=w["check"])).to_be_visible()
    expect(page.locator("main")).to_contain_text("锦江区")
    expect(page.locator("main")).to_contain_text("渝中区")  # the window, from the profile
    page.get_by_role("button", name=w["confirm"]).click()
    expect(page.locator(".confirmation")).to_contain_text(w["submitted"])
    expect(page.locator("main")).to_contain_text("重庆市渝中区人才交流服务中心")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"file-submitted-{language}.png"), full_page=True)
    page.get_by_role("link", name=w["follow"]).click()
    expect(page.locator("#case-state")).to_contain_text(w["routed"])
    expect(page.locator("#next-step")).to_contain_text(w["wait_dispatch"])

    # The holding region (Chongqing) finds it in its queue and dispatches it.
    login(page, "cw_chongqing")
    page.goto(page.base_url + "/cases/")
    queue = page.locator("#queue")
    expect(queue).to_contain_text(w["to_dispatch"])
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"queue-holding-{language}.png"), full_page=True)
    queue.get_by_role("link").first.click()
    page.get_by_label(w["tracking"]).fill("JY-2026-0001")
    page.get_by_role("button", name=w["dispatch"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["dispatched"])
    expect(page.locator("#next-step")).to_contain_text(w["wait_receipt"])
    expect(page.locator("#events")).to_contain_text(w["timeline_dispatch"])
    assert ArchiveMove.objects.get().status == ArchiveMove.Status.DISPATCHED

    # The receiving region (Chengdu) takes the case and confirms the file arrived.
    login(page, "cw_chengdu")
    page.goto(page.base_url + "/cases/")
    page.locator("#queue").get_by_role("link").first.click()
    page.locator("#case-actions").get_by_role("button", name=w["take"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["taken"])
    expect(page.locator("#case-state")).to_contain_text(w["in_review"])
    page.locator("#case-actions").get_by_role("button", name=w["confirm_file"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["file_confirmed"])
    page.locator("#case-actions").get_by_role("button", name=w["close"], exact=True).click()
    expect(page.locator("#case-state")).to_contain_text(w["closed"])
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"file-case-done-{language}.png"), full_page=True)
    assert ArchiveMove.objects.get().status == ArchiveMove.Status.RECEIVED

    # The seeker sees the file moved and the case closed.
    _seeker_services(page)
    expect(page.locator("#archive")).to_contain_text("成都市人才服务中心")
    expect(page.locator("#my-cases")).to_contain_text(w["closed"])
    context.close()


@LANGUAGES
def test_an_insurance_transfer_end_to_end(  # type: ignore[no-untyped-def]
    browser, live_server, world, language, screenshot_dir
) -> None:
    w = WORDS[language]
    context, page = phone_page(browser, live_server, language)

    _seeker_services(page)
    estimate = page.locator("#estimate")
    expect(estimate).to_contain_text(w["estimate"])
    expect(estimate).to_contain_text(w["unverified"])  # Chongqing's table is not verified
    page.screenshot(path=str(screenshot_dir / f"service-hall-{language}.png"), full_page=True)
    page.get_by_role("link", name=w["ask_insurance"]).click()
    pick(page, w["destination"], "锦江", "510104")
    page.get_by_role("button", name=w["continue"]).click()
    preview = page.locator("#transfer-preview")
    expect(preview).to_contain_text(w["after"])
    expect(preview).to_contain_text(w["changes"])
    page.get_by_role("button", name=w["confirm"]).click()
    expect(page.locator(".confirmation")).to_contain_text(w["submitted"])
    no_sideways_scroll(page)

    login(page, "cw_chengdu")
    page.goto(page.base_url + "/cases/")
    page.locator("#queue").get_by_role("link").first.click()
    expect(page.locator("#transfer")).to_contain_text("渝北区 → 锦江区")
    page.locator("#case-actions").get_by_role("button", name=w["take"]).click()
    expect(page.locator("#case-state")).to_contain_text(w["in_review"])
    page.locator("#case-actions").get_by_role("button", name=w["approve"], exact=True).click()
    page.locator("#case-actions").get_by_role("button", name=w["close"], exact=True).click()
    expect(page.locator("#case-state")).to_contain_text(w["closed"])
    expect(page.locator("#events li")).to_have_count(5)
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"case-done-{language}.png"), full_page=True)
    assert InsuranceTransfer.objects.get().status == "accepted"

    _seeker_services(page)
    expect(page.locator("#relationship")).to_contain_text("锦江区")
    expect(page.locator("#my-cases")).to_contain_text(w["closed"])
    expect(page.locator("#reads")).to_contain_text(
        "失业保险关系转移" if language == "zh-hans" else "Unemployment-insurance transfer"
    )
    context.close()
