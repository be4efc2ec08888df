"""Decisions on registered credentials, revocation and the public certificate check."""

from __future__ import annotations

import datetime as dt

import pytest

from bashu.core.models import AuditEntry, Region
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import RecognitionDecision, TalentCard
from bashu.recognition.tests.factories import neijiang_title
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(name="neijiang_title")
def neijiang_title_fixture():  # type: ignore[no-untyped-def]
    """The shared title, its holder without an account."""
    return neijiang_title()


def decide(user, number, host):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        "/api/v1/recognition/decisions",
        {"certificate_number": number, "host_region": host, "on_date": "2026-06-01"},
        content_type="application/json",
    )


def test_neijiang_title_recognised_in_zigong_stored_and_audited(
    neijiang_title, make_account
) -> None:  # type: ignore[no-untyped-def]
    zigong = make_account("cw_zigong", "caseworker", "510300")
    response = decide(zigong, "NJ-2021-0001", "510302")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["outcome"], body["agreement_id"], body["clause_id"]) == (
        "recognised",
        "chuannan-titles",
        "2",
    )
    assert AuditEntry.objects.filter(
        action="recognition.decide", target_id=str(body["id"])
    ).exists()


def test_only_the_host_region_decides_and_unknown_certificates_are_404(
    neijiang_title, make_account
) -> None:  # type: ignore[no-untyped-def]
    chongqing = make_account("cw_cq", "caseworker", "500000")
    assert decide(chongqing, "NJ-2021-0001", "510302").status_code == 403
    zigong = make_account("cw_zigong", "caseworker", "510300")
    assert decide(zigong, "NOPE-1", "510302").status_code == 404
    assert not RecognitionDecision.objects.exists()


def test_revoked_credential_is_refused_and_the_public_page_says_so(
    neijiang_title, make_account
) -> None:  # type: ignore[no-untyped-def]
    neijiang = make_account("cw_neijiang", "caseworker", "511000")
    zigong = make_account("cw_zigong", "caseworker", "510300")
    client = client_for(neijiang)
    assert (
        client.post(
            "/api/v1/recognition/credentials/NJ-2021-0001/revoke",
            {"reason": ""},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert (
        client_for(zigong)
        .post(
            "/api/v1/recognition/credentials/NJ-2021-0001/revoke",
            {"reason": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/recognition/credentials/NJ-2021-0001/revoke",
            {"reason": "评审材料造假"},
            content_type="application/json",
        ).status_code
        == 200
    )
    body = decide(zigong, "NJ-2021-0001", "510302").json()
    assert body["outcome"] == "not_recognised" and "撤销" in body["reasons"][0]
    public = (
        client_for(None)
        .get("/api/v1/recognition/certificates/NJ-2021-0001", {"name": "刘建国"})
        .json()
    )
    assert (
        public["status"] == "revoked"
        and public["holder"] == "刘**"
        and public["decisions"][0]["outcome"] == "not_recognised"
    )


def test_public_check_needs_the_matching_name(neijiang_title) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    ok = client.get("/api/v1/recognition/certificates/NJ-2021-0001", {"name": "刘建国"})
    assert ok.status_code == 200 and ok.json()["issuer"] == "内江市工程技术中级职称评审委员会"
    assert (
        client.get("/api/v1/recognition/certificates/NJ-2021-0001", {"name": "张三"}).status_code
        == 404
    )
    assert client.get("/api/v1/recognition/certificates/NJ-2021-0001").status_code == 422


def test_expired_talent_card_is_refused(make_account) -> None:  # type: ignore[no-untyped-def]
    TalentCard.objects.create(
        person=PersonFactory(area="510104"),
        programme="tianfu",
        card_class="B",
        region=Region.objects.get(code="510000"),
        number="TF-B-1",
        issued_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2024, 12, 31),
    )
    chongqing = make_account("cw_cq", "caseworker", "500000")
    body = decide(chongqing, "TF-B-1", "500112").json()
    assert body["outcome"] == "not_recognised" and "失效" in body["reasons"][0]


def test_public_certificate_page(neijiang_title) -> None:  # type: ignore[no-untyped-def]
    page = (
        client_for(None)
        .get("/recognition/certificate/", {"number": "NJ-2021-0001", "name": "刘建国"})
        .content.decode()
    )
    assert (
        "有效" in page
        and "刘**" in page
        and "刘建国" not in page.split('id="certificate-result"')[1]
    )
    # the result says what the certificate is: its series and level
    assert "工程技术人员 · 中级 · 职称" in page
    wrong = (
        client_for(None)
        .get("/recognition/certificate/", {"number": "NJ-2021-0001", "name": "王五"})
        .content.decode()
    )
    assert "未找到与姓名相符的证书" in wrong
