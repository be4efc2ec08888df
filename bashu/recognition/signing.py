"""Signed documents (可验证文书): Ed25519 signatures by the issuing region, verifiable offline.

Two envelopes:

- ``{"payload": {...}, "signature": {"alg": "Ed25519", "kid", "region", "value"}}``: the
  signature (base64) covers the JCS canonical form (RFC 8785) of the payload;
- a W3C Verifiable Credential with a Data Integrity proof of the ``eddsa-jcs-2022``
  cryptosuite (W3C "Data Integrity EdDSA Cryptosuites v1.0"), the signature in base58btc.

Anyone holding the region's published key verifies either without asking Bashu; changing
one byte breaks it. Keys rotate: a retired key stays published, so what it signed stays
verifiable. Private keys live in ``BASHU_DATA_DIR/keys`` (never in the database).

Hostile input is bounded before any decoding work (``document_check``): an Ed25519
signature is 64 bytes, so its base64 is 88 characters and its base58btc at most 88 (plus
the multibase ``z``); a whole document is at most ``MAX_DOCUMENT_BYTES``. Base58 and JCS
come from well-kept libraries (``base58``, ``rfc8785``); big-number base58 is quadratic in
its input, which is why the bound comes first.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from bashu.core.errors import FieldError, InvalidInput

#: A whole signed document, serialised as JSON (UTF-8).
MAX_DOCUMENT_BYTES = 64 * 1024
#: Nesting of objects and arrays; Bashu's documents are four levels deep.
MAX_DEPTH = 32
#: base64 of a 64-byte Ed25519 signature (with padding).
SIGNATURE_B64_CHARS = 88
#: multibase base58btc of a 64-byte signature: ``z`` and at most 88 base58 characters.
PROOF_VALUE_CHARS = 89
SIGNATURE_BYTES = 64


class DocumentTooLarge(InvalidInput):
    """The document is larger than any Bashu signs (HTTP 413); nothing was decoded."""

    status = 413


def canonical(payload: Any) -> bytes:
    """JCS (RFC 8785): sorted keys, no spaces, UTF-8, ES6 numbers."""
    return rfc8785.dumps(payload)


def _depth_exceeds(document: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def document_check(document: Any) -> None:
    """Refuse a document no Bashu signature can be in, before decoding anything: raises
    ``InvalidInput`` (422) naming the field and the rule, or ``DocumentTooLarge`` (413)."""
    if not isinstance(document, dict):
        raise InvalidInput.one("document", "malformed", _("文书须为 JSON 对象"))
    signature, proof = document.get("signature"), document.get("proof")
    if isinstance(signature, dict) and _length(signature.get("value")) > SIGNATURE_B64_CHARS:
        raise InvalidInput.one(
            "signature.value",
            "max_length",
            _("签名不超过 %(n)d 个字符") % {"n": SIGNATURE_B64_CHARS},
        )
    if isinstance(proof, dict) and _length(proof.get("proofValue")) > PROOF_VALUE_CHARS:
        raise InvalidInput.one(
            "proof.proofValue",
            "max_length",
            _("签名不超过 %(n)d 个字符") % {"n": PROOF_VALUE_CHARS},
        )
    if _depth_exceeds(document, MAX_DEPTH):
        raise InvalidInput.one(
            "document",
            "max_depth",
            _("文书嵌套不超过 %(n)d 层") % {"n": MAX_DEPTH},
        )
    size = len(json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(
            [
                FieldError(
                    "document",
                    "max_size",
                    _("文书不超过 %(n)d 字节") % {"n": MAX_DOCUMENT_BYTES},
                )
            ],
            _("文书过大"),
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


#: Multikey header of an Ed25519 public key (multicodec ``ed25519-pub``, varint 0xed01).
MULTIKEY_ED25519_PUB = b"\xed\x01"


def public_key_multibase(public_b64: str) -> str:
    """The published key as a W3C Multikey ``publicKeyMultibase`` (``z`` + base58btc)."""
    raw = base64.b64decode(public_b64, validate=True)
    return "z" + base58.b58encode(MULTIKEY_ED25519_PUB + raw).decode("ascii")


def _private(private_pem: bytes) -> Ed25519PrivateKey:
    private = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError("not an Ed25519 key")
    return private


def _public(public_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))


def sign(payload: dict[str, Any], *, private_pem: bytes, kid: str, region: str) -> dict[str, Any]:
    value = base64.b64encode(_private(private_pem).sign(canonical(payload))).decode("ascii")
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
    #: why it is not valid, as a rule code: malformed, unknown_key, bad_signature, wrong_signer
    rule: str | None = None


def _altered(kid: str | None) -> Verification:
    return Verification(
        False,
        _("签名与内容不符，文书已被改动"),
        kid,
        rule="bad_signature",
    )


def verify(document: Any, public_keys: dict[str, str]) -> Verification:
    """Check a document against published keys (kid → base64 raw public key); either
    envelope (``{"payload", "signature"}`` or a W3C Verifiable Credential). Over-long
    signatures are refused undecoded; call ``document_check`` first for a 4xx answer."""
    if isinstance(document, dict) and isinstance(document.get("proof"), dict):
        return vc_verify(document, public_keys)
    if not isinstance(document, dict) or not isinstance(document.get("payload"), dict):
        return Verification(False, _("文书格式不正确：缺少 payload"), rule="malformed")
    signature = document.get("signature")
    if not isinstance(signature, dict) or signature.get("alg") != "Ed25519":
        return Verification(False, _("缺少 Ed25519 签名"), rule="malformed")
    kid = str(signature.get("kid", ""))
    public = public_keys.get(kid)
    if public is None:
        return Verification(
            False, _("未知签名密钥 %(kid)s") % {"kid": kid}, kid, rule="unknown_key"
        )
    value = signature.get("value")
    if not isinstance(value, str) or len(value) > SIGNATURE_B64_CHARS:
        return _altered(kid)
    try:
        raw = base64.b64decode(value, validate=True)
        if len(raw) != SIGNATURE_BYTES:
            return _altered(kid)
        _public(public).verify(raw, canonical(document["payload"]))
    except (InvalidSignature, ValueError, RecursionError):
        return _altered(kid)
    region = str(signature.get("region", ""))
    if not kid.startswith(region + "-"):
        return Verification(False, _("签发地区与密钥不符"), kid, rule="wrong_signer")
    return Verification(True, _("签名有效"), kid, region)


# W3C Verifiable Credentials (data model 2.0) with a Data Integrity proof, cryptosuite
# eddsa-jcs-2022 (https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022): the signature covers
# SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(credential without proof)).

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def _hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """§3.3.4 Hashing (eddsa-jcs-2022)."""
    return (
        hashlib.sha256(canonical(proof_config)).digest()
        + hashlib.sha256(canonical(unsecured)).digest()
    )


def proof_create(
    unsecured: dict[str, Any], options: dict[str, Any], private: Ed25519PrivateKey
) -> dict[str, Any]:
    """§3.3.1 Create Proof (eddsa-jcs-2022): ``unsecured`` with a ``proof`` whose options
    carry the document's ``@context`` (step 2), signed over the hash data."""
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != (
        "eddsa-jcs-2022"
    ):
        raise ValueError("PROOF_GENERATION_ERROR: eddsa-jcs-2022 only")
    proof = dict(options)
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = private.sign(_hash_data(unsecured, proof))
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    return {**unsecured, "proof": proof}


def _as_list(context: Any) -> list[Any]:
    return context if isinstance(context, list) else [context] if context is not None else []


def proof_verify(secured: dict[str, Any], public: Ed25519PublicKey) -> bool:
    """§3.3.2 Verify Proof (eddsa-jcs-2022). The proof value is bounded before decoding.

    Bashu's credentials exported before the proof carried its ``@context`` were hashed
    with the credential's context added to the proof options; those still verify."""
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        return False
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z") or len(value) > PROOF_VALUE_CHARS:
        return False
    try:
        proof_bytes = base58.b58decode(value[1:])
    except ValueError:
        return False
    if len(proof_bytes) != SIGNATURE_BYTES:
        return False
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:
        context, declared = _as_list(secured.get("@context")), _as_list(options["@context"])
        if not declared or context[: len(declared)] != declared:
            return False
        unsecured["@context"] = options["@context"]
        candidates = [options]
    else:
        candidates = [options, {**options, "@context": secured.get("@context")}]
    for config in candidates:
        try:
            public.verify(proof_bytes, _hash_data(unsecured, config))
        except InvalidSignature:
            continue
        except (ValueError, RecursionError):  # not canonicalisable (NaN, a huge integer)
            return False
        return True
    return False


def vc_sign(
    statement: dict[str, Any],
    *,
    private_pem: bytes,
    kid: str,
    region: str,
    valid_from: str | None = None,
    valid_until: str | None = None,
    credential_status: dict[str, Any] | None = None,
    extra_types: tuple[str, ...] = ("BashuStatement",),
    credential_id: str | None = None,
) -> dict[str, Any]:
    """``statement`` as the subject of a Verifiable Credential issued by ``region``."""
    credential: dict[str, Any] = {"@context": [VC_CONTEXT]}
    if credential_id:
        credential["id"] = credential_id
    credential.update(
        {
            "type": ["VerifiableCredential", *extra_types],
            "issuer": f"urn:bashu:region:{region}",
            "credentialSubject": statement,
        }
    )
    if valid_from:
        credential["validFrom"] = valid_from if "T" in valid_from else f"{valid_from}T00:00:00Z"
    if valid_until:
        credential["validUntil"] = valid_until if "T" in valid_until else f"{valid_until}T23:59:59Z"
    if credential_status:
        credential["credentialStatus"] = credential_status
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "verificationMethod": f"urn:bashu:key:{kid}",
        "proofPurpose": "assertionMethod",
    }
    return proof_create(credential, options, _private(private_pem))


def vc_verify(document: dict[str, Any], public_keys: dict[str, str]) -> Verification:
    proof = document["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return Verification(
            False,
            _("不支持的证明类型（仅支持 eddsa-jcs-2022）"),
            rule="malformed",
        )
    method = str(proof.get("verificationMethod", ""))
    kid = method.removeprefix("urn:bashu:key:")
    public = public_keys.get(kid)
    if not method.startswith("urn:bashu:key:") or public is None:
        return Verification(
            False, _("未知签名密钥 %(kid)s") % {"kid": method}, kid or None, rule="unknown_key"
        )
    try:
        verified = proof_verify(document, _public(public))
    except ValueError:  # a malformed published key
        verified = False
    if not verified:
        return _altered(kid)
    region = str(document.get("issuer", "")).removeprefix("urn:bashu:region:")
    if not kid.startswith(region + "-"):
        return Verification(False, _("签发地区与密钥不符"), kid, rule="wrong_signer")
    return Verification(True, _("签名有效"), kid, region)
