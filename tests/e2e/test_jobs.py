"""The job zone in a real browser: search → apply → the employer sees the applicant."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bashu.core.models import Role
from bashu.core.tests.queue import drain
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_job_index(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-only")
    page.get_by_role("button", name="登录").click()


def test_search_apply_and_employer_sees_applicant(page, make_account, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="500112", name="两江智造有限公司")
    boss = make_account("boss_e2e", Role.EMPLOYER)
    employer.accounts.add(boss)
    posting = make_posting(
        employer,
        title="焊工（二保焊）",
        description="汽车零部件焊接，熟练二氧化碳保护焊",
        occupation="6-18-02-04",
        industry="36",
        region="500112",
        skills=["二氧化碳保护焊", "焊工证"],
        education="junior_secondary",
        experience_years=1,
        salary_min=6500,
        salary_max=9000,
    )
    make_posting(
        employer,
        title="仓库管理员",
        description="负责仓储管理",
        occupation="4-02-06-01",
        industry="59",
        region="500112",
    )
    seeker = make_account("seeker_e2e", Role.SEEKER)
    person = PersonFactory(area="510104", account=seeker)
    seeker_profile_save(
        by=seeker,
        data=SeekerProfileInput.model_validate(
            {
                "desired_occupations": ["6-18-02-04"],
                "skills": ["二氧化碳保护焊"],
                "region": "510104",
                "discoverable": True,
                "salary_expectation": 7000,
            }
        ),
    )
    drain()  # the background worker indexes the new postings, as beside the real server

    login(page, "seeker_e2e")
    page.get_by_role("navigation").get_by_role("link", name="找工作").click()
    page.fill("input[name=q]", "电焊工")  # a synonym of 焊工
    page.get_by_role("button", name="搜索").click()
    # The page already lists every posting; wait for htmx to swap in the results of the query.
    page.wait_for_url("**q=*")
    first = page.locator("ol.jobs li.job").first
    expect(first).to_contain_text("焊工")
    expect(page.locator("#result-count")).to_contain_text("1")
    assert first.locator("mark").count() >= 1
    page.screenshot(path=str(screenshot_dir / "jobs-search.png"), full_page=True)
    first.locator("a.job-title").click()
    page.locator("#apply").click()
    expect(page.locator(".flash")).to_contain_text("投递成功")
    expect(page.locator("#applied")).to_have_count(1)

    page.get_by_role("button", name="退出").click()
    login(page, "boss_e2e")
    page.get_by_role("link", name="招聘管理").click()
    page.get_by_role("link", name="焊工（二保焊）（渝北区）").click()
    expect(page.locator("#applicants")).to_contain_text(person.name_masked)
    expect(page.locator("#applicants")).to_contain_text("已投递")
    page.select_option("#applicants select[name=status]", "interview")
    page.locator("#applicants button").click()
    expect(page.locator(".flash")).to_contain_text("邀请面试")
    expect(page.locator("#applicants")).to_contain_text("邀请面试")
    page.screenshot(path=str(screenshot_dir / "jobs-employer.png"), full_page=True)
    del posting
