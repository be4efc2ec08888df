"""``{% unread_messages %}``: the header's unread count, one indexed query per page for a
signed-in person and none for the public (the load test renders every page)."""

from __future__ import annotations

from typing import Any

from django import template

from bashu.core.models import Notification, User
from bashu.core.notifications.selectors import UNREAD_SHOWN, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context: dict[str, Any]) -> str:
    """``""`` for none, ``"3"``, or ``"99+"`` past the count's stop."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return ""
    n = unread_count(user)
    if not n:
        return ""
    return f"{UNREAD_SHOWN}+" if n > UNREAD_SHOWN else str(n)


@register.filter
def in_language(notification: Notification, language: str) -> tuple[str, str]:
    """``(title, body)`` of a message in the reader's language, if it was written in it."""
    return notification.text_in(language)
