"""Reference codes an input names (职业、区划、行业、学历), checked the same way by every write
of the job zone: one field error per code the reference tables do not hold, naming it."""

from __future__ import annotations

from collections.abc import Iterable

from bashu.core.errors import FieldError
from bashu.core.models import Occupation, Region


def code_unknown(field: str, message: str, code: str, *, rule: str = "unknown_code") -> FieldError:
    """The error for ``code`` under ``field``; ``message`` (translated) holds ``%(code)s``."""
    return FieldError(field, rule, message % {"code": code})


def codes_check(
    errors: list[FieldError],
    field: str,
    codes: Iterable[str],
    known: type[Occupation] | type[Region],
    message: str,
    *,
    rule: str = "unknown_code",
) -> None:
    """Add an error to ``errors`` for each of ``codes`` that ``known`` does not hold, in the
    order given (one query a code)."""
    for code in codes:
        if not known.objects.filter(code=code).exists():
            errors.append(code_unknown(field, message, code, rule=rule))
