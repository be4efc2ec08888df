"""Verify a certificate on the public page, in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from bashu.core.models import Region, TitleLevel, TitleSeries
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
