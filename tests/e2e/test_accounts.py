"""Accounts in a real browser at phone width (390×844): a new person signs up as a seeker in
Chinese, lands on /seeker/, signs out, resets the password with the code the message
channel carried, and signs in by phone; an employer signs up in English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from bashu.accounts.messaging import LocmemBackend
from bashu.core.identity import uscc_complete
from bashu.people.tests.factories import resident_id_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = {"width": 390, "height": 844}
PASSWORD = "Shu-dao-nan-2024"
NEW_PASSWORD = "Qing-cheng-shan-9"


@pytest.fixture
def outbox(settings):  # type: ignore[no-untyped-def]
    settings.BASHU_MESSAGE_BACKEND = "bashu.accounts.messaging.LocmemBackend"
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()


def _phone_page(browser, live_server, locale: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale=locale, viewport=PHONE_WIDTH)
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def test_a_seeker_signs_up_resets_the_password_and_signs_in_by_phone(  # type: ignore[no-untyped-def]
    browser, live_server, outbox, screenshot_dir
) -> None:
    context, page = _phone_page(browser, live_server, "zh-CN")
    resident_id = resident_id_for("510113", dt.date(1996, 4, 12), 52)
    phone = "13912345670"

    # a new person finds the sign-up from the sign-in page
    page.goto(page.base_url + "/login/")
    page.get_by_role("link", name="注册", exact=True).last.click()
    page.get_by_role("link", name="求职者注册").click()
    expect(page.get_by_role("heading", name="求职者注册")).to_be_visible()

    # a mistake first: the error summary names it and links to the field
    page.get_by_label("姓名", exact=True).fill("刘晓燕")
    page.get_by_label("身份证号码", exact=True).fill(
        resident_id[:-1] + ("0" if resident_id[-1] != "0" else "1")
    )
    page.get_by_label("手机号码", exact=True).fill(phone)
    page.get_by_label("设置密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("身份证号码不正确")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("身份证号码", exact=True)).to_be_focused()

    page.get_by_label("身份证号码", exact=True).fill(resident_id)
    page.get_by_label("设置密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", name="你的账号已创建")).to_be_visible()
    expect(page.get_by_text("完善求职档案：填写期望职业")).to_be_visible()
    assert phone not in page.content()
    page.screenshot(path=str(screenshot_dir / "accounts-created-phone-zh.png"), full_page=True)
    page.get_by_role("link", name="完善求职档案").click()
    expect(page).to_have_url(re.compile(r"/seeker/profile/$"))

    # signs out (the account menu is in the menu behind the toggler at phone width)
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="我的账户").click()
    page.get_by_role("button", name="退出").click()

    # forgot the password: a code by text message, then a new password
    page.goto(page.base_url + "/login/")
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_label("手机号码、身份证号码或用户名").fill(phone)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("heading", name="输入验证码并设置新密码")).to_be_visible()
    assert [m.phone for m in outbox] == [phone]
    code = re.search(r"\d{6}", outbox[-1].text).group()  # type: ignore[union-attr]
    expect(page.get_by_label("手机号码、身份证号码或用户名")).to_have_value(phone)
    page.get_by_label("验证码", exact=True).fill(code)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="重置密码").click()
    expect(page.get_by_role("heading", name="密码已重置")).to_be_visible()

    # signs in by phone with the new password and lands on the seeker's page
    page.get_by_role("link", name="去登录").click()
    page.fill("input[name=username]", phone)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/seeker/$"))
    context.close()


def test_an_employer_signs_up_in_english(browser, live_server, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    context, page = _phone_page(browser, live_server, "en-GB")
    page.goto(page.base_url + "/signup/employer/")
    expect(page.get_by_role("heading", name="Sign up as an employer")).to_be_visible()
    page.get_by_label("Unified social credit code", exact=True).fill(
        uscc_complete("91500103MA5U67890")
    )
    page.get_by_label("Employer name", exact=True).fill("重庆渝中精工有限公司")
    page.get_by_label("Contact person's name", exact=True).fill("陈明")
    page.get_by_label("Contact person's mobile number", exact=True).fill("13700005555")
    page.get_by_label("Industry", exact=True).select_option("34")
    page.get_by_label("Size", exact=True).select_option("small")
    page.get_by_label("Choose a password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Your account has been created")).to_be_visible()
    body = page.locator("main").inner_text()
    assert not re.search(r"[\u4e00-\u9fff]", body), body
    page.screenshot(path=str(screenshot_dir / "accounts-created-phone-en.png"), full_page=True)
    page.get_by_role("link", name="Go to Recruitment").click()
    expect(page).to_have_url(re.compile(r"/employer/$"))
    context.close()
