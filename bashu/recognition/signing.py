"""Signed documents (可验证文书): Ed25519 signatures by the issuing region, verifiable offline.

A document is ``{"payload": {...}, "signature": {"alg": "Ed25519", "kid", "region", "value"}}``.
The signature covers the canonical JSON of the payload (sorted keys, no spaces, UTF-8), so
anyone holding the region's published key verifies it without asking Bashu; changing one
byte of the payload breaks it. Keys rotate: a retired key stays published, so what it signed
stays verifiable. Private keys live in ``BASHU_DATA_DIR/keys`` (never in the database).
"""

from __future__ import annotations

import base64
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
    """Check a document against published keys (kid → base64 raw public key)."""
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
    return Verification(True, "签名有效 (signature valid)", kid, str(signature.get("region", "")))
