"""The inbox over the API: one's own messages, paginated, and marking one read.

No ``from __future__ import annotations`` here: ``ninja.pagination.paginate`` reads the
handler's annotations at import time.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from bashu.core.bounds import Id
from bashu.core.models import Notification
from bashu.core.notifications import selectors, services
from bashu.core.pagination import Pagination
from bashu.core.scoping import signed_in

router = Router(tags=["notifications 消息"])


class NotificationOut(Schema):
    """A message in the request's language (``Accept-Language``), if it was written in it."""

    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj: Notification) -> str:
        return obj.text_in(get_language())[0]

    @staticmethod
    def resolve_body(obj: Notification) -> str:
        return obj.text_in(get_language())[1]


class UnreadOut(Schema):
    unread: int


@router.get(
    "/notifications",
    response=list[NotificationOut],
    auth=django_auth,
    summary="我的消息 (my notifications)",
)
@paginate(Pagination)
def notifications(request: HttpRequest, unread: bool = False) -> Any:
    """One page ``{items, count}`` of the signed-in person's own messages, newest first."""
    return selectors.notification_list(by=signed_in(request), unread=unread)


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    auth=django_auth,
    summary="标为已读 (mark read)",
)
def notification_read(request: HttpRequest, notification_id: Id) -> Any:
    """Marking twice is harmless; another person's message is 404, as an unknown id."""
    return services.notification_mark_read(by=signed_in(request), notification_id=notification_id)


@router.post(
    "/notifications/read",
    response=UnreadOut,
    auth=django_auth,
    summary="全部标为已读 (mark all read)",
)
def notifications_read_all(request: HttpRequest) -> dict[str, int]:
    user = signed_in(request)
    services.notifications_mark_all_read(by=user)
    return {"unread": selectors.unread_count(user)}
