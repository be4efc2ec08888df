"""The job zone in a real browser at phone width (390×844), in Chinese and in English,
without typing a code (occupations, industries and places are picked by name):

- a new person signs up as a seeker from the home page, builds a profile with the pickers (a
  place found by its pinyin initials), searches, applies and follows the status of the
  application as the employer moves it (a phrase and a timeline on 我的求职);
- a new company signs up as an employer from the home page and posts a job with an age ceiling, which is held for review (待审核 with the reason
  and what happens next); a caseworker of the employer's region releases it from the review
  queue (岗位审核); the employer then moves an applicant viewed → interview → offer → hired,
  the dropdown offering only the allowed next states, the next step chosen by default.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from bashu.core.identity import uscc_complete
from bashu.core.models import Role
from bashu.core.tests.queue import drain
from bashu.jobs.models import Application, JobPosting, PostingStatus, SeekerProfile
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.applications import application_advance, application_create
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory, resident_id_for
from tests.e2e.steps import LANGUAGES, login, no_sideways_scroll, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BOSS_PHONE = "13700005555"
BOSS_PASSWORD = "Liang-jiang-2024"

#: What a person reads and clicks, in each language.
WORDS = {
    "zh-hans": {
        "menu": "菜单",
        "sign_up": "注册",
        "sign_up_seeker": "求职者注册",
        "name": "姓名",
        "resident_id": "身份证号码",
        "phone": "手机号码",
        "password": "设置密码",
        "created": "你的账号已创建",
        "complete_profile": "完善求职档案",
        "sign_up_employer": "用人单位注册",
        "uscc": "统一社会信用代码",
        "employer_name": "单位名称",
        "contact": "联系人姓名",
        "contact_phone": "联系人手机号码",
        "employer_industry": "所属行业",
        "size": "企业规模",
        "to_recruitment": "进入招聘管理",
        "my_search": "我的求职",
        "create_profile": "建立求职档案",
        "where": "现居地",
        "occupations": "期望职业",
        "places": "期望工作地",
        "salary": "期望月薪（元）",
        "skills": "技能",
        "save": "保存",
        "saved": "求职档案已保存",
        "find": "找工作",
        "search": "搜索",
        "filter": "筛选",
        "region": "地区",
        "show": "显示结果",
        "apply": "投递简历",
        "applied": "投递成功",
        "status_applied": "已投递",
        "status_interview": "邀请面试",
        "interview_next": "请留意电话",
        "recruitment": "招聘管理",
        "post": "发布岗位",
        "title": "岗位名称",
        "occupation": "职业",
        "industry": "行业",
        "place": "工作地点",
        "salary_min": "月薪下限（元）",
        "salary_max": "月薪上限（元）",
        "description": "岗位描述",
        "publish": "发布",
        "held": "待审核",
        "age": "年龄限制",
        "next": "接下来",
        "closed": "该岗位已停止招聘",
        "review": "岗位审核",
        "approve": "通过，发布岗位",
        "note": "审核意见",
        "decide": "提交审核结论",
        "approved": "已通过",
        "update": "更新",
        "viewed": "已查看",
        "interview": "邀请面试",
        "offer": "录用意向",
        "hired": "已录用",
        "rejected": "不合适",
        "ended": "已结束",
    },
    "en": {
        "menu": "Menu",
        "sign_up": "Sign up",
        "sign_up_seeker": "Sign up as a job seeker",
        "name": "Name",
        "resident_id": "Resident ID number",
        "phone": "Phone",
        "password": "Choose a password",
        "created": "Your account has been created",
        "complete_profile": "Complete your profile",
        "sign_up_employer": "Sign up as an employer",
        "uscc": "Unified social credit code",
        "employer_name": "Employer name",
        "contact": "Contact person's name",
        "contact_phone": "Contact person's mobile number",
        "employer_industry": "Industry",
        "size": "Size",
        "to_recruitment": "Go to Recruitment",
        "my_search": "My job search",
        "create_profile": "Create my profile",
        "where": "Where you live",
        "occupations": "Desired occupations",
        "places": "Desired places of work",
        "salary": "Expected monthly salary (CNY)",
        "skills": "Skills",
        "save": "Save",
        "saved": "Profile saved",
        "find": "Find a job",
        "search": "Search",
        "filter": "Filter",
        "region": "Region",
        "show": "Show results",
        "apply": "Apply",
        "applied": "Application sent",
        "status_applied": "Applied",
        "status_interview": "Interview",
        "interview_next": "watch for a call",
        "recruitment": "Recruitment",
        "post": "Post a job",
        "title": "Job title",
        "occupation": "Occupation",
        "industry": "Industry",
        "place": "Place of work",
        "salary_min": "Monthly salary from (CNY)",
        "salary_max": "Monthly salary to (CNY)",
        "description": "Description",
        "publish": "Post",
        "held": "Awaiting review",
        "age": "Age limit",
        "next": "What happens next",
        "closed": "This posting is closed",
        "review": "Posting review",
        "approve": "Approve and publish the posting",
        "note": "Note to the employer",
        "decide": "Submit the decision",
        "approved": "Approved",
        "update": "Update",
        "viewed": "Viewed",
        "interview": "Interview",
        "offer": "Offer",
        "hired": "Hired",
        "rejected": "Rejected",
        "ended": "Closed",
    },
}


@pytest.fixture(autouse=True)
def _fresh_job_index(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"


def _menu(page, w, link: str) -> None:  # type: ignore[no-untyped-def]
    """Open the phone menu and follow one of its links."""
    page.get_by_role("button", name=w["menu"]).click()
    menu = page.locator("#site-nav")
    # Bootstrap marks the menu ``show`` once it has finished opening; a link clicked while it
    # still slides open can miss (CI once stayed on the home page after such a click).
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    with page.expect_navigation():
        menu.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state("networkidle")


def _employer_with_account(make_account):  # type: ignore[no-untyped-def]
    """A Chongqing employer (两江智造有限公司) and its account, ``boss_e2e``."""
    employer = EmployerFactory(area="500112", name="两江智造有限公司")
    boss = make_account("boss_e2e", Role.EMPLOYER)
    employer.accounts.add(boss)
    return employer, boss


def _allowed(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#applicants select[name=status] option").all_inner_texts()


@LANGUAGES
def test_a_seeker_builds_a_profile_searches_applies_and_follows_the_status(  # type: ignore[no-untyped-def]
    browser, live_server, make_account, language, screenshot_dir
) -> None:
    w = WORDS[language]
    employer, boss = _employer_with_account(make_account)
    posting = make_posting(
        employer,
        title="焊工（二保焊）",
        description="汽车零部件焊接，熟练二氧化碳保护焊",
        occupation="6-18-02-04",
        industry="36",
        region="500112",
        skills=["二氧化碳保护焊"],
        education="junior_secondary",
        experience_years=0,
        salary_min=6500,
        salary_max=9000,
    )
    make_posting(
        employer, title="仓库管理员", occupation="4-02-06-01", industry="59", region="500112"
    )
    drain()  # the background worker indexes the new postings, as beside the real server

    # A person who has never used Bashu signs up from the home page's menu.
    context, page = phone_page(browser, live_server, language)
    page.goto(page.base_url + "/")
    _menu(page, w, w["sign_up"])
    expect(page).to_have_url(re.compile(r"/signup/$"))
    page.get_by_role("link", name=w["sign_up_seeker"]).click()
    page.get_by_label(w["name"], exact=True).fill("李明")
    page.get_by_label(w["resident_id"], exact=True).fill(
        resident_id_for("510113", dt.date(1995, 3, 8), 31)
    )
    page.get_by_label(w["phone"], exact=True).fill("13912340001")
    page.get_by_label(w["password"], exact=True).fill("Shu-dao-nan-2024")
    page.get_by_role("button", name=w["sign_up"], exact=True).click()
    expect(page.get_by_role("heading", name=w["created"])).to_be_visible()
    page.get_by_role("link", name=w["complete_profile"]).click()
    pick(page, w["where"], "qbj", "510113", close=True)  # by pinyin initials: 青白江区
    pick(page, w["occupations"], "焊工", "6-18-02-04", close=True)
    pick(page, w["places"], "重庆", "500000", close=True)
    page.get_by_label(w["salary"]).fill("7000")
    page.get_by_label(w["skills"], exact=True).fill("二氧化碳保护焊")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"jobs-profile-{language}.png"), full_page=True)
    page.get_by_role("button", name=w["save"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["saved"])
    profile = SeekerProfile.objects.get(person__name="李明")
    assert profile.region_id == "510113" and profile.desired_occupations == ["6-18-02-04"]
    assert profile.desired_regions == ["500000"]

    # Search: the words are in the URL, so reloading shows the same results.
    _menu(page, w, w["find"])
    page.get_by_role("searchbox").fill("电焊工")  # a synonym of 焊工
    page.get_by_role("button", name=w["search"], exact=True).click()
    page.wait_for_url("**q=*")
    first = page.locator("ol.jobs li.job").first
    expect(first).to_contain_text("焊工")
    expect(first).to_contain_text("6,500–9,000")
    expect(first).to_contain_text("两江智造有限公司")
    page.reload()
    expect(page.get_by_role("searchbox")).to_have_value("电焊工")
    expect(page.locator("ol.jobs li.job").first).to_contain_text("焊工")
    # On a phone the filters are behind a button; a filter goes into the URL, Back undoes it.
    page.get_by_role("button", name=w["filter"], exact=True).click()
    page.get_by_label(w["region"], exact=True).select_option("510100")
    page.get_by_role("button", name=w["show"]).click()
    page.wait_for_url("**region=510100*")
    expect(page.locator("#result-count")).to_contain_text("0")
    page.go_back()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("searchbox")).to_have_value("电焊工")
    expect(page.locator("#f-region")).to_have_value("")
    expect(page.locator("ol.jobs li.job").first).to_contain_text("焊工")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"jobs-search-{language}.png"), full_page=True)
    first.locator("a.job-title").click()
    page.get_by_role("button", name=w["apply"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["applied"])

    # The employer moves the application; the seeker follows it.
    application = Application.objects.get(posting=posting)
    application_advance(by=boss, application_id=application.pk, status="interview")
    _menu(page, w, w["my_search"])
    card = page.locator("#applications .application").first
    expect(card.locator(".status")).to_have_text(w["status_interview"])
    expect(card).to_contain_text(w["interview_next"])
    expect(card.locator(".timeline li")).to_have_count(2)
    expect(card.locator(".timeline li").first).to_contain_text(w["status_applied"])
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"jobs-seeker-{language}.png"), full_page=True)
    context.close()


@LANGUAGES
def test_an_age_ceiling_is_held_released_by_the_regions_caseworker_and_an_applicant_hired(  # type: ignore[no-untyped-def]
    browser, live_server, make_account, language, screenshot_dir
) -> None:
    w = WORDS[language]
    make_account("cw_chongqing", Role.CASEWORKER, "500000")
    make_account("cw_chengdu", Role.CASEWORKER, "510100")
    seeker = make_account("seeker_e2e", Role.SEEKER)
    person = PersonFactory(area="500112", account=seeker, name="王芳")
    seeker_profile_save(
        by=seeker,
        data=SeekerProfileInput.model_validate(
            {"desired_occupations": ["6-18-02-04"], "region": "500112", "salary_expectation": 6000}
        ),
    )

    # A Chongqing company signs up from the home page's menu and goes straight to posting.
    context, page = phone_page(browser, live_server, language)
    page.goto(page.base_url + "/")
    _menu(page, w, w["sign_up"])
    expect(page).to_have_url(re.compile(r"/signup/$"))
    page.get_by_role("link", name=w["sign_up_employer"]).click()
    page.get_by_label(w["uscc"], exact=True).fill(uscc_complete("91500112MA5U12345"))
    page.get_by_label(w["employer_name"], exact=True).fill("两江智造有限公司")
    page.get_by_label(w["contact"], exact=True).fill("陈明")
    page.get_by_label(w["contact_phone"], exact=True).fill(BOSS_PHONE)
    page.get_by_label(w["employer_industry"], exact=True).select_option("36")
    page.get_by_label(w["size"], exact=True).select_option("small")
    page.get_by_label(w["password"], exact=True).fill(BOSS_PASSWORD)
    page.get_by_role("button", name=w["sign_up"], exact=True).click()
    expect(page.get_by_role("heading", name=w["created"])).to_be_visible()
    page.get_by_role("link", name=w["to_recruitment"]).click()
    page.get_by_role("link", name=w["post"]).first.click()
    page.get_by_label(w["title"]).fill("夜班焊工")
    pick(page, w["occupation"], "焊工", "6-18-02-04", close=True)
    pick(page, w["industry"], "汽车", "36", close=True)
    pick(page, w["place"], "渝北", "500112", close=True)
    page.get_by_label(w["salary_min"]).fill("6000")
    page.get_by_label(w["salary_max"]).fill("9000")
    page.get_by_label(w["description"]).fill("年龄35岁以下，能适应倒班。")
    no_sideways_scroll(page)
    page.get_by_role(
        "button", name=w["publish"], exact=True
    ).click()  # the close date's default saves
    held = page.locator("#held")
    expect(held).to_contain_text(w["held"])
    expect(held).to_contain_text(w["age"])
    expect(held).to_contain_text("35岁以下")
    expect(held).to_contain_text(w["next"])
    expect(page.locator("main")).not_to_contain_text(w["closed"])
    page.screenshot(path=str(screenshot_dir / f"jobs-held-{language}.png"), full_page=True)
    posting = JobPosting.objects.get(title="夜班焊工")
    assert posting.status == PostingStatus.REVIEW

    # Chengdu's caseworker does not see it; Chongqing's (the employer's region) releases it.
    login(page, "cw_chengdu")
    _menu(page, w, w["review"])
    expect(page.locator("main")).not_to_contain_text("夜班焊工")
    login(page, "cw_chongqing")
    _menu(page, w, w["review"])
    item = page.locator(".review-item", has_text="夜班焊工")
    expect(item).to_contain_text(w["age"])
    expect(item).to_contain_text("两江智造有限公司")
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"jobs-review-{language}.png"), full_page=True)
    item.get_by_label(w["approve"]).check()
    item.get_by_label(w["note"]).fill("倒班岗位，已核实")
    item.get_by_role("button", name=w["decide"]).click()
    expect(page.locator(".alert-success")).to_contain_text(w["approved"])
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN

    # An applicant moves viewed → interview → offer → hired, the dropdown offering only the
    # allowed next states with the next step selected.
    application_create(by=seeker, posting_id=posting.pk)
    login(page, BOSS_PHONE, password=BOSS_PASSWORD)  # signs in by the contact's phone
    _menu(page, w, w["recruitment"])
    page.get_by_role("link", name="夜班焊工").first.click()
    row = page.locator("#applicants tbody tr").first
    expect(row).to_contain_text(person.name_masked)
    steps = [
        ([w["viewed"], w["interview"], w["offer"], w["hired"], w["rejected"]], w["viewed"]),
        ([w["interview"], w["offer"], w["hired"], w["rejected"]], w["interview"]),
        ([w["offer"], w["hired"], w["rejected"]], w["offer"]),
        ([w["hired"], w["rejected"]], w["hired"]),
    ]
    for allowed, reached in steps:
        assert _allowed(page) == allowed
        page.locator("#applicants button[type=submit]").first.click()  # the default: next step
        expect(page.locator("#applicants .status").first).to_have_text(reached)
    expect(page.locator("#applicants")).to_contain_text(w["ended"])
    expect(page.locator("#applicants select")).to_have_count(0)
    no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"jobs-employer-{language}.png"), full_page=True)
    assert Application.objects.get().status == "hired"
    context.close()
