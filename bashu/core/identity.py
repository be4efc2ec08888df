"""Identity-number rules: resident ID (GB 11643) and unified social credit code (GB 32100).

Pure functions over strings and dates; no Django import (an import-linter contract keeps it so),
so the same rules serve the API, the admin, bulk imports and the generator.

The check-character arithmetic comes from python-stdnum. Its area check for resident IDs is
*not* used as a rejection: it refuses real Chongqing numbers of people born before 1997 (the
500xxx codes did not exist then), so an unknown or historical area code is only a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ZONE_PROVINCES = ("50", "51")  # Chongqing, Sichuan: their current codes are kept in full
_ISO7064_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def gettext_noop(message: str) -> str:
    """Mark a message for translation (makemessages knows the name); no Django here, so the
    caller that shows a finding translates it (``Finding.translated``)."""
    return message


@dataclass(frozen=True)
class Finding:
    """One broken rule (an error) or one thing worth a look (a warning).

    ``template`` is the Chinese msgid, ``params`` its named placeholders: ``message`` is the
    Chinese text, ``translated(gettext)`` the text in the reader's language (placeholders
    filled after translating).
    """

    rule: str
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def translated(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.template)
        return text % self.params if self.params else text


@dataclass
class ResidentIdCheck:
    """The outcome of checking a resident ID number (居民身份证号码)."""

    valid: bool
    normalized: str | None
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None  # "M" or "F", from the parity of the sequence code
    area_code: str | None = None


@dataclass
class UsccCheck:
    """The outcome of checking a unified social credit code (统一社会信用代码)."""

    valid: bool
    normalized: str | None
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    area_code: str | None = None


def resident_id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643-1999 §8)."""
    return stdnum_ric.calc_check_digit(first17 + "0")


def _birth_date(digits8: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(digits8, "%Y%m%d").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        return None


def _known_to_stdnum(area: str) -> bool:
    from stdnum import numdb

    return bool(numdb.get("cn/loc").info(area)[0][1])


def _area_warning(area: str, current_areas: Container[str] | None) -> Finding | None:
    """Warn about an area code that is not current; never reject (see module docstring).

    ``current_areas`` lists the current codes this deployment keeps in full (Sichuan and
    Chongqing). Codes of other provinces are checked against python-stdnum's table.
    """
    if current_areas is None or area in current_areas:
        return None
    if not _known_to_stdnum(area):
        return Finding(
            "area_code_unknown",
            gettext_noop("地区码 %(area)s 未见于区划代码表，请核对"),
            {"area": area},
        )
    if area[:2] in ZONE_PROVINCES:
        return Finding(
            "area_code_historical",
            gettext_noop("地区码 %(area)s 为历史区划代码，号码仍有效"),
            {"area": area},
        )
    return None


def resident_id_check(
    raw: str, *, today: dt.date, current_areas: Container[str] | None = None
) -> ResidentIdCheck:
    """Check a resident ID number.

    Accepts 18-character numbers (a lower-case ``x`` check character is normalised to ``X``)
    and 15-digit legacy numbers, which are converted to 18 with a warning. Rejects a wrong
    length, non-digits, an impossible or future birth date and a wrong check character.
    An area code missing from ``current_areas`` is a warning, never a rejection.
    """
    number = (raw or "").strip().replace(" ", "").upper()
    warnings: list[Finding] = []
    if len(number) == 15:
        if not number.isdigit():
            return ResidentIdCheck(
                False,
                None,
                [Finding("format", gettext_noop("15 位旧号码只能由数字组成"))],
            )
        body = number[:6] + "19" + number[6:]
        number = body + resident_id_check_char(body)
        warnings.append(
            Finding(
                "legacy_15_digit",
                gettext_noop("15 位旧号码已转换为 18 位"),
            )
        )
    if len(number) != 18:
        return ResidentIdCheck(
            False,
            None,
            [Finding("length", gettext_noop("应为 18 位，实为 %(n)d 位"), {"n": len(number)})],
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return ResidentIdCheck(
            False,
            None,
            [Finding("format", gettext_noop("前 17 位须为数字，末位为数字或 X"))],
        )
    errors: list[Finding] = []
    birth = _birth_date(number[6:14])
    if birth is None:
        errors.append(
            Finding("birth_date", gettext_noop("出生日期 %(date)s 不存在"), {"date": number[6:14]})
        )
    elif birth > today:
        errors.append(
            Finding(
                "birth_date_future",
                gettext_noop("出生日期 %(date)s 晚于今天"),
                {"date": birth.isoformat()},
            )
        )
    elif birth.year < 1850:
        errors.append(
            Finding(
                "birth_date", gettext_noop("出生日期 %(date)s 不合理"), {"date": birth.isoformat()}
            )
        )
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        errors.append(
            Finding(
                "checksum",
                gettext_noop("校验码应为 %(expected)s，实为 %(actual)s"),
                {"expected": expected, "actual": number[17]},
            )
        )
    if errors:
        return ResidentIdCheck(False, None, errors, warnings)
    assert birth is not None  # noqa: S101 - established above
    area = number[:6]
    area_warning = _area_warning(area, current_areas)
    if area_warning:
        warnings.append(area_warning)
    sex = "M" if int(number[16]) % 2 else "F"
    return ResidentIdCheck(True, number, [], warnings, birth_date=birth, sex=sex, area_code=area)


def uscc_check(raw: str, *, current_areas: Container[str] | None = None) -> UsccCheck:
    """Check a unified social credit code: 18 characters of the 31-character alphabet
    (digits and upper-case letters without I, O, S, V, Z) and the GB 32100-2015 check character.

    Lower case is normalised to upper case. An area part (characters 3–8) not in
    ``current_areas`` is a warning only: organisations keep their code after re-zoning.
    """
    code = (raw or "").strip().replace(" ", "").upper()
    if len(code) != 18:
        return UsccCheck(
            False,
            None,
            [Finding("length", gettext_noop("应为 18 位，实为 %(n)d 位"), {"n": len(code)})],
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return UsccCheck(
            False,
            None,
            [
                Finding(
                    "alphabet",
                    gettext_noop("含非法字符 %(chars)s；不得使用 I、O、S、V、Z"),
                    {"chars": "".join(bad)},
                )
            ],
        )
    expected = stdnum_uscc.calc_check_digit(code)
    if code[17] != expected:
        return UsccCheck(
            False,
            None,
            [
                Finding(
                    "checksum",
                    gettext_noop("校验码应为 %(expected)s，实为 %(actual)s"),
                    {"expected": expected, "actual": code[17]},
                )
            ],
        )
    warnings: list[Finding] = []
    area = code[2:8]
    if not area.isdigit():
        warnings.append(
            Finding(
                "area_code_format",
                gettext_noop("第 3–8 位 %(area)s 应为行政区划码"),
                {"area": area},
            )
        )
    elif current_areas is not None and area not in current_areas:
        warnings.append(
            Finding(
                "area_code_unknown",
                gettext_noop("登记管理机关地区码 %(area)s 不在现行区划中"),
                {"area": area},
            )
        )
    return UsccCheck(True, code, [], warnings, area_code=area)


def uscc_complete(first17: str) -> str:
    """Append the check character to 17 characters (used by the generator and tests)."""
    return first17 + stdnum_uscc.calc_check_digit(first17 + "0")


def resident_id_complete(first17: str) -> str:
    """Append the check character to 17 digits (used by the generator and tests)."""
    return first17 + resident_id_check_char(first17)


#: Characters a mask keeps at each end: few enough that nothing else in the same answer (a
#: birth date, an age, a region) rebuilds the number, and that a person still recognises it.
MASK_KEEP_START = 3
MASK_KEEP_END = 2


def mask_number(value: str | None) -> str:
    """One rule for every number that identifies a person — resident ID, mobile, landline:
    the first three and last two characters stay, every other letter or digit becomes ``*``,
    separators stay. ``510104199001011237`` → ``510*************37`` (the county, the birth
    date and the sequence are all hidden), ``13812345678`` → ``138******78``,
    ``028-12345678`` → ``028-******78``. Values of six characters or fewer are hidden whole.
    """
    if not value:
        return ""
    if len(value) <= MASK_KEEP_START + MASK_KEEP_END + 1:
        return "*" * len(value)
    last = len(value) - MASK_KEEP_END
    return "".join(
        c if i < MASK_KEEP_START or i >= last or not c.isalnum() else "*"
        for i, c in enumerate(value)
    )


def mask_resident_id(number: str | None) -> str:
    """A resident ID number masked by :func:`mask_number`."""
    return mask_number(number)


def mask_phone(phone: str | None) -> str:
    """A mobile or landline number masked by :func:`mask_number`."""
    return mask_number(phone)


def mask_name(name: str | None) -> str:
    """``张三丰`` → ``张**``: the family name stays, the given name is hidden."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
