"""Hostile signed documents are refused, by field and rule, before any decoding work.

Base58 by big-number arithmetic is quadratic in its input: a 313 KiB ``proofValue`` cost
13.6 s of CPU at /recognition/verify and a 160k-character signature 3.3 s at the exchange
inbox. An Ed25519 signature is 64 bytes, so anything longer is refused unread.
"""

from __future__ import annotations

import base64
import json

import base58
import pytest

from bashu.recognition.signing import (
    MAX_DOCUMENT_BYTES,
    PROOF_VALUE_CHARS,
    SIGNATURE_B64_CHARS,
    Verification,
    verify,
)
from conftest import client_for

pytestmark = pytest.mark.django_db


def vc_with_proof_value(value: str) -> dict:  # type: ignore[type-arg]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "urn:bashu:region:510000",
        "credentialSubject": {"number": "NJ-2021-0001"},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "verificationMethod": "urn:bashu:key:510000-x",
            "proofPurpose": "assertionMethod",
            "proofValue": value,
        },
    }


def post(path: str, document: object):  # type: ignore[no-untyped-def]
    return client_for(None).post(path, document, content_type="application/json")


def test_a_313_kib_proof_value_is_refused_at_verify_naming_the_field() -> None:
    response = post("/api/v1/recognition/verify", vc_with_proof_value("z" + "2" * 313 * 1024))
    assert response.status_code == 422, response.content[:200]
    (error,) = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("proof.proofValue", "max_length")


def test_a_160k_character_signature_is_refused_at_the_exchange_inbox() -> None:
    envelope = {
        "payload": {"uuid": "x", "type": "case.routed", "version": 1},
        "signature": {
            "alg": "Ed25519",
            "kid": "510000-x",
            "region": "510000",
            "value": "A" * 160_000,
        },
    }
    response = post("/api/v1/exchange/documents", envelope)
    assert response.status_code == 422, response.content[:200]
    assert response.json()["errors"][0] == {
        "field": "signature.value",
        "rule": "max_length",
        "message": response.json()["errors"][0]["message"],
    }
    as_vc = {**vc_with_proof_value("z" + "2" * 160_000), "payload": envelope["payload"]}
    response = post("/api/v1/exchange/documents", as_vc)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "proof.proofValue"


def test_a_document_over_64_kib_is_413_and_deep_nesting_422() -> None:
    big = {"payload": {"note": "字" * MAX_DOCUMENT_BYTES}, "signature": {"alg": "Ed25519"}}
    response = post("/api/v1/recognition/verify", big)
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "document"
    assert response.json()["errors"][0]["rule"] == "max_size"
    deep: dict = {"payload": {}}  # type: ignore[type-arg]
    inner = deep["payload"]
    for _ in range(200):
        inner["x"] = {}
        inner = inner["x"]
    response = post("/api/v1/recognition/verify", deep)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "max_depth"


def test_limits_are_the_sizes_of_an_ed25519_signature() -> None:
    signature = bytes(range(64))
    assert len(base64.b64encode(signature)) <= SIGNATURE_B64_CHARS
    assert len(b"z" + base58.b58encode(b"\xff" * 64)) == PROOF_VALUE_CHARS  # the longest


def test_verify_itself_refuses_over_long_values_undecoded() -> None:
    """Offline callers that skip ``document_check`` still never decode a long value."""
    keys = {"510000-x": "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}
    result = verify(vc_with_proof_value("z" + "2" * 100_000), keys)
    assert (
        result == Verification(False, result.reason, "510000-x", rule="bad_signature")
        and not result.valid
    )
    envelope = {
        "payload": {"a": 1},
        "signature": {
            "alg": "Ed25519",
            "kid": "510000-x",
            "region": "510000",
            "value": "A" * 10_000,
        },
    }
    assert verify(envelope, keys).rule == "bad_signature"


def test_the_verification_page_refuses_an_over_long_document_without_echoing_it() -> None:
    text = json.dumps(vc_with_proof_value("z" + "2" * 100_000))
    page = client_for(None).post("/recognition/verify/", {"document": text}).content.decode()
    assert "100000" not in page and "2222222222" not in page
    assert "65536" in page
    short = json.dumps(vc_with_proof_value("z" + "2" * 1_000))
    page = client_for(None).post("/recognition/verify/", {"document": short}).content.decode()
    assert "89" in page.split('id="verify-result"')[1].split("</p>")[0]
