from __future__ import annotations

from collections.abc import Iterator

import pytest

from bashu.accounts.messaging import LocmemBackend, Message


@pytest.fixture
def outbox(settings) -> Iterator[list[Message]]:  # type: ignore[no-untyped-def]
    """Messages the code channel sent during the test."""
    settings.BASHU_MESSAGE_BACKEND = "bashu.accounts.messaging.LocmemBackend"
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()
