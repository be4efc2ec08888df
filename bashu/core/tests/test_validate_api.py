"""The public check endpoints used by forms."""

from __future__ import annotations

import pytest

from bashu.core.identity import resident_id_complete, uscc_complete
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_valid_resident_id_answers_with_its_parts() -> None:
    body = client_for(None).get("/api/v1/validate/resident-id/11010519491231002x").json()
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
    response = client_for(None).get("/api/v1/validate/resident-id/110105194912310021")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False and body["normalized"] is None
    assert body["errors"][0]["rule"] == "checksum" and body["errors"][0]["message"]


def test_chongqing_1985_is_valid_and_historical_code_warns() -> None:
    client = client_for(None)
    cq = client.get(
        f"/api/v1/validate/resident-id/{resident_id_complete('50011219850301123')}"
    ).json()
    assert cq["valid"] and cq["warnings"] == []
    old = client.get(
        f"/api/v1/validate/resident-id/{resident_id_complete('51012419850301123')}"
    ).json()
    assert old["valid"] and old["warnings"][0]["rule"] == "area_code_historical"


def test_legacy_fifteen_digit_is_converted() -> None:
    body = client_for(None).get("/api/v1/validate/resident-id/110105491231002").json()
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
