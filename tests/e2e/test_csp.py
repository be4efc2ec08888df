"""The Content-Security-Policy holds in a real browser: pages, charts, htmx, the admin and the
API docs work with no violation (no inline script, style or handler anywhere)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bashu.analytics.extract import extract_month
from bashu.analytics.refresh import indices_refresh
from bashu.core.models import Role
from bashu.datagen.generate import generate
from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))
    return violations


def test_no_csp_violation_on_the_main_pages(page, settings, tmp_path, make_account) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    generate(scale=0.0002, seed=4, chunk_size=5_000, jobs_scale=0.002)
    extract_month(month="2025-06")
    indices_refresh(period="2025-06")
    violations = _watch(page)

    for path in ("/", "/fairs/", "/login/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")

    page.goto(page.base_url + "/jobs/")
    page.fill("#job-search input[name=q]", "工程师")
    with page.expect_navigation():  # the search is a GET form: its filters are the URL
        page.locator("#job-search [type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "q=" in page.url

    page.goto(page.base_url + "/indices/?period=2025-06&region=zone")
    expect(page.locator("#chart-demand[data-ready='1']")).to_be_visible()
    expect(page.locator("#chart-demand svg").first).to_be_attached()
    box = page.locator("#chart-demand").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a tooltip
    page.goto(page.base_url + "/indices/bulletin/2025-06/")
    page.wait_for_load_state("networkidle")

    page.goto(page.base_url + "/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()

    make_account("csp_admin", Role.ADMINISTRATOR)
    page.goto(page.base_url + "/admin/login/")
    page.fill("input[name=username]", "csp_admin")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    for path in ("/admin/people/person/", "/admin/core/user/add/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")

    assert violations == []
