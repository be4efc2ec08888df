"""The public entitlement calculator over HTTP, with good and bad input."""

from __future__ import annotations

import pytest

from conftest import client_for

pytestmark = pytest.mark.django_db

REQUEST = {
    "periods": [
        {"region": "500103", "start": "2015-01", "end": "2019-12"},
        {"region": "510104", "start": "2020-01", "end": "2023-12"},
    ],
    "claim_region": "510104",
    "claim_date": "2024-03-01",
    "separation": "involuntary",
    "registered_unemployed": True,
    "carried_over_months": 0,
}


def ask(body):  # type: ignore[no-untyped-def]
    return client_for(None).post(
        "/api/v1/insurance/entitlement", body, content_type="application/json"
    )


def test_periods_in_both_provinces_add_up() -> None:
    response = ask(REQUEST)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["eligible"], body["contribution_months"], body["benefit_months"]) == (
        True,
        108,
        18,
    )
    assert body["monthly_amount"] == "1890.00"  # money: a decimal string (EntitlementOut)
    assert body["rule"]["name"] == "失业保险金领取期限（全国）"
    assert "第十七条" in body["rule"]["source"] and body["rule"]["effective_from"] == "1999-01-22"
    assert any("合并计算" in r for r in body["reasons"])
    moved = ask({**REQUEST, "transfer_to": "500103"}).json()["transfer"]
    assert moved["kind"] == "funds" and moved["amount"] == "51030.00"


def test_voluntary_unregistered_short_claim_lists_every_reason() -> None:
    body = ask(
        {
            **REQUEST,
            "periods": [{"region": "510104", "start": "2023-06", "end": "2023-12"}],
            "separation": "voluntary",
            "registered_unemployed": False,
        }
    ).json()
    assert body["eligible"] is False and body["benefit_months"] == 0
    assert len(body["reasons"]) == 4  # the months, then three failed conditions


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        (
            {"periods": [{"region": "510104", "start": "2020-13", "end": "2021-01"}]},
            "periods.0.start",
            "month_format",
        ),
        (
            {"periods": [{"region": "510104", "start": "2021-05", "end": "2021-01"}]},
            "periods.0.end",
            "before_start",
        ),
        (
            {"periods": [{"region": "999999", "start": "2020-01", "end": "2021-01"}]},
            "periods.0.region",
            "unknown_region",
        ),
        (
            {"periods": [{"region": "510104", "start": "2020-01", "end": "2024-06"}]},
            "periods.0.end",
            "future_date",
        ),
        ({"claim_region": "110101"}, "claim_region", "unknown_region"),
        ({"claim_date": "2999-01-01"}, "claim_date", "future_date"),
        ({"claim_date": "2024-02-30"}, "claim_date", "date_format"),
        # Before the months the platform knows (core.months: 1900 on) — once a 500.
        ({"claim_date": "0452-06-01"}, "claim_date", "minimum"),
        ({"separation": "fired"}, "separation", "choice"),
        ({"carried_over_months": 30}, "carried_over_months", "maximum"),
        ({"transfer_to": "440300"}, "transfer_to", "unknown_region"),
        (
            {
                "periods": [
                    {"region": "500103", "start": "2015-01", "end": "2019-12"},
                    {"region": "510104", "start": "2019-06", "end": "2021-12"},
                ]
            },
            "periods.1",
            "overlap",
        ),
    ],
)
def test_bad_input_names_the_field_and_rule(change, field, rule) -> None:  # type: ignore[no-untyped-def]
    response = ask({**REQUEST, **change})
    assert response.status_code == 422
    errors = {(e["field"], e["rule"]) for e in response.json()["errors"]}
    assert (field, rule) in errors, errors


def test_the_reasons_are_in_one_language_the_readers() -> None:
    """Issue 13 item 6: Chinese only by default, English only in English, values filled in."""
    from django.utils import translation

    chinese = ask(REQUEST).json()
    with translation.override("en"):  # restores the language the request activates
        english = client_for(None).post(
            "/api/v1/insurance/entitlement",
            {**REQUEST, "transfer_to": "500103"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert english.status_code == 200, english.json()
    body = english.json()
    assert body["reasons"][0].startswith("108 months paid, added up across Chongqing and Sichuan")
    assert not any("(" in r and "个月" in r for r in chinese["reasons"])  # no English part
    assert body["reasons"][-1].startswith("Benefit of 1890.00 yuan a month")
    assert body["transfer"]["reason"].startswith("Moves ")
