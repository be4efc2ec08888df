"""Outbound channels (发送渠道): one small interface, backends chosen in settings.

``settings.BASHU_NOTIFY_CHANNELS`` maps a channel (``email``, ``sms``) to a backend class.
The e-mail backend sends through Django's e-mail (``EMAIL_BACKEND``: SMTP in production, the
console in development, memory in tests); the SMS backend goes through the deployment's SMS
gateway setting, ``BASHU_MESSAGE_BACKEND`` (the console in development: the number masked in
the log), or only logs (``LoggingSmsChannel``). No network is reached from this code base.
Addresses are never logged in clear (``mask_address``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from bashu.core.identity import mask_phone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What a channel sends: plain text, the link absolute."""

    title: str
    body: str
    link: str


class ChannelBackend(Protocol):
    def send(self, address: str, message: Message) -> None:
        """Send or raise; raising makes the queue try again later."""


def mask_email(address: str) -> str:
    """``zhang.san@example.com`` → ``z***@example.com``."""
    local, at, domain = address.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"


def mask_address(channel: str, address: str) -> str:
    return mask_email(address) if channel == "email" else mask_phone(address)


class EmailChannel:
    """E-mail through Django's ``EMAIL_BACKEND`` (SMTP settings in production)."""

    def send(self, address: str, message: Message) -> None:
        body = f"{message.body}\n\n{message.link}".strip()
        send_mail(message.title, body, None, [address], fail_silently=False)
        logger.info("e-mail sent to %s: %s", mask_email(address), message.title)


class GatewaySmsChannel:
    """SMS through the deployment's one SMS gateway, ``settings.BASHU_MESSAGE_BACKEND`` (the
    class one-time codes go by: ``send(phone, text)``; the console backend in development
    logs the phone masked). Named by setting, so the gateway is configured once."""

    def send(self, address: str, message: Message) -> None:
        gateway = import_string(settings.BASHU_MESSAGE_BACKEND)()
        gateway.send(address, f"{message.title} {message.link}".strip())
        logger.info("sms sent to %s: %s", mask_phone(address), message.title)


class LoggingSmsChannel:
    """SMS written to the log, the number masked: development, tests and any deployment
    without a gateway. A gateway replaces this class in ``BASHU_NOTIFY_CHANNELS``."""

    def send(self, address: str, message: Message) -> None:
        logger.info("sms to %s: %s %s", mask_phone(address), message.title, message.link)


def channel_backend(channel: str) -> ChannelBackend | None:
    """The configured backend of ``channel``, or ``None`` if the deployment has none."""
    dotted = getattr(settings, "BASHU_NOTIFY_CHANNELS", {}).get(channel)
    if not dotted:
        return None
    backend: ChannelBackend = import_string(dotted)()
    return backend


def channels_available() -> list[str]:
    return list(getattr(settings, "BASHU_NOTIFY_CHANNELS", {}))
