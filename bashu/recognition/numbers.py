"""Certificate, card and licence numbers that cannot be walked (证书编号).

A new number is the issuing province (2 digits), a kind letter, 13 random characters of
Crockford's base32 (no I, L, O, U: nothing to misread) and one ISO 7064 MOD 37-2 check
character over all of it (0–9, A–Z or ``*``; a pure system with a prime modulus, so every
single wrong character and every two swapped neighbours are caught, which the hybrid MOD
37,36 does not promise), e.g. ``51TVP30HHCN9GREEJ``: 65 random bits, so guessing a holder's
number is hopeless even with their name, where the old sequential numbers fell to a hundred
guesses. Numbers already issued (and imported from an issuer's register) keep their form:
that is why the public lookup needs the holder's name as well and is rate-limited.

The check digit arithmetic is python-stdnum's; the randomness is the operating system's
(``secrets``) unless a caller passes its own ``random.Random`` (the synthetic-data generator,
whose data, numbers included, is reproducible from its seed).
"""

from __future__ import annotations

import random
import re
import secrets

from stdnum.iso7064 import mod_37_2

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 13
KIND_LETTERS = {"title": "T", "skill": "S", "talent_card": "K", "agency_licence": "A"}
_FORM = re.compile(rf"^(50|51)[TSKA][{CROCKFORD}]{{{RANDOM_LENGTH}}}[0-9A-Z*]$")


def credential_number_new(*, kind: str, region: str, rng: random.Random | None = None) -> str:
    """A fresh number for a credential of ``kind`` issued in ``region`` (its first two digits
    name the province). Uniqueness is the unique index's job; a clash has odds of about one in
    10^19 per pair."""
    source = rng or secrets.SystemRandom()
    body = region[:2] + KIND_LETTERS[kind]
    body += "".join(source.choice(CROCKFORD) for _ in range(RANDOM_LENGTH))
    return body + mod_37_2.calc_check_digit(body)


def credential_number_is_new_form(number: str) -> bool:
    """True for a well-formed number of this form with a right check character (a typo in
    one character, or two swapped, is caught); older forms answer False."""
    return bool(_FORM.match(number)) and mod_37_2.is_valid(number)
