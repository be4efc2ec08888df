"""Shared fixtures: accounts per role and factories. Reference data comes from the migration."""

from __future__ import annotations

import importlib
import ipaddress
import socket
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from pytest_socket import SocketBlockedError

from bashu.core.accounts import account_ensure
from bashu.core.models import Role, User

#: Tests of concurrent writers need a server database: SQLite's in-memory test database
#: admits one writer at a time. CI runs on PostgreSQL, where they run.
requires_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL (concurrent writers / triggers)",
)


class NameLookupBlockedError(SocketBlockedError):
    """A test tried to resolve a name beyond this machine (no warning: the error says it)."""

    def __init__(self, name: str) -> None:
        RuntimeError.__init__(self, f"a test looked up {name!r}; tests never reach the network")


_getaddrinfo = socket.getaddrinfo
_LOOPBACK_NAMES = {None, "", "localhost", socket.gethostname()}


def _loopback_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    """``socket.getaddrinfo`` for addresses and this machine's own names only."""
    name = host.decode() if isinstance(host, bytes) else host
    if name in _LOOPBACK_NAMES:
        return _getaddrinfo(host, *args, **kwargs)
    try:
        ipaddress.ip_address(name)
    except ValueError:
        raise NameLookupBlockedError(name) from None
    return _getaddrinfo(host, *args, **kwargs)  # an address: no lookup leaves the machine


@pytest.fixture(autouse=True)
def _no_name_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-socket (addopts) refuses connections beyond the loopback, but in that mode it
    lets a test resolve any name, a DNS query on the network; this refuses the lookup too."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_getaddrinfo)


TEST_PASSWORD = "pw-for-tests-only"  # noqa: S105 - test accounts only


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush every table, reference data included; put it back.

    (Django's serialized rollback would do the same but proved unreliable next to the live
    server; loading the shipped files is what ``bashu migrate`` does anyway.)
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from bashu.core.models import Region
    from bashu.core.reference import load_reference
    from bashu.core.roles import role_groups_ensure

    if not Region.objects.exists():
        load_reference()
    role_groups_ensure()
    from django.apps import apps

    from bashu.recognition.models import CardService

    if not CardService.objects.exists():  # loaded by a data migration, flushed with the rest
        importlib.import_module("bashu.recognition.migrations.0005_load_card_services").load(
            apps, None
        )


@pytest.fixture(autouse=True)
def _rate_limit_counters_reset(request: pytest.FixtureRequest) -> None:
    """Rate-limit counters (bashu.core.throttling) live in the database cache's table, which
    a transactional test's flush leaves alone (no model owns it): such tests start with none,
    so the browser journeys' sign-ins never add up to a limit. Other tests roll them back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.core.cache import caches

    caches[settings.BASHU_RATE_LIMIT_CACHE].clear()


@pytest.fixture
def make_account():  # type: ignore[no-untyped-def]
    def make(username: str, role: str, region: str | None = None) -> User:
        return account_ensure(username=username, password=TEST_PASSWORD, role=role, region=region)

    return make


@pytest.fixture
def chengdu_caseworker(make_account) -> User:  # type: ignore[no-untyped-def]
    return make_account("cw_chengdu", Role.CASEWORKER, "510100")


@pytest.fixture
def chongqing_caseworker(make_account) -> User:  # type: ignore[no-untyped-def]
    return make_account("cw_chongqing", Role.CASEWORKER, "500000")


@pytest.fixture
def administrator(make_account) -> User:  # type: ignore[no-untyped-def]
    return make_account("admin_user", Role.ADMINISTRATOR)


@pytest.fixture
def analyst(make_account) -> User:  # type: ignore[no-untyped-def]
    return make_account("analyst_user", Role.ANALYST)


def client_for(user: User | None) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _match_rankings_forgotten(request: pytest.FixtureRequest) -> None:
    """The matcher's rankings are kept a few minutes in a database cache table
    (bashu.jobs.matching.engine), which a transactional test's flush leaves alone, and a
    test's database ids repeat across tests: such tests start with none. Other tests roll
    their rankings back with everything else."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.core.cache import caches

    caches["matches"].clear()
