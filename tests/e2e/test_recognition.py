"""Recognition's public tools and desk in a real browser: the certificate check; at phone width
(390×844), in Chinese and in English, a visitor pre-checks a 中级 engineering title from 绵阳
for use in 重庆, reads the answer, downloads the signed result and verifies it, and a Chongqing
caseworker records a decision at the desk with the region picker. No code is typed."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from bashu.core.models import Region, TitleLevel, TitleSeries
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle
from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

#: The words each journey reads, per language.
WORDS = {
    "zh-hans": {
        "precheck": "互认预查",
        "title_tab": "职称",
        "skill_tab": "职业技能等级证书",
        "issued": "发证地",
        "used": "使用地",
        "see": "查看结果",
        "recognised": "予以认可",
        "article": "《川渝跨区域人才职称评价互认》第 1 条",
        "download": "下载签名的预查结果",
        "verify_link": "文书验证",
        "file": "选择文书文件",
        "verify": "验证",
        "valid": "签名有效",
        "engineering": "工程技术人员",
        "estimate": "预查估算（非认定）",
        "number": "证书编号 / 卡号 / 许可证编号",
        "decide": "认定",
        "recorded": "认定已记录",
    },
    "en": {
        "precheck": "Recognition pre-check",
        "title_tab": "Professional title",
        "skill_tab": "Skill-level certificate",
        "issued": "Issued in",
        "used": "Used in",
        "see": "See the result",
        "recognised": "Recognised",
        "article": "Article 1 of 川渝跨区域人才职称评价互认",
        "download": "Download the signed pre-check result",
        "verify_link": "verify page",
        "file": "Choose the document file",
        "verify": "Verify",
        "valid": "Signature valid",
        "engineering": "Engineers",
        "estimate": "Pre-check estimate (not a decision)",
        "number": "Certificate / card / licence number",
        "decide": "Decide",
        "recorded": "Decision recorded",
    },
}


def _phone(browser, live_server, language: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, accept_downloads=True
    )
    if language != "zh-hans":
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def _pick_region(page, label: str, typed: str, code: str) -> None:  # type: ignore[no-untyped-def]
    """Type a place's name into a region picker and choose it from the list."""
    box = page.get_by_role("combobox", name=label)
    # The combobox's wrapper takes the tap: with a place already chosen, the text input hides.
    box.locator("xpath=..").click()
    page.keyboard.type(typed, delay=50)
    page.locator(f".ts-dropdown .option[data-value='{code}']").click()


def test_public_certificate_check(page, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    ProfessionalTitle.objects.create(
        person=PersonFactory(area="511002", name="刘建国"),
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="511000"),
        committee="内江市工程技术中级职称评审委员会",
        issued_on=dt.date(2021, 6, 1),
        certificate_number="NJ-2021-0001",
    )
    page.goto(page.base_url + "/recognition/certificate/")
    page.fill("input[name=number]", "NJ-2021-0001")
    page.fill("input[name=name]", "刘建国")
    page.get_by_role("button", name="核验").click()
    expect(page.locator("#certificate-result")).to_contain_text("刘**")
    result = page.locator("#certificate-result").inner_text()
    assert "有效" in result and "刘**" in result and "内江市工程技术中级职称评审委员会" in result
    page.screenshot(path=str(screenshot_dir / "certificate-check.png"), full_page=True)
    page.fill("input[name=name]", "王五")
    page.get_by_role("button", name="核验").click()
    expect(page.locator("#certificate-result")).to_contain_text("未找到与姓名相符的证书")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_visitor_prechecks_downloads_and_verifies(  # type: ignore[no-untyped-def]
    browser, live_server, settings, tmp_path, screenshot_dir, language
) -> None:
    settings.DATA_DIR = tmp_path
    words = WORDS[language]
    context, page = _phone(browser, live_server, language)
    try:
        # from the home page's 证书互认 entry point
        page.goto(page.base_url + "/")
        page.get_by_role("link", name=words["precheck"], exact=True).click()
        expect(page.get_by_role("heading", name=words["precheck"], level=1)).to_be_visible()
        _no_sideways_scroll(page)

        # a 中级 engineering title from 绵阳, for use in 重庆 (preset, shown by name)
        kinds = page.locator("#precheck-kinds")
        kinds.get_by_role("link", name=words["skill_tab"]).click()
        expect(page.locator("select[name=skill_level]")).to_be_visible()
        page.locator("#precheck-kinds").get_by_role("link", name=words["title_tab"]).click()
        expect(
            page.locator("#precheck-kinds").get_by_role("link", name=words["title_tab"])
        ).to_have_attribute("aria-current", "page")
        page.locator("select[name=series]").select_option(value="工程技术人员")  # shown by name
        page.locator("select[name=title_level]").select_option(value="中级")
        _pick_region(page, words["issued"], "绵阳", "510700")
        assert page.locator("select#id_host_region").input_value() == "500000"
        expect(page.locator("#id_host_region-ts-control").locator("xpath=..")).to_contain_text(
            "重庆市"
        )
        page.get_by_role("button", name=words["see"]).click()

        answer = page.locator("#precheck-answer")
        expect(answer).to_contain_text(words["recognised"])
        expect(answer).to_contain_text(words["article"])
        expect(answer).to_contain_text("绵阳市")
        assert "chuanyu-titles" not in answer.inner_text()
        _no_sideways_scroll(page)
        page.screenshot(
            path=str(screenshot_dir / f"recognition-precheck-phone-{language}.png"), full_page=True
        )

        # the signed result, downloaded, then verified on the verify page
        with page.expect_download() as download_info:
            page.get_by_role("button", name=words["download"]).click()
        saved = tmp_path / "precheck.json"
        download_info.value.save_as(saved)
        answer.get_by_role("link", name=words["verify_link"]).click()
        page.get_by_label(words["file"]).set_input_files(str(saved))
        page.get_by_role("button", name=words["verify"], exact=True).click()
        expect(page.locator("#verify-result")).to_contain_text(words["valid"])
        expect(page.locator("#verify-status")).to_contain_text(words["estimate"])
        content = page.locator("#verify-content")
        for text in (words["engineering"], "绵阳市", "重庆市", words["recognised"]):
            expect(content).to_contain_text(text)
        _no_sideways_scroll(page)
        page.screenshot(
            path=str(screenshot_dir / f"recognition-verify-phone-{language}.png"), full_page=True
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_caseworker_records_a_decision_at_the_desk(  # type: ignore[no-untyped-def]
    browser, live_server, settings, tmp_path, screenshot_dir, make_account, language
) -> None:
    settings.DATA_DIR = tmp_path
    words = WORDS[language]
    ProfessionalTitle.objects.create(
        person=PersonFactory(area="510703", name="赵敏"),
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="510700"),
        committee="绵阳市工程技术中级职称评审委员会",
        issued_on=dt.date(2022, 6, 1),
        certificate_number="MY-2022-0042",
    )
    make_account("cw_chongqing", "caseworker", "500000")
    context, page = _phone(browser, live_server, language)
    try:
        page.goto(page.base_url + "/login/")
        page.fill("input[name=username]", "cw_chongqing")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        page.goto(page.base_url + "/recognition/desk/")

        page.get_by_label(words["number"]).fill("MY-2022-0042")
        _pick_region(page, words["used"], "渝中", "500103")
        page.get_by_role("button", name=words["decide"], exact=True).click()

        result = page.locator("#decision-result")
        expect(result).to_contain_text(words["recorded"])
        expect(result).to_contain_text(words["recognised"])
        expect(result).to_contain_text(words["article"])
        expect(result).to_contain_text("渝中区")
        row = page.locator("#decisions tbody tr").first
        expect(row).to_contain_text("MY-2022-0042")
        expect(row).to_contain_text(words["article"])
        assert "chuanyu-titles" not in page.locator("main").inner_text()
        _no_sideways_scroll(page)
        page.screenshot(
            path=str(screenshot_dir / f"recognition-desk-phone-{language}.png"), full_page=True
        )
    finally:
        context.close()
