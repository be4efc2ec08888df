"""Reads for accounts: which account a typed sign-in name means (登录名解析)."""

from __future__ import annotations

import re

from django.utils import timezone

from bashu.accounts.models import AccountContact
from bashu.core.identity import resident_id_check
from bashu.core.models import Industry, Region, User
from bashu.core.models.reference import RegionLevel
from bashu.core.selectors import localized_name
from bashu.people.models import Person

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def phone_normalize(raw: str | None) -> str | None:
    """A mainland mobile number (手机号) as 11 digits, or ``None`` if ``raw`` is not one.

    Spaces, dashes and a leading ``+86`` / ``86`` are dropped: ``+86 138-1234-5678`` →
    ``13812345678``."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if _MOBILE.match(digits) else None


def account_by_identifier(identifier: str | None) -> User | None:
    """The account a sign-in name means: its username, its mobile phone, or the resident ID
    of the person it belongs to, in that order. ``None`` when none matches (the caller must
    answer alike either way)."""
    typed = (identifier or "").strip()
    if not typed or len(typed) > 150:
        return None
    user = User.objects.filter(username=typed).first()
    if user is not None:
        return user
    phone = phone_normalize(typed)
    if phone is not None:
        contact = AccountContact.objects.select_related("user").filter(phone=phone).first()
        if contact is not None:
            return contact.user
    check = resident_id_check(typed, today=timezone.localdate())
    if check.valid and check.normalized:
        person = (
            Person.objects.select_related("account")
            .filter(resident_id=check.normalized, account__isnull=False)
            .first()
        )
        if person is not None:
            return person.account
    return None


def zone_city_choices() -> list[tuple[str, str]]:
    """Prefecture-level places of the zone a person or employer may name as where they are
    (所在城市): Sichuan's prefectures and the municipality of Chongqing."""
    rows = Region.objects.filter(
        code__regex=r"^(50|51)",
        level__in=[RegionLevel.PREFECTURE, RegionLevel.PROVINCE],
    ).exclude(code="510000")
    return [(r.code, r.name) for r in rows.order_by("code")]


def industry_division_choices() -> list[tuple[str, str]]:
    """Industry divisions (行业大类, GB/T 4754) by name in the reader's language (Software
    and Information Technology Services on English pages), for the employer sign-up."""
    rows = Industry.objects.filter(level=Industry.Level.DIVISION).order_by("code")
    return [(r.code, localized_name(r)) for r in rows]
