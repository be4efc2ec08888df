"""The outbound send (发送), in the worker: one task per ``Delivery``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from bashu.core.logging import mask_text
from bashu.core.models import Channel, Delivery, DeliveryStatus
from bashu.core.notifications.channels import Message, channel_backend, mask_address
from bashu.core.tasks import RetryPolicy, background

logger = logging.getLogger(__name__)


@background(retry=RetryPolicy(attempts=5, first_delay=30.0))
def notification_deliver(*, delivery_id: int) -> str:
    """Send one delivery on its channel; its status. A delivery already sent (a repeated
    task) is not sent again; a failure is recorded (masked) and raised for the retry."""
    delivery = (
        Delivery.objects.select_related("notification", "recipient").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "missing"
    if delivery.status not in (DeliveryStatus.QUEUED, DeliveryStatus.FAILED):
        return str(delivery.status)  # sent already, capped, no address: nothing to do
    backend = channel_backend(delivery.channel)
    if backend is None:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, error="channel not configured"
        )
        return DeliveryStatus.FAILED
    recipient = delivery.recipient
    if delivery.channel == Channel.EMAIL:
        address = recipient.email
    else:
        preference = getattr(recipient, "notification_preference", None)
        address = preference.phone if preference else ""
    if not address:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.NO_ADDRESS)
        return DeliveryStatus.NO_ADDRESS
    notification = delivery.notification
    base = getattr(settings, "BASHU_SITE_URL", "").rstrip("/")
    message = Message(
        title=notification.title,
        body=notification.body,
        link=f"{base}{notification.link}" if notification.link else "",
    )
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    try:
        backend.send(address, message)
    except Exception as error:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            error=mask_text(f"{type(error).__name__}: {error}")[:2000].replace(
                address, mask_address(delivery.channel, address)
            ),
        )
        raise
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return DeliveryStatus.SENT
