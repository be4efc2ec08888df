"""The current status of signed documents, and the W3C Bitstring Status List per province.

Before, a credential revoked after its export still verified as 签名有效 with
``status: valid``: the signature was checked, the credential was not.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import pytest
from django.test import Client

from bashu.core.models import Region, TitleLevel
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.keys import published_keys
from bashu.recognition.models import ProfessionalTitle, StatusListEntry, TalentCard
from bashu.recognition.signing import verify
from bashu.recognition.status import LIST_LENGTH, bitstring, list_decode, list_encode
from bashu.recognition.tests.factories import neijiang_title
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def title(settings, tmp_path, make_account):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    settings.BASHU_PUBLIC_URL = "https://bashu.example"
    return neijiang_title(account=make_account("liu", "seeker"))


def export(user, number: str, envelope: str = "vc") -> dict:  # type: ignore[no-untyped-def, type-arg]
    response = client_for(user).get(
        f"/api/v1/recognition/credentials/{number}/document?envelope={envelope}"
    )
    assert response.status_code == 200, response.content
    return response.json()


def check(document: dict) -> dict:  # type: ignore[type-arg]
    response = client_for(None).post(
        "/api/v1/recognition/verify", document, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def revoke(make_account, number: str, reason: str = "评审材料造假") -> None:  # type: ignore[no-untyped-def]
    caseworker = make_account("cw_nj", "caseworker", "511000")
    response = client_for(caseworker).post(
        f"/api/v1/recognition/credentials/{number}/revoke",
        {"reason": reason},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def bit_of(list_credential: dict, index: int) -> int:  # type: ignore[type-arg]
    """The specification's Bitstring Expansion with gzip and base64 alone."""
    encoded = list_credential["credentialSubject"]["encodedList"]
    assert encoded[0] == "u" and "=" not in encoded  # multibase base64url, no padding
    body = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert len(bits) * 8 >= 131_072  # the minimum, 16 KB
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_a_vc_revoked_after_export_verifies_as_signed_but_revoked(title, make_account) -> None:  # type: ignore[no-untyped-def]
    document = export(title.person.account, "NJ-2021-0001")
    entry = document["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    url = "https://bashu.example/api/v1/recognition/status/510000/revocation"
    assert entry["statusListCredential"] == url
    index = int(entry["statusListIndex"])
    assert 0 <= index < LIST_LENGTH
    before = check(document)
    assert before["valid"] and before["status"] == "valid" and before["status_list_checked"]
    revoke(make_account, "NJ-2021-0001")
    after = check(document)
    assert after["valid"] is True  # the signature still holds …
    assert after["status"] == "revoked"  # … but the credential does not
    assert after["revocation_reason"] == "评审材料造假" and after["revoked_at"]
    assert after["status_list_checked"]
    # The published list, as a verifier outside Bashu reads it.
    response = client_for(None).get("/api/v1/recognition/status/510000/revocation")
    assert response.status_code == 200
    listed = response.json()
    assert listed["id"] == url and "BitstringStatusListCredential" in listed["type"]
    assert listed["credentialSubject"]["type"] == "BitstringStatusList"
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert verify(listed, published_keys()).valid  # signed by the province
    assert listed["proof"]["verificationMethod"].startswith("urn:bashu:key:510000-")
    assert bit_of(listed, index) == 1
    assert sum(bit_of(listed, i) for i in range(0, LIST_LENGTH, 997)) <= 1  # only that one


def test_the_index_is_assigned_once_and_differs_between_credentials(title, make_account) -> None:  # type: ignore[no-untyped-def]
    first = export(title.person.account, "NJ-2021-0001")["credentialStatus"]
    again = export(title.person.account, "NJ-2021-0001")["credentialStatus"]
    assert first["statusListIndex"] == again["statusListIndex"]
    other = ProfessionalTitle.objects.create(
        person=title.person,
        series=title.series,
        level=TitleLevel.objects.get(name="副高级"),
        region=title.region,
        issued_on=dt.date(2024, 6, 1),
        certificate_number="NJ-2024-0002",
    )
    second = export(title.person.account, other.certificate_number)["credentialStatus"]
    assert second["statusListIndex"] != first["statusListIndex"]
    assert StatusListEntry.objects.filter(issuer_id="510000").count() == 2
    listed = client_for(None).get("/api/v1/recognition/status/510000/revocation").json()
    assert bit_of(listed, int(first["statusListIndex"])) == 0
    assert bit_of(listed, int(second["statusListIndex"])) == 0


def test_the_bashu_envelope_reports_revocation_from_the_registry(title, make_account) -> None:  # type: ignore[no-untyped-def]
    document = export(title.person.account, "NJ-2021-0001", "bashu")
    assert check(document)["status"] == "valid"
    revoke(make_account, "NJ-2021-0001")
    result = check(document)
    assert result["valid"] and result["status"] == "revoked"
    assert "评审材料造假" in result["status_reason"]
    page = (
        client_for(None)
        .post("/recognition/verify/", {"document": json.dumps(document, ensure_ascii=False)})
        .content.decode()
    )
    assert "签名有效" in page and "已撤销" in page and "评审材料造假" in page


def test_a_changed_record_supersedes_the_document(title) -> None:  # type: ignore[no-untyped-def]
    document = export(title.person.account, "NJ-2021-0001")
    title.level = TitleLevel.objects.get(name="副高级")
    title.save()
    result = check(document)
    assert result["valid"] and result["status"] == "superseded"


def test_an_expired_card_is_reported_expired(settings, tmp_path, make_account) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    person = PersonFactory(area="500103", name="王芳", account=make_account("wang", "seeker"))
    TalentCard.objects.create(
        person=person,
        programme="chongqing",
        card_class="B",
        region=Region.objects.get(code="500000"),
        number="CQ-B-0001",
        issued_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2023, 12, 31),
    )
    document = export(person.account, "CQ-B-0001")
    assert document["credentialStatus"]["statusListCredential"].endswith("/500000/revocation")
    result = check(document)
    assert result["valid"] and result["status"] == "expired"
    assert "2023-12-31" in result["status_reason"]


def test_a_later_decision_supersedes_an_earlier_one(title, make_account) -> None:  # type: ignore[no-untyped-def]
    zigong = make_account("cw_zigong", "caseworker", "510300")

    def decide() -> dict:  # type: ignore[type-arg]
        decision = client_for(zigong).post(
            "/api/v1/recognition/decisions",
            {"certificate_number": "NJ-2021-0001", "host_region": "510302"},
            content_type="application/json",
        )
        assert decision.status_code == 201, decision.content
        return (
            client_for(zigong)
            .get(f"/api/v1/recognition/decisions/{decision.json()['id']}/document")
            .json()
        )

    first = decide()
    assert check(first)["status"] == "valid"
    decide()
    assert check(first)["status"] == "superseded"


def test_status_lists_exist_for_the_zone_provinces_only() -> None:
    assert client_for(None).get("/api/v1/recognition/status/440000/revocation").status_code == 404
    assert client_for(None).get("/api/v1/recognition/status/510100/revocation").status_code == 404
    assert client_for(None).get("/api/v1/recognition/status/51x/revocation").status_code == 422


def test_list_encoding_round_trips_and_refuses_a_gzip_bomb() -> None:
    bits = bitstring([0, 7, 8, LIST_LENGTH - 1], LIST_LENGTH)
    assert bits[0] == 0b1000_0001 and bits[1] == 0b1000_0000 and bits[-1] == 1
    assert list_decode(list_encode(bits)) == bits
    bomb = list_encode(bytes(64 * LIST_LENGTH))  # 8 MiB of zeros, a few KiB compressed
    with pytest.raises(ValueError, match="too large"):
        list_decode(bomb)


@pytest.mark.django_db
def test_the_published_list_may_be_cached_by_verifiers(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A verifier outside Bashu fetches the list often: it is public, so it may be cached
    (everything personal stays no-store)."""
    settings.DATA_DIR = tmp_path
    answer = Client(HTTP_HOST="127.0.0.1").get("/api/v1/recognition/status/510000/revocation")
    assert answer.status_code == 200
    assert "public" in answer["Cache-Control"] and "no-store" not in answer["Cache-Control"]
