"""A logging filter that masks personal data before any handler sees it."""

from __future__ import annotations

import logging
import re

from bashu.core.identity import mask_phone, mask_resident_id

# 18-character resident IDs (also 15-digit legacy ones) and mainland mobile numbers,
# not embedded in longer digit runs.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def mask_text(text: str) -> str:
    """Mask every resident ID and mobile number in ``text``."""
    text = _RESIDENT_ID.sub(lambda m: mask_resident_id(m.group(1)), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(1)), text)


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites each record's message with personal data masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
