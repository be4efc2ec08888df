"""The channel a one-time code travels by (短信通道), chosen by ``BASHU_MESSAGE_BACKEND``.

A backend is a class with ``send(phone, text)``. The console backend (the default, for
development) writes the message to the log with the phone masked by the identity rules;
the code itself appears only there. A deployment names its SMS gateway's backend in the
setting; the locmem backend keeps messages in memory for tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from bashu.core.identity import mask_phone

logger = logging.getLogger("bashu.accounts.messages")

DEFAULT_BACKEND = "bashu.accounts.messaging.ConsoleBackend"


class MessageBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


class ConsoleBackend:
    """Development: the message in the log, the phone masked (``138******78``)."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("message to %s: %s", mask_phone(phone), text)


class LocmemBackend:
    """Tests: messages kept in :attr:`outbox` (one list for the process, like Django's
    locmem e-mail backend), nothing written anywhere."""

    outbox: ClassVar[list[Message]] = []

    def send(self, phone: str, text: str) -> None:
        LocmemBackend.outbox.append(Message(phone, text))


def backend() -> MessageBackend:
    path = getattr(settings, "BASHU_MESSAGE_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND
    return import_string(path)()  # type: ignore[no-any-return]


def message_send(phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` through the configured channel."""
    backend().send(phone, text)
