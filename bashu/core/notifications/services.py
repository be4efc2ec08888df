"""Writing notifications (消息通知): ``notify`` and what a person does with their inbox.

``notify`` is what every app calls. It writes the inbox row in the caller's transaction and,
for each outbound channel the person chose, a ``Delivery`` row and its task in the same
transaction (ADR 0010: the task exists exactly when the change commits). The inbox row is
always written; outbound deliveries stop at the person's daily cap (the rest are recorded
``capped``). A ``dedupe_key`` makes a second call with the same key a no-op, whatever the
process or the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from bashu.core.errors import FieldError, InvalidInput, NotFound
from bashu.core.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    User,
)
from bashu.core.notifications.channels import channels_available, mask_address
from bashu.core.permissions import Requester, require_account
from bashu.core.tasks import enqueue_on_commit

TITLE_MAX = 200
BODY_MAX = 2000
LINK_MAX = 500
KEY_MAX = 128
CAP_MAX = 100


@dataclass(frozen=True)
class Words:
    """A message text written in every language of the portal: a msgid (marked with
    ``gettext_noop`` so it is extracted) and its parameters, which may be lazy (a choice's
    label), translated with it. A plain ``str`` is the same in every language (data)."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        params = {k: v if isinstance(v, int | float) else str(v) for k, v in self.params.items()}
        return gettext(self.msgid) % params if params else gettext(self.msgid)


Text = str | Words


def _rendered(text: Text, language: str) -> str:
    if isinstance(text, str):
        return text
    with translation.override(language):
        return text.render()


def _day_start(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _address(channel: str, recipient: User, preference: NotificationPreference) -> str:
    return recipient.email if channel == Channel.EMAIL else preference.phone


def notify(
    *,
    recipient: User,
    kind: str,
    title: Text,
    body: Text = "",
    link: str = "",
    dedupe_key: str = "",
) -> Notification | None:
    """Put a message in ``recipient``'s inbox and send it on their chosen channels.

    Returns the new notification, or ``None`` when one with the same ``dedupe_key`` exists
    already (nothing is written or sent twice). ``link`` must be a path inside the portal
    (``/…``; anything else is refused with ``ValueError``: a message never points away).
    Title, body and key are cut to their bounds. ``title`` and ``body`` given as
    :class:`Words` are written in every language of the portal (the inbox shows the
    reader's); a plain string is data, the same in all.
    """
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise ValueError("a notification links inside the portal only")
    if len(link) > LINK_MAX:
        raise ValueError("link too long")
    key = dedupe_key[:KEY_MAX]
    with transaction.atomic():
        try:
            with transaction.atomic():
                texts = {
                    code: (
                        _rendered(title, code).strip()[:TITLE_MAX] or kind[:64],
                        _rendered(body, code).strip()[:BODY_MAX],
                    )
                    for code, _name in settings.LANGUAGES
                }
                main = texts.pop(settings.LANGUAGE_CODE, None) or (
                    _rendered(title, settings.LANGUAGE_CODE)[:TITLE_MAX] or kind[:64],
                    _rendered(body, settings.LANGUAGE_CODE)[:BODY_MAX],
                )
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind[:64],
                    title=main[0],
                    body=main[1],
                    link=link,
                    dedupe_key=key,
                    translations={
                        code: {"title": t, "body": b}
                        for code, (t, b) in texts.items()
                        if (t, b) != main
                    },
                )
        except IntegrityError:  # the key is taken (sent before, or meanwhile by another process)
            return None
        _deliveries_create(notification)
    return notification


def _deliveries_create(notification: Notification) -> None:
    """One ``Delivery`` per chosen channel, queued up to the day's cap. The preference row is
    locked, so two notifications at once for one person cannot both take the last slot."""
    from bashu.core.notifications.tasks import notification_deliver

    recipient = notification.recipient
    preference = (
        NotificationPreference.objects.select_for_update().filter(account=recipient).first()
    )
    if preference is None:
        return
    available = channels_available()
    chosen = [c for c in preference.channels if c in available]
    if not chosen:
        return
    sent_today = (
        Delivery.objects.filter(recipient=recipient, created_at__gte=_day_start(timezone.now()))
        .exclude(status__in=[DeliveryStatus.CAPPED, DeliveryStatus.NO_ADDRESS])
        .count()
    )
    for channel in chosen:
        address = _address(channel, recipient, preference)
        if not address:
            status = DeliveryStatus.NO_ADDRESS
        elif sent_today >= preference.daily_cap:
            status = DeliveryStatus.CAPPED
        else:
            status = DeliveryStatus.QUEUED
            sent_today += 1
        delivery = Delivery.objects.create(
            notification=notification,
            recipient=recipient,
            channel=channel,
            status=status,
            address_masked=mask_address(channel, address) if address else "",
        )
        if status == DeliveryStatus.QUEUED:
            enqueue_on_commit(notification_deliver, delivery_id=delivery.pk)


@transaction.atomic
def notification_mark_read(*, by: Requester, notification_id: int) -> Notification:
    """Mark one of the signed-in person's messages read (again is harmless: the first time
    stays). Another person's message, or an unknown id, is :class:`NotFound` alike."""
    user = require_account(by)
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
    )
    if notification is None:
        raise NotFound(_("未找到该消息"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by: Requester) -> int:
    """Mark every unread message of the signed-in person read; how many."""
    user = require_account(by)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preference_update(
    *, by: Requester, channels: list[str], daily_cap: int, phone: str = ""
) -> NotificationPreference:
    """Save the signed-in person's channels and cap. Refuses (422) a channel the deployment
    does not offer, a cap outside 0..100, SMS without a phone number."""
    user = require_account(by)
    errors: list[FieldError] = []
    available = channels_available()
    unknown = [c for c in channels if c not in available]
    if unknown:
        errors.append(
            FieldError("channels", "choice", _("不支持的渠道：%(c)s") % {"c": ", ".join(unknown)})
        )
    if not 0 <= daily_cap <= CAP_MAX:
        errors.append(FieldError("daily_cap", "range", _("每日上限须在 0 到 100 之间")))
    phone = phone.strip()
    if len(phone) > 20 or (phone and not phone.lstrip("+").isdigit()):
        errors.append(FieldError("phone", "format", _("手机号码格式不正确")))
    if Channel.SMS in channels and not phone:
        errors.append(FieldError("phone", "required", _("选择短信须填写手机号码")))
    if Channel.EMAIL in channels and not user.email:
        errors.append(FieldError("channels", "no_email", _("账户没有电子邮箱，不能选择电子邮件")))
    if errors:
        raise InvalidInput(errors)
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        account=user
    )
    preference.channels = sorted(set(channels))
    preference.daily_cap = daily_cap
    preference.phone = phone
    preference.save()
    return preference
