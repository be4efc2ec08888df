"""Reading notifications: a person's inbox, their unread count, their preference."""

from __future__ import annotations

from django.db.models import QuerySet

from bashu.core.models import Notification, NotificationPreference, User
from bashu.core.permissions import Requester, require_account

#: The header shows at most this many (then "99+"): the count stops there.
UNREAD_SHOWN = 99


def notification_list(*, by: Requester, unread: bool = False) -> QuerySet[Notification]:
    """The signed-in person's own messages, newest first (nobody else's, ever)."""
    user = require_account(by)
    rows = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    return rows.filter(read_at__isnull=True) if unread else rows


def unread_count(user: User) -> int:
    """Unread messages, counted up to ``UNREAD_SHOWN + 1`` over the partial index of unread
    rows: one cheap query, whatever the inbox holds."""
    limited = Notification.objects.filter(recipient=user, read_at__isnull=True).values("pk")
    return limited[: UNREAD_SHOWN + 1].count()


def notification_preference_get(user: User) -> NotificationPreference:
    """The person's preference, or the default (inbox only, cap 10) unsaved."""
    found = NotificationPreference.objects.filter(account=user).first()
    return found or NotificationPreference(account=user)
