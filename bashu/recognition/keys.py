"""Region signing keys: creation, rotation, and the private keys on disk."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashu.core.audit import audit_record
from bashu.core.errors import Forbidden
from bashu.core.permissions import SYSTEM, Actor, acts_for_all
from bashu.recognition.models import SigningKey
from bashu.recognition.signing import key_new


def _key_dir() -> Path:
    path = Path(settings.DATA_DIR) / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def private_key(kid: str) -> bytes:
    return (_key_dir() / f"{kid}.pem").read_bytes()


@transaction.atomic
def key_rotate(*, region: str, by: Actor = SYSTEM) -> SigningKey:
    """Start a new key for ``region``; the previous one is retired but stays published.
    Only the system (the operator's ``bashu rotate_key``, a first use) or an administrator."""
    if not acts_for_all(by):
        raise Forbidden(_("只有系统管理员可以轮换签名密钥"))
    now = timezone.now()
    SigningKey.objects.select_for_update().filter(region_id=region, retired_at__isnull=True).update(
        retired_at=now
    )
    pem, public = key_new()
    kid = f"{region}-{now:%Y%m%d%H%M%S%f}"
    path = _key_dir() / f"{kid}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    key = SigningKey.objects.create(kid=kid, region_id=region, public_key=public)
    audit_record(
        actor=by,
        action="signing_key.rotate",
        target_type="signing_key",
        target_id=kid,
        detail={"region": region},
    )
    return key


def key_active(region: str) -> SigningKey:
    """The region's current key, created on first use."""
    key = (
        SigningKey.objects.filter(region_id=region, retired_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return key or key_rotate(region=region)


def published_keys() -> dict[str, str]:
    return dict(SigningKey.objects.values_list("kid", "public_key"))
