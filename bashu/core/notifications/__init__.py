"""Notifications (消息通知), once for every app: an in-portal inbox for every signed-in role
and outbound channels (e-mail, SMS) sent by the task queue, within each person's choice of
channels and daily cap (docs/adr/0015-notifications.md).

An app calls :func:`notify` inside its own transaction::

    notify(recipient=account, kind="jobs.application",
           title=Words(gettext_noop("申请状态：%(status)s"), {"status": label}),
           link="/seeker/", dedupe_key=f"jobs.application:{application.pk}:{status}")

``Words`` are written in every language of the portal; a plain string is data.
"""

from bashu.core.notifications.services import (
    Words,
    notification_mark_read,
    notification_preference_update,
    notifications_mark_all_read,
    notify,
)

__all__ = [
    "Words",
    "notification_mark_read",
    "notification_preference_update",
    "notifications_mark_all_read",
    "notify",
]
