"""Signed exports of registered credentials and recorded decisions, in both envelopes."""

from __future__ import annotations

import copy
import io

import pytest
from django.core.management import call_command

from bashu.core.models import AuditEntry
from bashu.recognition.keys import published_keys
from bashu.recognition.signing import verify
from conftest import client_for

pytestmark = pytest.mark.django_db


def export(user, path: str, envelope: str = "bashu"):  # type: ignore[no-untyped-def]
    return client_for(user).get(f"/api/v1/recognition/{path}/document?envelope={envelope}")


@pytest.mark.parametrize("envelope", ["bashu", "vc"])
def test_holder_exports_a_credential_anyone_verifies_it_offline(title, envelope) -> None:  # type: ignore[no-untyped-def]
    response = export(title.person.account, "credentials/NJ-2021-0001", envelope)
    assert response.status_code == 200, response.json()
    document = response.json()
    statement = document["payload"] if envelope == "bashu" else document["credentialSubject"]
    assert statement["holder"]["name"] == "刘建国"
    assert title.person.resident_id not in str(document)  # the ID number is masked
    assert (statement["series"], statement["level"], statement["status"]) == (
        "工程技术人员",
        "中级",
        "valid",
    )
    result = verify(document, published_keys())
    assert result.valid and result.region == "510000", result.reason
    tampered = copy.deepcopy(document)
    target = tampered["payload"] if envelope == "bashu" else tampered["credentialSubject"]
    target["level"] = "副高级"
    assert not verify(tampered, published_keys()).valid
    assert AuditEntry.objects.filter(action="credential.export").count() == 1


def test_vc_envelope_is_a_w3c_credential_and_its_proof_is_checked(title) -> None:  # type: ignore[no-untyped-def]
    document = export(title.person.account, "credentials/NJ-2021-0001", "vc").json()
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert document["type"][0] == "VerifiableCredential"
    assert document["validFrom"] == "2021-06-01T00:00:00Z"
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["proof"]["proofValue"].startswith("z")
    for change in (
        lambda d: d.update(issuer="urn:bashu:region:500000"),  # claim another issuer
        lambda d: d["proof"].update(proofPurpose="authentication"),  # alter the proof options
        lambda d: d["proof"].update(proofValue="z0OIl"),  # not base58
        lambda d: d["proof"].update(verificationMethod="urn:bashu:key:nope"),
    ):
        tampered = copy.deepcopy(document)
        change(tampered)
        assert not verify(tampered, published_keys()).valid


def test_only_the_holder_and_the_issuer_export(title, make_account) -> None:  # type: ignore[no-untyped-def]
    assert (
        export(
            make_account("cw_cq", "caseworker", "500000"), "credentials/NJ-2021-0001"
        ).status_code
        == 403
    )
    assert export(make_account("other", "seeker"), "credentials/NJ-2021-0001").status_code == 403
    assert (
        export(
            make_account("cw_nj", "caseworker", "511000"), "credentials/NJ-2021-0001"
        ).status_code
        == 200
    )
    assert export(title.person.account, "credentials/NOPE").status_code == 404
    assert export(None, "credentials/NJ-2021-0001").status_code == 401


def test_a_revoked_credential_exports_as_revoked_and_rotation_keeps_old_documents(
    title, make_account
) -> None:  # type: ignore[no-untyped-def]
    before = export(title.person.account, "credentials/NJ-2021-0001").json()
    call_command("rotate_key", region="510000", stdout=io.StringIO())
    neijiang = make_account("cw_nj", "caseworker", "511000")
    client_for(neijiang).post(
        "/api/v1/recognition/credentials/NJ-2021-0001/revoke",
        {"reason": "评审材料造假"},
        content_type="application/json",
    )
    after = export(title.person.account, "credentials/NJ-2021-0001").json()
    assert after["signature"]["kid"] != before["signature"]["kid"]
    assert verify(before, published_keys()).valid  # signed before rotation, still verifies
    assert after["payload"]["status"] == "revoked"
    assert after["payload"]["revocation_reason"] == "评审材料造假"


def test_a_recorded_decision_is_exported_signed_by_the_host_province(title, make_account) -> None:  # type: ignore[no-untyped-def]
    zigong = make_account("cw_zigong", "caseworker", "510300")
    decision = (
        client_for(zigong)
        .post(
            "/api/v1/recognition/decisions",
            {
                "certificate_number": "NJ-2021-0001",
                "host_region": "510302",
                "on_date": "2026-06-01",
            },
            content_type="application/json",
        )
        .json()
    )
    document = export(zigong, f"decisions/{decision['id']}").json()
    assert document["payload"]["agreement"]["id"] == "chuannan-titles"
    assert document["payload"]["outcome"] == "recognised"
    assert verify(document, published_keys()).valid
    assert export(title.person.account, f"decisions/{decision['id']}").status_code == 200
    assert (
        export(
            make_account("cw_cq", "caseworker", "500000"), f"decisions/{decision['id']}"
        ).status_code
        == 403
    )
    forged = copy.deepcopy(document)
    forged["signature"]["region"] = "500000"
    assert not verify(forged, published_keys()).valid
