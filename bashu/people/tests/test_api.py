"""People and employers through the API: validation, masking, audit, region scoping."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from bashu.core.identity import resident_id_complete, uscc_complete
from bashu.core.models import AuditEntry, Role
from bashu.people.models import Employer, EmploymentRegistration, Person
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for, requires_postgresql

pytestmark = pytest.mark.django_db

VALID_ID = resident_id_complete("51010419900101123")


def person_payload(**overrides):  # type: ignore[no-untyped-def]
    payload = {
        "resident_id": VALID_ID,
        "name": "王小明",
        "household_region": "510104",
        "region": "510104",
        "education": "bachelor",
        "phone": "13812345678",
    }
    payload.update(overrides)
    return payload


def post(client, url, payload):  # type: ignore[no-untyped-def]
    return client.post(url, payload, content_type="application/json")


def test_caseworker_registers_a_person_and_sees_it_masked(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    response = post(
        client_for(chengdu_caseworker),
        "/api/v1/people",
        person_payload(resident_id=VALID_ID[:-1] + VALID_ID[-1].lower()),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resident_id"] == "510" + "*" * 13 + VALID_ID[-2:]
    assert body["name"] == "王**" and body["phone"] == "138******78" and body["masked"] is True
    # No birth date beside a masked ID: it would give back the hidden digits.
    assert body["sex"] == "M" and body["birth_date"] is None and body["age"] >= 0
    person = Person.objects.get()
    assert person.resident_id == VALID_ID
    assert AuditEntry.objects.filter(action="person.create", target_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        (
            {"resident_id": VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")},
            "resident_id",
            "checksum",
        ),
        ({"resident_id": "5101041990"}, "resident_id", "length"),
        (
            {"resident_id": resident_id_complete("51010420990101123")},
            "resident_id",
            "birth_date_future",
        ),
        ({"resident_id": "51010419900230123X"}, "resident_id", "birth_date"),
        ({"name": "  "}, "name", "required"),
        ({"household_region": "999999"}, "household_region", "unknown_region"),
        ({"region": "440100"}, "region", "unknown_region"),
        ({"education": "phd"}, "education", "unknown_code"),
        ({"phone": "12345"}, "phone", "phone_format"),
        ({"sex": "F"}, "sex", "mismatch_resident_id"),
        ({"household_type": "martian"}, "household_type", "choice"),
    ],
)
def test_bad_input_is_422_naming_field_and_rule(chengdu_caseworker, overrides, field, rule) -> None:  # type: ignore[no-untyped-def]
    response = post(client_for(chengdu_caseworker), "/api/v1/people", person_payload(**overrides))
    assert response.status_code == 422, response.json()
    assert {"field": field, "rule": rule} in [
        {"field": e["field"], "rule": e["rule"]} for e in response.json()["errors"]
    ]
    assert not Person.objects.exists()


def test_missing_field_and_malformed_json_are_422(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    payload = person_payload()
    del payload["name"]
    errors = post(client, "/api/v1/people", payload).json()["errors"]
    assert {k: errors[0][k] for k in ("field", "rule")} == {"field": "name", "rule": "required"}
    response = client.post("/api/v1/people", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_every_broken_rule_is_reported_at_once(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    body = post(
        client_for(chengdu_caseworker),
        "/api/v1/people",
        person_payload(resident_id="x", phone="1", education="nope"),
    ).json()
    assert {e["field"] for e in body["errors"]} == {"resident_id", "phone", "education"}


def test_duplicate_id_is_409(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    assert post(client, "/api/v1/people", person_payload()).status_code == 201
    response = post(client, "/api/v1/people", person_payload(name="李四"))
    assert response.status_code == 409
    assert response.json()["errors"][0] == {
        "field": "resident_id",
        "rule": "unique",
        "message": "身份号码已存在",
    }
    assert Person.objects.count() == 1


def test_fifteen_digit_id_is_stored_converted_with_warning(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    body = post(
        client_for(chengdu_caseworker),
        "/api/v1/people",
        person_payload(resident_id="510104900101123"),
    ).json()
    assert body["warnings"][0]["rule"] == "legacy_15_digit"
    assert Person.objects.get().resident_id == resident_id_complete("51010419900101123")


def test_chengdu_caseworker_cannot_read_a_chongqing_person(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    chongqing = PersonFactory(area="500105")
    chengdu = PersonFactory(area="510104")
    client = client_for(chengdu_caseworker)
    response = client.get(f"/api/v1/people/{chongqing.pk}")
    assert response.status_code == 403
    assert "跨区域" in response.json()["detail"]
    assert (
        client.get(f"/api/v1/people/{chongqing.pk}", {"reveal": "true", "purpose": "x"}).status_code
        == 403
    )
    listed = client.get("/api/v1/people").json()
    assert [p["id"] for p in listed["items"]] == [chengdu.pk]
    assert client.get("/api/v1/people", {"region": "500000"}).json()["count"] == 0


def test_chengdu_caseworker_cannot_create_or_change_in_chongqing(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    cq_id = resident_id_complete("50010519850101123")
    response = post(
        client,
        "/api/v1/people",
        person_payload(resident_id=cq_id, household_region="500105", region="500105"),
    )
    assert response.status_code == 403
    chongqing = PersonFactory(area="500105")
    response = client.patch(
        f"/api/v1/people/{chongqing.pk}", {"phone": "13900000000"}, content_type="application/json"
    )
    assert response.status_code == 403
    chongqing.refresh_from_db()
    assert chongqing.phone == "13812345678"


def test_caseworker_sees_sub_regions_only(chongqing_caseworker) -> None:  # type: ignore[no-untyped-def]
    in_yubei = PersonFactory(area="500112")
    PersonFactory(area="510117")
    body = client_for(chongqing_caseworker).get("/api/v1/people").json()
    assert [p["id"] for p in body["items"]] == [in_yubei.pk]


def test_reveal_needs_purpose_and_is_audited(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    client = client_for(chengdu_caseworker)
    missing = client.get(f"/api/v1/people/{person.pk}", {"reveal": "true"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "purpose"
    assert client.get(f"/api/v1/people/{person.pk}").json()["resident_id"] != person.resident_id
    body = client.get(
        f"/api/v1/people/{person.pk}", {"reveal": "true", "purpose": "办理失业登记"}
    ).json()
    assert body["resident_id"] == person.resident_id and body["masked"] is False
    entry = AuditEntry.objects.get(action="person.reveal")
    assert (entry.target_id, entry.purpose, entry.actor_username) == (
        str(person.pk),
        "办理失业登记",
        "cw_chengdu",
    )


def test_roles_without_access(analyst, make_account) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory()
    assert client_for(None).get("/api/v1/people").status_code == 401
    assert client_for(analyst).get("/api/v1/people").status_code == 403
    assert client_for(analyst).get(f"/api/v1/people/{person.pk}").status_code == 403
    seeker = make_account("someone", Role.SEEKER)
    assert client_for(seeker).get("/api/v1/people").json()["count"] == 0
    person.account = seeker
    person.save()
    own = client_for(seeker).get(f"/api/v1/people/{person.pk}")
    assert own.status_code == 200 and own.json()["masked"] is True
    assert (
        client_for(seeker)
        .get(f"/api/v1/people/{person.pk}", {"reveal": "true", "purpose": "x"})
        .status_code
        == 403
    )
    assert post(client_for(seeker), "/api/v1/people", person_payload()).status_code == 403


def test_administrator_sees_every_region(administrator) -> None:  # type: ignore[no-untyped-def]
    PersonFactory(area="500105")
    PersonFactory(area="510104")
    assert client_for(administrator).get("/api/v1/people").json()["count"] == 2


def test_person_list_pages_and_stays_at_a_fixed_number_of_queries(
    chengdu_caseworker, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        PersonFactory(area="510104")
    client = client_for(chengdu_caseworker)
    client.get("/api/v1/people", {"limit": 1})  # the first request starts the session's clock
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/people", {"limit": 25, "offset": 0}).json()
    assert body["count"] == 30 and len(body["items"]) == 25
    assert len(client.get("/api/v1/people", {"limit": 25, "offset": 25}).json()["items"]) == 5
    assert client.get("/api/v1/people", {"limit": 0}).status_code == 422


def test_patch_changes_only_editable_fields(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    client = client_for(chengdu_caseworker)
    response = client.patch(
        f"/api/v1/people/{person.pk}", {"phone": "2887654321"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["errors"][0]["rule"] == "phone_format"
    response = client.patch(
        f"/api/v1/people/{person.pk}",
        {"phone": "028-87654321", "region": "510117"},
        content_type="application/json",
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.phone == "028-87654321" and person.region_id == "510117"
    moved = client.patch(
        f"/api/v1/people/{person.pk}", {"region": "500105"}, content_type="application/json"
    )
    assert moved.status_code == 422 and moved.json()["errors"][0]["rule"] == "cross_region"


def test_employer_create_validates_uscc(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    client = client_for(chengdu_caseworker)
    code = uscc_complete("91510104MA6CXXXX0")
    payload = {
        "uscc": code,
        "name": "天府软件有限公司",
        "region": "510104",
        "industry": "65",
        "size": "small",
    }
    assert post(client, "/api/v1/employers", payload).status_code == 201
    assert post(client, "/api/v1/employers", payload).status_code == 409
    bad = post(
        client,
        "/api/v1/employers",
        {**payload, "uscc": code[:-1] + ("0" if code[-1] != "0" else "1")},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0] == {
        **bad.json()["errors"][0],
        "field": "uscc",
        "rule": "checksum",
    }
    bad_industry = post(
        client,
        "/api/v1/employers",
        {**payload, "uscc": uscc_complete("91510104MA6CXXXX1"), "industry": "C"},
    )
    assert bad_industry.json()["errors"][0]["rule"] == "division_required"
    assert (
        post(client, "/api/v1/employers", {**payload, "size": "huge"}).json()["errors"][0]["field"]
        == "size"
    )
    assert Employer.objects.count() == 1


def test_employer_scoping(chengdu_caseworker, make_account) -> None:  # type: ignore[no-untyped-def]
    chongqing = EmployerFactory(area="500112")
    chengdu = EmployerFactory(area="510104")
    client = client_for(chengdu_caseworker)
    assert client.get(f"/api/v1/employers/{chongqing.pk}").status_code == 403
    assert [e["id"] for e in client.get("/api/v1/employers").json()["items"]] == [chengdu.pk]
    assert (
        client.patch(
            f"/api/v1/employers/{chongqing.pk}", {"name": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    owner = make_account("boss", Role.EMPLOYER)
    chongqing.accounts.add(owner)
    assert client_for(owner).get(f"/api/v1/employers/{chongqing.pk}").status_code == 200
    assert client_for(owner).get(f"/api/v1/employers/{chengdu.pk}").status_code == 403


def test_registration_rules(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="500105")  # a Chongqing person hired in Chengdu: allowed
    employer = EmployerFactory(area="510104")
    client = client_for(chengdu_caseworker)
    payload = {
        "person_id": person.pk,
        "employer_id": employer.pk,
        "region": "510104",
        "start_date": "2025-03-01",
    }
    response = post(client, "/api/v1/registrations", payload)
    assert response.status_code == 201, response.json()
    assert post(client, "/api/v1/registrations", payload).status_code == 409
    cases = [
        ({"region": "510100"}, "region", "county_required"),
        ({"region": "500105"}, None, None),
        ({"end_date": "2025-01-01"}, "end_date", "before_start"),
        (
            {"start_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
            "start_date",
            "future_date",
        ),
        ({"person_id": 999999}, "person_id", "not_found"),
        ({"start_date": "2025-13-01"}, "start_date", "date_format"),
    ]
    for overrides, field, rule in cases:
        response = post(client, "/api/v1/registrations", {**payload, **overrides})
        if field is None:
            assert (
                response.status_code == 403
            )  # Chongqing county: not the Chengdu caseworker's to register
            continue
        assert response.status_code == 422, (overrides, response.json())
        assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["rule"]) == (
            field,
            rule,
        )
    assert EmploymentRegistration.objects.count() == 1
    assert client.get("/api/v1/registrations").json()["count"] == 1


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_concurrent_duplicate_registrations_create_exactly_one(make_account) -> None:  # type: ignore[no-untyped-def]
    caseworker = make_account("cw_race", Role.CASEWORKER, "510100")
    results: list[int] = []

    def register() -> None:
        try:
            results.append(
                post(client_for(caseworker), "/api/v1/people", person_payload()).status_code
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409, 409, 409]
    assert Person.objects.filter(resident_id=VALID_ID).count() == 1


@pytest.mark.parametrize(
    ("language", "detail", "messages"),
    [
        (
            "zh-hans",
            "输入有误",
            {
                "resident_id": "应为 18 位，实为 1 位",
                "phone": "手机号为 11 位且以 1 开头，固话如 028-12345678",
                "education": "未知学历代码 nope",
            },
        ),
        (
            "en",
            "Invalid input",
            {
                "resident_id": "Must be 18 characters, not 1",
                "phone": "A mobile number has 11 digits and starts with 1; a landline looks like "
                "028-12345678",
                "education": "Unknown education code nope",
            },
        ),
    ],
)
def test_errors_speak_one_language(chengdu_caseworker, language, detail, messages) -> None:  # type: ignore[no-untyped-def]
    """Issue 13 item 6: an error is in the reader's language only, placeholders filled in
    after translating (a finding of the plain-Python identity rules included)."""
    client = client_for(chengdu_caseworker)
    client.cookies["django_language"] = language
    body = client.post(
        "/api/v1/people",
        person_payload(resident_id="x", phone="1", education="nope"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    ).json()
    assert body["detail"] == detail
    assert {e["field"]: e["message"] for e in body["errors"]} == messages
