"""eddsa-jcs-2022 as the W3C specifies it.

1. The specification's own test vector (W3C "Data Integrity EdDSA Cryptosuites v1.0",
   §A.2, committed in ``fixtures/w3c_eddsa_jcs_2022.json`` with its source) is reproduced
   byte for byte by Bashu's signer and accepted by Bashu's verifier.
2. A Bashu credential verifies with an independent verifier written here from the
   specification's algorithms, on ``cryptography``, ``rfc8785`` and ``base58`` alone (no
   Bashu code), against the keys as Bashu publishes them.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import base58
import pytest
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bashu.core.models import Region, TitleLevel, TitleSeries
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle
from bashu.recognition.signing import _hash_data, canonical, proof_create, proof_verify
from conftest import client_for

VECTOR = json.loads(
    (Path(__file__).parent / "fixtures" / "w3c_eddsa_jcs_2022.json").read_text("utf-8")
)


# --- the independent verifier, from the specification (no Bashu import below this line) ---


def multikey_ed25519(public_key_multibase: str) -> Ed25519PublicKey:
    """CID 1.0 Multikey: ``z`` + base58btc of 0xed01 ‖ the 32-byte key."""
    assert public_key_multibase.startswith("z")
    raw = base58.b58decode(public_key_multibase[1:])
    assert raw[:2] == b"\xed\x01" and len(raw) == 34
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def spec_verify(secured: dict[str, Any], public: Ed25519PublicKey) -> bool:
    """Data Integrity EdDSA v1.0 §3.3.2 Verify Proof (eddsa-jcs-2022), step by step."""
    unsecured = {k: v for k, v in secured.items() if k != "proof"}  # 1
    proof_options = {k: v for k, v in secured["proof"].items() if k != "proofValue"}  # 2
    proof_value = secured["proof"]["proofValue"]
    assert proof_value.startswith("z")  # multibase base58-btc
    proof_bytes = base58.b58decode(proof_value[1:])  # 3
    if "@context" in proof_options:  # 4
        declared = proof_options["@context"]
        if secured["@context"][: len(declared)] != declared:
            return False
        unsecured["@context"] = declared
    # §3.3.3 Transformation and §3.3.5 Proof Configuration: JCS of each
    if proof_options["type"] != "DataIntegrityProof":
        return False
    if proof_options["cryptosuite"] != "eddsa-jcs-2022":
        return False
    transformed = rfc8785.dumps(unsecured)
    proof_config = rfc8785.dumps(proof_options)
    # §3.3.4 Hashing: SHA-256(proof config) ‖ SHA-256(document)
    hash_data = hashlib.sha256(proof_config).digest() + hashlib.sha256(transformed).digest()
    try:  # §3.3.7 Proof Verification: Ed25519 (pure EdDSA) over the hash data
        public.verify(proof_bytes, hash_data)
    except InvalidSignature:
        return False
    return True


# --- 1. the W3C test vector ---


def vector_private_key() -> Ed25519PrivateKey:
    raw = base58.b58decode(VECTOR["keyPair"]["privateKeyMultibase"][1:])
    assert raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def test_the_vector_key_pair_is_one_pair() -> None:
    public = multikey_ed25519(VECTOR["keyPair"]["publicKeyMultibase"])
    assert vector_private_key().public_key() == public


def test_bashu_reproduces_the_w3c_vector_step_by_step() -> None:
    unsigned = VECTOR["unsigned"]
    assert canonical(unsigned).decode() == VECTOR["canonicalDocument"]
    assert hashlib.sha256(canonical(unsigned)).hexdigest() == VECTOR["documentHash"]
    options = VECTOR["proofOptions"]
    assert canonical(options).decode() == VECTOR["canonicalProofOptions"]
    assert hashlib.sha256(canonical(options)).hexdigest() == VECTOR["proofOptionsHash"]
    assert _hash_data(unsigned, options).hex() == VECTOR["combinedHash"]
    without_context = {k: v for k, v in options.items() if k != "@context"}
    signed = proof_create(unsigned, without_context, vector_private_key())
    assert signed["proof"]["proofValue"] == VECTOR["proofValue"]
    assert base58.b58decode(VECTOR["proofValue"][1:]).hex() == VECTOR["signatureHex"]
    assert signed == VECTOR["signed"]


def test_bashu_verifies_the_w3c_vector_and_notices_a_change() -> None:
    public = multikey_ed25519(VECTOR["keyPair"]["publicKeyMultibase"])
    assert proof_verify(VECTOR["signed"], public)
    for change in (
        lambda d: d["credentialSubject"].update(alumniOf="Another School"),
        lambda d: d["proof"].update(created="2023-02-24T23:36:39Z"),
        lambda d: d["proof"].update(
            **{"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}
        ),
        lambda d: d.update(**{"@context": ["https://www.w3.org/ns/credentials/v2"]}),
    ):
        tampered = copy.deepcopy(VECTOR["signed"])
        change(tampered)
        assert not proof_verify(tampered, public)


def test_the_independent_verifier_agrees_with_the_vector() -> None:
    public = multikey_ed25519(VECTOR["keyPair"]["publicKeyMultibase"])
    assert spec_verify(VECTOR["signed"], public)
    tampered = copy.deepcopy(VECTOR["signed"])
    tampered["validFrom"] = "2023-01-02T00:00:00Z"
    assert not spec_verify(tampered, public)


# --- 2. a Bashu credential, checked by the independent verifier ---


@pytest.mark.django_db
def test_a_bashu_credential_verifies_with_the_independent_verifier(
    settings, tmp_path, make_account
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    holder = PersonFactory(area="511002", name="刘建国", account=make_account("liu", "seeker"))
    ProfessionalTitle.objects.create(
        person=holder,
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="511000"),
        issued_on=dt.date(2021, 6, 1),
        certificate_number="NJ-2021-0001",
    )
    response = client_for(holder.account).get(
        "/api/v1/recognition/credentials/NJ-2021-0001/document?envelope=vc"
    )
    assert response.status_code == 200, response.content
    credential = json.loads(response.content)  # exactly the bytes a holder downloads
    # The verifier resolves verificationMethod in the published keys, as anyone can.
    method = credential["proof"]["verificationMethod"]
    published = client_for(None).get("/api/v1/recognition/keys").json()
    (key,) = [k for k in published if f"urn:bashu:key:{k['kid']}" == method]
    public = multikey_ed25519(key["public_key_multibase"])
    assert spec_verify(credential, public)
    credential["credentialSubject"]["level"] = "副高级"
    assert not spec_verify(credential, public)
