"""POST /api/v1/accounts/seekers and /accounts/employers: 201, 422, 409, 413, NUL, 429."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from bashu.core.identity import uscc_complete
from bashu.core.models import Role, User
from bashu.people.tests.factories import resident_id_for

pytestmark = pytest.mark.django_db

SEEKERS = "/api/v1/accounts/seekers"
EMPLOYERS = "/api/v1/accounts/employers"
NEW_ID = resident_id_for("510113", dt.date(1995, 6, 1), 31)
SEEKER = {
    "name": "王小明",
    "resident_id": NEW_ID,
    "phone": "139 0000 1111",
    "password": "Shu-dao-nan-2024",
}
EMPLOYER = {
    "uscc": uscc_complete("91500103MA5U12345"),
    "name": "重庆渝中焊接有限公司",
    "contact_name": "陈经理",
    "phone": "13700002222",
    "password": "Shu-dao-nan-2024",
    "industry": "33",
    "size": "medium",
}


def post(client: Client, path: str, body: Any) -> Any:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body, ensure_ascii=False)
    return client.post(path, data=data, content_type="application/json")


def test_an_anonymous_seeker_signs_up_and_gets_masked_fields() -> None:
    client = Client(enforce_csrf_checks=True)
    response = post(client, SEEKERS, SEEKER)
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(pk=body["id"])
    assert body["username"] == user.username
    assert body["role"] == Role.SEEKER
    assert body["phone"] == "139******11"
    assert body["resident_id"] == NEW_ID[:3] + "*" * 13 + NEW_ID[-2:]
    assert body["name"] == "王**"
    assert (
        NEW_ID not in response.content.decode() and "13900001111" not in response.content.decode()
    )


def test_an_employer_signs_up() -> None:
    response = post(Client(), EMPLOYERS, EMPLOYER)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["role"], body["uscc"], body["employer"]) == (
        Role.EMPLOYER,
        EMPLOYER["uscc"],
        "重庆渝中焊接有限公司",
    )


@pytest.mark.parametrize("role", ["administrator", "caseworker", "analyst"])
def test_a_forged_role_is_refused(role: str) -> None:
    response = post(Client(), SEEKERS, {**SEEKER, "role": role})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "role", "rule": "not_allowed", "message": "不接受此字段"}
    ]
    response = post(Client(), EMPLOYERS, {**EMPLOYER, "is_staff": True})
    assert response.status_code == 422
    assert not User.objects.exists()


def test_422_names_the_field_and_the_rule() -> None:
    response = post(Client(), SEEKERS, {**SEEKER, "resident_id": NEW_ID[:-1] + "0", "phone": "12"})
    assert response.status_code == 422
    found = {(e["field"], e["rule"]) for e in response.json()["errors"]}
    assert found == {("resident_id", "checksum"), ("phone", "phone_format")}
    missing = post(Client(), EMPLOYERS, {k: v for k, v in EMPLOYER.items() if k != "uscc"})
    assert {(e["field"], e["rule"]) for e in missing.json()["errors"]} == {("uscc", "required")}


def test_a_replay_is_a_conflict() -> None:
    assert post(Client(), SEEKERS, SEEKER).status_code == 201
    again = post(Client(), SEEKERS, SEEKER)
    assert again.status_code == 409
    assert {e["field"] for e in again.json()["errors"]} <= {"phone", "resident_id"}
    other_phone = post(Client(), SEEKERS, {**SEEKER, "phone": "13900002222"})
    assert other_phone.status_code == 409
    assert other_phone.json()["errors"][0]["rule"] == "unavailable"
    assert post(Client(), EMPLOYERS, EMPLOYER).status_code == 201
    assert post(Client(), EMPLOYERS, {**EMPLOYER, "phone": "13700003333"}).status_code == 409


def test_a_huge_body_is_413(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(Client(), SEEKERS, {**SEEKER, "name": "王" * 20_000})
    assert response.status_code == 413
    assert response.json()["errors"][0]["rule"] == "max_body_size"


def test_a_nul_byte_is_refused() -> None:
    response = post(Client(), SEEKERS, {**SEEKER, "name": "王\x00明"})
    assert 400 <= response.status_code < 500
    assert response.json()["errors"][0]["rule"] == "nul_byte"
    assert not User.objects.exists()


def test_sign_up_is_rate_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_RATE_LIMITS = {**settings.BASHU_RATE_LIMITS, "signup": ["2/m"]}
    client = Client()
    for _n in range(2):
        assert post(client, SEEKERS, {**SEEKER, "phone": "1"}).status_code == 422
    refused = post(client, SEEKERS, SEEKER)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["errors"][0]["rule"] == "rate_limit"
    assert not User.objects.exists()
