"""Status lists (证书状态列表): revocation published for verifiers outside Bashu.

A signature proves who signed and that nothing changed; it cannot say that the credential
was revoked afterwards. ``documents.document_verify`` reports the current status from the
registry; for Verifiable Credentials the revocation is also published as a W3C Bitstring
Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/):
each exported VC carries a ``credentialStatus`` entry (``BitstringStatusListEntry``,
purpose ``revocation``) pointing at its issuing province's list, a
``BitstringStatusListCredential`` signed with the province's key at
``/api/v1/recognition/status/{province}/revocation``. The list is at least 131,072 bits
(16 KB) uncompressed, GZIP-compressed and multibase base64url-encoded (``u``, no padding);
bit *i*, counted from the left-most bit of the first byte, is 1 when the credential at
index *i* is revoked. Indexes are drawn at random (the specification's advice: no
inference from position) and assigned once per credential, unique per issuer.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import re
import secrets
import zlib
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.errors import NotFound
from bashu.core.models.reference import zone_region
from bashu.recognition.keys import key_active, private_key, published_keys
from bashu.recognition.models import (
    AgencyLicence,
    CredentialStatus,
    ProfessionalTitle,
    SkillCertificate,
    StatusListEntry,
    TalentCard,
)
from bashu.recognition.selectors import Registered
from bashu.recognition.signing import vc_sign, verify

#: The specification's minimum list length, in entries (16 KB uncompressed).
LIST_LENGTH = 131_072
PURPOSE = "revocation"
#: How long a verifier may cache a list (milliseconds, the ``ttl`` of the list).
TTL_MS = 5 * 60 * 1000
#: A decompressed list larger than this is refused (a GZIP bomb is small when compressed).
MAX_LIST_BYTES = 16 * LIST_LENGTH // 8

_LIST_PATH = re.compile(r"/api/v1/recognition/status/(?P<province>\d{6})/(?P<purpose>[a-z]+)$")

_MODELS: dict[str, tuple[type[Any], str]] = {
    "title": (ProfessionalTitle, "certificate_number"),
    "skill": (SkillCertificate, "certificate_number"),
    "talent_card": (TalentCard, "number"),
    "agency_licence": (AgencyLicence, "number"),
}


def province_of(region: str) -> str:
    return region[:2] + "0000"


def _number(found: Registered) -> str:
    row = found.row
    return str(getattr(row, "certificate_number", None) or row.number)


def status_list_url(province: str, purpose: str = PURPOSE) -> str:
    """The public address of a province's list, on ``settings.BASHU_PUBLIC_URL``."""
    base = str(getattr(settings, "BASHU_PUBLIC_URL", "http://localhost:8000")).rstrip("/")
    return f"{base}/api/v1/recognition/status/{province}/{purpose}"


# --- the list: indexes, bits, encoding ---


def _list_size(count: int) -> int:
    """Entries the next index is drawn from: at least the minimum, at most half full."""
    size = LIST_LENGTH
    while 2 * (count + 1) > size:
        size *= 2
    return size


def entry_assign(found: Registered) -> StatusListEntry:
    """The credential's entry in its issuing province's list, created once."""
    province = province_of(found.credential.issuing_region)
    number = _number(found)
    existing = StatusListEntry.objects.filter(kind=found.kind, number=number, purpose=PURPOSE)
    for _attempt in range(32):
        entry = existing.first()
        if entry is not None:
            return entry
        taken = StatusListEntry.objects.filter(issuer_id=province, purpose=PURPOSE).count()
        try:
            with transaction.atomic():
                return StatusListEntry.objects.create(
                    issuer_id=province,
                    purpose=PURPOSE,
                    index=secrets.randbelow(_list_size(taken)),
                    kind=found.kind,
                    number=number,
                )
        except IntegrityError:  # the index was taken, or a parallel export assigned one
            continue
    raise RuntimeError("no free status list index")  # pragma: no cover - a half-empty list


def credential_status_entry(found: Registered) -> dict[str, Any]:
    """The ``credentialStatus`` a VC of this credential carries."""
    entry = entry_assign(found)
    url = status_list_url(entry.issuer_id)
    return {
        "id": f"{url}#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(entry.index),
        "statusListCredential": url,
    }


def revoked_indexes(province: str) -> list[int]:
    """Indexes of the province's listed credentials that are revoked now."""
    prefix = province[:2]
    indexes: list[int] = []
    for kind, (model, field) in _MODELS.items():
        revoked = model.objects.filter(
            status=CredentialStatus.REVOKED, region__code__startswith=prefix
        ).values_list(field, flat=True)
        indexes.extend(
            StatusListEntry.objects.filter(
                issuer_id=province, purpose=PURPOSE, kind=kind, number__in=revoked
            ).values_list("index", flat=True)
        )
    return indexes


def bitstring(indexes: list[int], length: int) -> bytes:
    """Bits set at ``indexes``; index 0 is the left-most (most significant) bit of byte 0."""
    bits = bytearray(length // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def list_encode(bits: bytes) -> str:
    """GZIP (RFC 1952), then multibase base64url without padding (``u``)."""
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def list_decode(encoded: str) -> bytes:
    """The inverse of ``list_encode``; refuses a list that inflates past ``MAX_LIST_BYTES``."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList is multibase base64url ('u')")
    body = encoded[1:]
    compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    bits = inflater.decompress(compressed, MAX_LIST_BYTES + 1)
    if len(bits) > MAX_LIST_BYTES:
        raise ValueError("status list too large")
    return bits


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_list_credential(province: str, purpose: str = PURPOSE) -> dict[str, Any]:
    """The province's ``BitstringStatusListCredential``, signed with its current key."""
    if purpose != PURPOSE or not province.endswith("0000") or zone_region(province) is None:
        raise NotFound(_("没有这份状态列表"))
    last = (
        StatusListEntry.objects.filter(issuer_id=province, purpose=purpose)
        .order_by("-index")
        .values_list("index", flat=True)
        .first()
    )
    length = max(LIST_LENGTH, -(-((last or 0) + 1) // LIST_LENGTH) * LIST_LENGTH)
    url = status_list_url(province, purpose)
    key = key_active(province)
    now = timezone.now()
    return vc_sign(
        {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": list_encode(bitstring(revoked_indexes(province), length)),
            "ttl": TTL_MS,
        },
        private_pem=private_key(key.kid),
        kid=key.kid,
        region=province,
        credential_id=url,
        extra_types=("BitstringStatusListCredential",),
        valid_from=_utc(now),
        valid_until=_utc(now + dt.timedelta(milliseconds=TTL_MS)),
    )


def list_bit(entry: Any, issuer: str) -> bool | None:
    """The Validate Algorithm of the specification on Bashu's own list, fetched locally:
    ``True`` when the bit is set, ``None`` when the entry cannot be checked here."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return None
    match = _LIST_PATH.search(str(entry.get("statusListCredential", "")))
    index = str(entry.get("statusListIndex", ""))
    if match is None or not index.isdigit() or len(index) > 9:
        return None
    province, purpose = match["province"], match["purpose"]
    if province != issuer or entry.get("statusPurpose") != purpose:
        return None
    try:
        listed = status_list_credential(province, purpose)
    except NotFound:
        return None
    public = published_keys()
    if not verify(listed, public).valid or listed["credentialSubject"]["statusPurpose"] != purpose:
        return None
    bits = list_decode(listed["credentialSubject"]["encodedList"])
    position = int(index)
    if len(bits) * 8 < LIST_LENGTH or position >= len(bits) * 8:
        return None
    return bool(bits[position // 8] & (0x80 >> (position % 8)))
