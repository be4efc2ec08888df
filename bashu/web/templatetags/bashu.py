"""The portal's template tags and filters (``{% load bashu %}``): the components of the design
system (docs/adr/0012-design-system.md) that need a little Python around their partial.

Filters: ``alert_class`` (a message's Bootstrap colour), ``money`` (8,000 元/月), ``quantity``
(12,345 人). Tags: ``error_summary`` (the GOV.UK error summary, from a form or an
``InvalidInput``), ``pagination`` (a Django ``Page`` with the other query parameters kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.utils.translation import gettext as _

from bashu.core.errors import FieldError, InvalidInput

register = template.Library()

_ALERT = {
    message_levels.DEBUG: "secondary",
    message_levels.INFO: "info",
    message_levels.SUCCESS: "success",
    message_levels.WARNING: "warning",
    message_levels.ERROR: "danger",
}


@register.filter
def alert_class(message: Message) -> str:
    """``alert-{{ message|alert_class }}``: Django's message level as Bootstrap's colour."""
    return _ALERT.get(message.level, "info")


def _grouped(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return str(intcomma(number, use_l10n=False))


@register.filter
def money(value: Any, unit: str = "month") -> str:
    """``{{ 8000|money }}`` → "8,000 元/月"; ``{{ x|money:"once" }}`` → "8,000 元". An empty
    value is an empty string (the template says 面议 or leaves the cell blank)."""
    grouped = _grouped(value)
    if grouped is None:
        return ""
    if unit == "once":
        return _("%(amount)s 元") % {"amount": grouped}
    return _("%(amount)s 元/月") % {"amount": grouped}


@register.filter
def quantity(value: Any, unit: str = "") -> str:
    """``{{ 12345|quantity:"人" }}`` → "12,345 人" (the unit as given, already translated by the
    caller with ``{% translate %}`` when it is a word)."""
    grouped = _grouped(value)
    if grouped is None:
        return ""
    return f"{grouped} {unit}".strip()


@register.filter
def percent(value: Any) -> str:
    """``{{ 0.0430|percent }}`` → "4.3%" (a share or a growth as people read it, one decimal,
    a sign kept: -0.0525 → "-5.3%"); an empty value is an empty string."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)) * 100
    except InvalidOperation:
        return ""
    return f"{number.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary: the message and the id of the field it links to."""

    message: str
    target: str


def _summary_items(source: Any, prefix: str) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    if isinstance(source, forms.BaseForm):
        for name, messages in source.errors.items():
            if name == NON_FIELD_ERRORS:
                items += [SummaryItem(str(m), "") for m in messages]
                continue
            target = source[name].auto_id if name in source.fields else ""
            items += [SummaryItem(str(m), target) for m in messages]
        return items
    field_errors: list[FieldError] = (
        source.errors if isinstance(source, InvalidInput) else list(source or [])
    )
    for error in field_errors:
        field = error.field or ""
        target = f"{prefix}{field}" if field and field != "__all__" else ""
        items.append(SummaryItem(str(error.message), target))
    return items


@register.inclusion_tag("web/partials/error_summary.html")
def error_summary(source: Any, prefix: str = "id_") -> dict[str, Any]:
    """``{% error_summary form %}`` or ``{% error_summary invalid_input %}`` (or a list of
    ``FieldError``): nothing when there is no error; else a box at the top of the page that
    links to each field's id (``id_`` + the field name unless ``prefix`` says otherwise)."""
    return {"items": _summary_items(source, prefix)}


@register.inclusion_tag("web/partials/pagination.html", takes_context=True)
def pagination(context: dict[str, Any], page: Any, parameter: str = "page") -> dict[str, Any]:
    """``{% pagination page %}``: previous / n of m / next for a Django ``Page``, keeping the
    request's other query parameters (filters stay in the URL)."""
    request = context.get("request")
    query: QueryDict = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop(parameter, None)
    base = query.urlencode()
    joiner = f"?{base}&" if base else "?"
    return {"page": page, "href_prefix": f"{joiner}{parameter}="}
