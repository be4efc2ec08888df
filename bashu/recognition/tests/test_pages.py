"""The caseworkers' desk and the register import page; the holder's own credentials."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bashu.core.models import Occupation, SkillLevel
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle, RecognitionDecision, SkillCertificate
from bashu.recognition.tests.factories import neijiang_title
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def title(settings, tmp_path, make_account):  # type: ignore[no-untyped-def]
    """The shared title, registered without its committee."""
    settings.DATA_DIR = tmp_path
    return neijiang_title(account=make_account("liu", "seeker"), committee="")


def test_desk_decides_lists_and_links_the_signed_document(title, make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("cw_zigong", "caseworker", "510300"))
    page = client.post("/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "510302"})
    assert page.status_code == 200
    text = page.content.decode()
    decision = RecognitionDecision.objects.get()
    # the agreement by its name and article, not its id (issue 13)
    assert "予以认可" in text and "《川南经济区职称资格互认协议》第 2 条" in text
    assert "chuannan-titles" not in text
    assert f"/api/v1/recognition/decisions/{decision.pk}/document" in text
    assert client.get(f"/api/v1/recognition/decisions/{decision.pk}/document").status_code == 200
    unknown = client.post("/recognition/desk/", {"number": "NOPE", "host_region": "510302"})
    assert "未找到证书" in unknown.content.decode()
    outside = client.post("/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "500103"})
    assert "不在您的管辖范围内" in outside.content.decode()
    assert RecognitionDecision.objects.count() == 1
    # Chongqing's desk does not list Zigong's decision.
    cq = client_for(make_account("cw_cq", "caseworker", "500000")).get("/recognition/desk/")
    assert "NJ-2021-0001" not in cq.content.decode()


def test_import_page_reports_rows_and_refuses_non_caseworkers(title, make_account) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="511002", name="王芳")
    content = (
        "证书编号,姓名,公民身份号码,系列,层级,发证区划,取得日期\n"
        f"NJ-9,王芳,{person.resident_id},工程技术人员,高级,511000,2022-01-01\n"
        f"NJ-10,王芳,{person.resident_id},工程技术人员,副高级,511000,2022-01-01\n"
    ).encode()
    client = client_for(make_account("cw_nj", "caseworker", "511000"))
    page = client.post(
        "/recognition/import/", {"kind": "title", "file": SimpleUploadedFile("nj.csv", content)}
    )
    text = page.content.decode()
    # The report names line, field and rule; it never quotes the file (NJ-9 is line 2).
    assert "unknown_level" in text and "<td>2</td>" in text and "NJ-9" not in text
    assert ProfessionalTitle.objects.filter(certificate_number="NJ-10").exists()
    assert client_for(title.person.account).get("/recognition/import/").status_code == 403
    assert client_for(title.person.account).get("/recognition/desk/").status_code == 403


def test_holder_sees_own_credentials_with_export_links(title) -> None:  # type: ignore[no-untyped-def]
    text = client_for(title.person.account).get("/me/").content.decode()
    assert "NJ-2021-0001" in text and "工程技术人员 · 中级" in text
    assert "/api/v1/recognition/credentials/NJ-2021-0001/document?envelope=vc" in text


# --- query-count guards (NetBox style): N rows, then 2N, the same queries ----------------------

N = 4


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _assert_flat(client, url: str, build) -> None:  # type: ignore[no-untyped-def]
    build(N)
    client.get(url)  # the first request starts the session's clock (one write)
    first = _queries(client, url)
    build(N)
    second = _queries(client, url)
    assert second == first, f"{url}: {first} queries for {N} rows, {second} for {2 * N}"


def test_the_desk_lists_decisions_in_a_fixed_number_of_queries(title, make_account) -> None:  # type: ignore[no-untyped-def]
    decider = make_account("cw_zigong", "caseworker", "510300")

    def decide(n: int) -> None:
        for _ in range(n):
            RecognitionDecision.objects.create(
                kind="title",
                certificate_number=title.certificate_number,
                host_region_id="510302",
                on_date=dt.date(2024, 1, 1),
                outcome="recognised",
                reasons=["川南协议第 3 条"],
                decided_by=decider,
            )

    _assert_flat(client_for(decider), "/recognition/desk/", decide)


def test_my_credentials_are_listed_in_a_fixed_number_of_queries(title) -> None:  # type: ignore[no-untyped-def]
    numbers = iter(range(1, 100))

    def more(n: int) -> None:
        for _ in range(n):
            k = next(numbers)
            ProfessionalTitle.objects.create(
                person=title.person,
                series=title.series,
                level=title.level,
                region=title.region,
                issued_on=dt.date(2022, 1, 1),
                certificate_number=f"NJ-Q-{k}",
            )
            SkillCertificate.objects.create(
                person=title.person,
                occupation=Occupation.objects.order_by("code").first(),
                level=SkillLevel.objects.order_by("pk").first(),
                region=title.region,
                issued_on=dt.date(2022, 1, 1),
                certificate_number=f"NJ-S-{k}",
            )

    _assert_flat(client_for(title.person.account), "/me/", more)
