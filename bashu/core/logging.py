"""A logging filter that masks personal data before any handler sees it.

Log lines carry what people typed and what URLs held, so an ID number arrives in any
spelling: ``510114198608170076``, ``ID510114…``, ``q=%20510114…``, ``510114-19860817-0076``,
``5101 1419 8608 1700 76``, full-width digits, a 15-digit legacy number; phones as
``13812345678``, ``+86 138 1234 5678``, ``028-12345678``, ``02312345678``.

The rule: a run of digit groups joined by separators (space, dash, dot, slash, underscore,
plus, parentheses, their URL escapes, full-width forms) is read as one number, separators dropped. Within
a run, the longest stretch of whole groups that spells a resident ID (18 or 15 characters), a
mobile or a landline (area code ``0xx``/``0xxx``) is masked; digit runs too long to be one
number are searched for any 18-digit stretch whose check digit is right. Letters around a
number never protect it (``ID510114…``), and a URL escape before it is not part of it
(``%20510114…``). Over-masking a log line is harmless; under-masking is not.
"""

from __future__ import annotations

import logging
import re
import traceback

from bashu.core.identity import mask_phone, mask_resident_id, resident_id_check_char

_SEPARATOR = r"(?:[\s\-./_+()\u2010-\u2015\u3000\uff08\uff09\uff0d]|%(?:20|09|2[89BbDdEeFf]|5[Ff]))"
# Either a URL escape (consumed whole so that ``%20`` never lends its ``20`` to a number),
# or a run of digit groups with at most three separators between two groups.
_TOKEN = re.compile(
    rf"(?P<escape>%[0-9A-Fa-f]{{2}})"
    rf"|(?P<run>\d+(?:{_SEPARATOR}{{1,3}}\d+)*(?:{_SEPARATOR}{{0,3}}[Xx](?![A-Za-z]))?)"
)
_GROUP = re.compile(r"%[0-9A-Fa-f]{2}|(?P<digits>\d+(?:[Xx](?![A-Za-z]))?|[Xx])")
#: Groups of one run considered together (an ID spelt in single digits has 18).
_MAX_GROUPS = 18


def _classify(number: str) -> str | None:
    """Which personal number ``number`` (digits, perhaps a final X) spells, if any."""
    digits, check = (number[:-1], number[-1]) if number[-1] in "Xx" else (number, "")
    if check and len(number) != 18:
        return None
    n = len(number)
    if n == 18 or (n == 15 and not check):
        return "resident_id"
    if (n == 11 and digits[0] == "1" and digits[1] in "3456789") or (
        n == 13 and digits.startswith("86") and digits[2] == "1"
    ):
        return "phone"
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0":
        return "landline"  # 0 + 2–3 digit area code + 7–8 digit number
    return None


def _mask(kind: str, number: str) -> str:
    return mask_resident_id(number) if kind == "resident_id" else mask_phone(number)


def _valid_resident_id(candidate: str) -> bool:
    try:
        return resident_id_check_char(candidate[:17]) == candidate[17].upper()
    except (ValueError, IndexError):
        return False


def _mask_long_digits(digits: str) -> str:
    """Mask every 18-digit stretch with a right check digit inside a longer digit run."""
    out, i = [], 0
    while i <= len(digits) - 18:
        window = digits[i : i + 18]
        if _valid_resident_id(window):
            out.append(mask_resident_id(window))
            i += 18
        else:
            out.append(digits[i])
            i += 1
    out.append(digits[i:])
    return "".join(out)


def _mask_run(run: str) -> str:
    groups = [g for g in _GROUP.finditer(run) if g.group("digits")]
    out: list[str] = []
    position = 0  # in ``run``: everything before it has been emitted
    i = 0
    while i < len(groups):
        for j in range(min(len(groups), i + _MAX_GROUPS) - 1, i - 1, -1):
            number = "".join(g.group() for g in groups[i : j + 1])
            kind = _classify(number)
            if kind is not None:
                out.append(run[position : groups[i].start()])
                out.append(_mask(kind, number))
                position = groups[j].end()
                i = j + 1
                break
        else:
            group = groups[i]
            if len(group.group()) > 18:
                out.append(run[position : group.start()])
                out.append(_mask_long_digits(group.group()))
                position = group.end()
            i += 1
    out.append(run[position:])
    return "".join(out)


def mask_text(text: str) -> str:
    """Mask every resident ID, mobile and landline number in ``text``, however spelt."""
    return _TOKEN.sub(lambda m: m.group() if m.group("escape") else _mask_run(m.group()), text)


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with personal data masked.

    Never drops a record. Attach it to every handler: a filter on a handler sees the records
    of every logger that reaches it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
