"""The public check endpoints used by forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bashu.core.identity import resident_id_complete, uscc_complete
from conftest import client_for

pytestmark = pytest.mark.django_db


def check(number: str, client: Client | None = None, *, json: bool = True) -> Any:
    """POST /validate/resident-id: the number in the body, never in the URL."""
    response = (client or client_for(None)).post(
        "/api/v1/validate/resident-id", {"number": number}, content_type="application/json"
    )
    return response.json() if json else response


def test_an_id_in_the_url_is_refused_without_being_echoed() -> None:
    """Before: GET /validate/resident-id/{id} answered 200 with the ID's parts, and every
    access log on the way kept the ID."""
    number = resident_id_complete("51010419900101123")
    response = client_for(None).get(f"/api/v1/validate/resident-id/{number}")
    assert response.status_code == 410
    body = response.json()
    assert body["errors"][0] == {
        "field": "number",
        "rule": "use_post",
        "message": body["detail"],
    }
    assert "POST /api/v1/validate/resident-id" in body["detail"]
    assert number not in response.content.decode()


def test_the_post_form_is_bounded() -> None:
    response = client_for(None).post(
        "/api/v1/validate/resident-id", {"number": "1" * 33}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "number"


def test_valid_resident_id_answers_with_its_parts() -> None:
    body = check("11010519491231002x")
    assert body == {
        "valid": True,
        "normalized": "11010519491231002X",
        "errors": [],
        "warnings": [],
        "birth_date": "1949-12-31",
        "sex": "F",
        "area_code": "110105",
    }


def test_invalid_resident_id_is_200_with_errors() -> None:
    response = check("110105194912310021", json=False)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False and body["normalized"] is None
    assert body["errors"][0]["rule"] == "checksum" and body["errors"][0]["message"]


def test_chongqing_1985_is_valid_and_historical_code_warns() -> None:
    client = client_for(None)
    cq = check(resident_id_complete("50011219850301123"), client)
    assert cq["valid"] and cq["warnings"] == []
    old = check(resident_id_complete("51012419850301123"), client)
    assert old["valid"] and old["warnings"][0]["rule"] == "area_code_historical"


def test_legacy_fifteen_digit_is_converted() -> None:
    body = check("110105491231002")
    assert body["valid"] and body["normalized"] == "11010519491231002X"
    assert body["warnings"][0]["rule"] == "legacy_15_digit"


def test_uscc_check() -> None:
    client = client_for(None)
    good = uscc_complete("91510100MA6CXXXX0")
    assert client.get(f"/api/v1/validate/uscc/{good.lower()}").json() == {
        "valid": True,
        "normalized": good,
        "errors": [],
        "warnings": [],
        "area_code": "510100",
    }
    bad = client.get("/api/v1/validate/uscc/91510100MA6CXXXXOA").json()
    assert bad["valid"] is False and bad["errors"][0]["rule"] == "alphabet"
    short = client.get("/api/v1/validate/uscc/123").json()
    assert short["errors"][0]["rule"] == "length"


def test_findings_are_in_the_readers_language() -> None:
    """Issue 13 item 6: the identity rules' messages are one Chinese msgid, translated where
    they leave for the user, the placeholders filled after translating."""
    number = "110105194912310021"
    client = client_for(None)
    assert check(number, client)["errors"][0]["message"] == "校验码应为 X，实为 1"
    client.cookies["django_language"] = "en"
    body = client.post(
        "/api/v1/validate/resident-id",
        {"number": number},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert body["errors"][0]["message"] == "The check character should be X, not 1"
