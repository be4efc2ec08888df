"""Tests never reach the network (pytest-socket, ``addopts`` in pyproject.toml): a connection
to anything but the loopback is refused before a packet leaves, whatever the test does."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError


@pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")
def test_a_public_address_is_refused() -> None:
    # 1.1.1.1 (a public resolver), by address: no name lookup is involved.
    with (
        pytest.raises(SocketConnectBlockedError),
        socket.create_connection(("1.1.1.1", 443), timeout=1),
    ):
        pass


def test_the_loopback_stays_open() -> None:
    """PostgreSQL, the live server, Playwright's driver and Spark's gateway are on 127.0.0.1."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


def test_a_public_name_is_not_even_looked_up() -> None:
    with pytest.raises(SocketBlockedError, match=r"example\.org"):
        socket.getaddrinfo("example.org", 443)


def test_the_loopback_names_resolve() -> None:
    assert socket.getaddrinfo("localhost", 80)
    assert socket.getaddrinfo("127.0.0.1", 80)
