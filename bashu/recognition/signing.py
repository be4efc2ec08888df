"""Signed documents (可验证文书): Ed25519 signatures by the issuing region, verifiable offline.

A document is ``{"payload": {...}, "signature": {"alg": "Ed25519", "kid", "region", "value"}}``.
The signature covers the canonical JSON of the payload (sorted keys, no spaces, UTF-8), so
anyone holding the region's published key verifies it without asking Bashu; changing one
byte of the payload breaks it. Keys rotate: a retired key stays published, so what it signed
stays verifiable. Private keys live in ``BASHU_DATA_DIR/keys`` (never in the database).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def key_new() -> tuple[bytes, str]:
    """A new private key (PEM) and its public key (base64 of the raw 32 bytes)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, base64.b64encode(public).decode("ascii")


def sign(payload: dict[str, Any], *, private_pem: bytes, kid: str, region: str) -> dict[str, Any]:
    private = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError("not an Ed25519 key")
    value = base64.b64encode(private.sign(canonical(payload))).decode("ascii")
    return {
        "payload": payload,
        "signature": {"alg": "Ed25519", "kid": kid, "region": region, "value": value},
    }


@dataclass(frozen=True)
class Verification:
    valid: bool
    reason: str
    kid: str | None = None
    region: str | None = None


def verify(document: Any, public_keys: dict[str, str]) -> Verification:
    """Check a document against published keys (kid → base64 raw public key); either
    envelope (``{"payload", "signature"}`` or a W3C Verifiable Credential)."""
    if isinstance(document, dict) and isinstance(document.get("proof"), dict):
        return vc_verify(document, public_keys)
    if not isinstance(document, dict) or not isinstance(document.get("payload"), dict):
        return Verification(False, "文书格式不正确：缺少 payload (malformed document)")
    signature = document.get("signature")
    if not isinstance(signature, dict) or signature.get("alg") != "Ed25519":
        return Verification(False, "缺少 Ed25519 签名 (no Ed25519 signature)")
    kid = str(signature.get("kid", ""))
    public = public_keys.get(kid)
    if public is None:
        return Verification(False, f"未知签名密钥 {kid} (unknown key)", kid)
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public))
        key.verify(
            base64.b64decode(str(signature.get("value", ""))), canonical(document["payload"])
        )
    except (InvalidSignature, ValueError):
        return Verification(
            False, "签名与内容不符，文书已被改动 (signature does not match: altered)", kid
        )
    region = str(signature.get("region", ""))
    if not kid.startswith(region + "-"):
        return Verification(False, "签发地区与密钥不符 (signer does not own the key)", kid)
    return Verification(True, "签名有效 (signature valid)", kid, region)


# W3C Verifiable Credentials (data model 2.0) with a Data Integrity proof, cryptosuite
# eddsa-jcs-2022: the signature covers SHA-256(JCS(proof options)) ‖ SHA-256(JCS(credential)).
# ``canonical`` is JCS (RFC 8785) for what Bashu signs: ASCII keys, strings, integers, no floats.

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)  # ValueError on a foreign character
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def _vc_hash(credential: dict[str, Any], options: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(credential)).digest()
    )


def vc_sign(
    statement: dict[str, Any],
    *,
    private_pem: bytes,
    kid: str,
    region: str,
    valid_from: str | None = None,
    valid_until: str | None = None,
) -> dict[str, Any]:
    """``statement`` as the subject of a Verifiable Credential issued by ``region``."""
    private = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError("not an Ed25519 key")
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "type": ["VerifiableCredential", "BashuStatement"],
        "issuer": f"urn:bashu:region:{region}",
        "credentialSubject": statement,
    }
    if valid_from:
        credential["validFrom"] = f"{valid_from}T00:00:00Z"
    if valid_until:
        credential["validUntil"] = f"{valid_until}T23:59:59Z"
    options = {
        "@context": [VC_CONTEXT],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "verificationMethod": f"urn:bashu:key:{kid}",
        "proofPurpose": "assertionMethod",
    }
    signature = private.sign(_vc_hash(credential, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    return {**credential, "proof": {**proof, "proofValue": "z" + _b58encode(signature)}}


def vc_verify(document: dict[str, Any], public_keys: dict[str, str]) -> Verification:
    proof = document["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return Verification(False, "不支持的证明类型 (unsupported proof: eddsa-jcs-2022 only)")
    method = str(proof.get("verificationMethod", ""))
    kid = method.removeprefix("urn:bashu:key:")
    public = public_keys.get(kid)
    if not method.startswith("urn:bashu:key:") or public is None:
        return Verification(False, f"未知签名密钥 {method} (unknown key)", kid or None)
    credential = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = credential.get("@context")
    value = str(proof.get("proofValue", ""))
    try:
        if not value.startswith("z"):
            raise ValueError(value)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public))
        key.verify(_b58decode(value[1:]), _vc_hash(credential, options))
    except (InvalidSignature, ValueError):
        return Verification(
            False, "签名与内容不符，文书已被改动 (signature does not match: altered)", kid
        )
    region = str(document.get("issuer", "")).removeprefix("urn:bashu:region:")
    if not kid.startswith(region + "-"):
        return Verification(False, "签发地区与密钥不符 (issuer does not own the key)", kid)
    return Verification(True, "签名有效 (signature valid)", kid, region)
