"""Signed decisions: verify offline, detect one changed byte, survive key rotation."""

from __future__ import annotations

import copy
import json

import pytest

from bashu.recognition.keys import key_rotate, published_keys
from bashu.recognition.signing import verify
from conftest import client_for

pytestmark = pytest.mark.django_db

REQUEST = {
    "kind": "title",
    "series": "工程",
    "level": "中级",
    "issuing_region": "511002",
    "host_region": "510302",
    "on_date": "2026-06-01",
}


def signed():  # type: ignore[no-untyped-def]
    response = client_for(None).post(
        "/api/v1/recognition/precheck/document", REQUEST, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_signed_decision_verifies_offline_with_the_published_keys(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    document = signed()
    assert document["payload"]["outcome"] == "recognised"
    assert document["payload"]["agreement"]["id"] == "chuannan-titles"
    keys = {
        k["kid"]: k["public_key"] for k in client_for(None).get("/api/v1/recognition/keys").json()
    }
    # Offline: only the document and the published keys, no database.
    assert verify(json.loads(json.dumps(document)), keys).valid
    api = (
        client_for(None)
        .post("/api/v1/recognition/verify", document, content_type="application/json")
        .json()
    )
    assert api["valid"] and api["region"] == "510000"


def test_one_changed_byte_is_detected(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    document = signed()
    tampered = copy.deepcopy(document)
    tampered["payload"]["outcome"] = "recognisee"  # one letter
    result = verify(tampered, published_keys())
    assert not result.valid and "改动" in result.reason
    raw = json.dumps(document, ensure_ascii=False)
    flipped = json.loads(raw.replace('"中级"', '"初级"', 1))
    assert not verify(flipped, published_keys()).valid


def test_rotation_keeps_old_documents_valid(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    old = signed()
    key_rotate(region="510000")
    new = signed()
    assert old["signature"]["kid"] != new["signature"]["kid"]
    keys = published_keys()
    assert verify(old, keys).valid and verify(new, keys).valid
    assert not verify(
        old, {new["signature"]["kid"]: keys[new["signature"]["kid"]]}
    ).valid  # needs the old key


def test_garbage_is_refused_with_a_reason() -> None:
    assert not verify({"hello": 1}, {}).valid
    response = client_for(None).post(
        "/api/v1/recognition/verify",
        {"payload": {}, "signature": {"alg": "Ed25519", "kid": "nope", "value": "AA=="}},
        content_type="application/json",
    )
    assert response.json()["valid"] is False and "未知" in response.json()["reason"]


def test_verification_page(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    document = signed()
    page = (
        client_for(None)
        .post("/recognition/verify/", {"document": json.dumps(document, ensure_ascii=False)})
        .content.decode()
    )
    assert "签名有效" in page and "川南经济区职称资格互认协议" in page
    document["payload"]["host_region"] = "510303"
    page = (
        client_for(None)
        .post("/recognition/verify/", {"document": json.dumps(document)})
        .content.decode()
    )
    assert "已被改动" in page
    assert (
        "不是有效的 JSON"
        in client_for(None).post("/recognition/verify/", {"document": "{oops"}).content.decode()
    )
