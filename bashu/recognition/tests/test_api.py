"""The public pre-check."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bashu.recognition.keys import key_rotate
from conftest import client_for

pytestmark = pytest.mark.django_db


def precheck(body):  # type: ignore[no-untyped-def]
    return client_for(None).post(
        "/api/v1/recognition/precheck", body, content_type="application/json"
    )


def test_neijiang_title_is_recognised_in_zigong_with_the_clause() -> None:
    response = precheck(
        {
            "kind": "title",
            "series": "工程",
            "level": "中级",
            "issuing_region": "511002",
            "host_region": "510302",
            "issued_on": "2021-05-01",
            "on_date": "2026-06-01",
        }
    )
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "recognised"
    assert body["agreement"]["id"] == "chuannan-titles" and body["agreement"]["clause"]["id"] == "2"
    assert (
        "川南经济区职称资格互认协议" in body["agreement"]["name"]
        and "四川新闻网" in body["agreement"]["source"]
        and "seed" not in body["agreement"]["source"]
    )


def test_talent_card_is_recognised_as_the_equivalent() -> None:
    body = precheck(
        {
            "kind": "talent_card",
            "card_class": "A",
            "issuing_region": "510100",
            "host_region": "500112",
            "on_date": "2026-06-01",
        }
    ).json()
    assert body["outcome"] == "recognised_as" and body["equivalent"].endswith("A卡")


def test_expired_credential_is_refused_with_the_reason() -> None:
    body = precheck(
        {
            "kind": "agency_licence",
            "issuing_region": "510104",
            "host_region": "510603",
            "expires_on": "2024-12-31",
            "on_date": "2026-06-01",
        }
    ).json()
    assert body["outcome"] == "not_recognised" and "失效" in body["reasons"][0]


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        (
            {
                "kind": "title",
                "series": "工程",
                "level": "中级",
                "issuing_region": "999999",
                "host_region": "510302",
            },
            "issuing_region",
            "unknown_region",
        ),
        (
            {
                "kind": "title",
                "series": "工程",
                "level": "中级",
                "issuing_region": "511002",
                "host_region": "440100",
            },
            "host_region",
            "unknown_region",
        ),
        (
            {"kind": "diploma", "issuing_region": "511002", "host_region": "510302"},
            "kind",
            "choice",
        ),
        (
            {
                "kind": "title",
                "series": "炼丹",
                "level": "中级",
                "issuing_region": "511002",
                "host_region": "510302",
            },
            "series",
            "unknown_series",
        ),
        (
            {
                "kind": "title",
                "series": "工程",
                "level": "大师",
                "issuing_region": "511002",
                "host_region": "510302",
            },
            "level",
            "unknown_level",
        ),
        (
            {"kind": "talent_card", "issuing_region": "510100", "host_region": "500112"},
            "card_class",
            "required",
        ),
        (
            {
                "kind": "title",
                "series": "工程",
                "level": "中级",
                "issuing_region": "511002",
                "host_region": "510302",
                "on_date": "2026-02-30",
            },
            "on_date",
            "date_format",
        ),
    ],
)
def test_bad_input_names_the_field(body, field, rule) -> None:  # type: ignore[no-untyped-def]
    response = precheck(body)
    assert response.status_code == 422
    assert (field, rule) in [(e["field"], e["rule"]) for e in response.json()["errors"]]


def test_published_keys_are_listed_in_a_fixed_number_of_queries(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Query-count guard (NetBox style): N keys, then 2N, the same queries."""
    settings.DATA_DIR = tmp_path
    client = client_for(None)

    def rotate(n: int) -> None:
        for _ in range(n):
            key_rotate(region="510000")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/recognition/keys")
        assert response.status_code == 200
        return len(captured)

    rotate(3)
    first = queries()
    rotate(3)
    assert queries() == first


def test_the_reasons_are_in_one_language_the_readers() -> None:
    """Issue 13 item 6: the rules write Chinese msgids; the API answers in the reader's language."""
    question = {
        "kind": "agency_licence",
        "issuing_region": "510104",
        "host_region": "510603",
        "expires_on": "2024-12-31",
        "on_date": "2026-06-01",
    }
    from django.utils import translation

    chinese = precheck(question).json()["reasons"]
    with translation.override("en"):  # restores the language the request activates
        english = (
            client_for(None)
            .post(
                "/api/v1/recognition/precheck",
                question,
                content_type="application/json",
                HTTP_ACCEPT_LANGUAGE="en",
            )
            .json()["reasons"]
        )
    assert chinese == ["证书已于 2024-12-31 失效"]
    assert english == ["The credential expired on 2024-12-31"]
