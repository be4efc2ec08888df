"""Rate limits on the public doors: past the limit 429 with Retry-After (and the API's error
shape), counted per client in the shared database cache; other clients are unaffected."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import get_resolver

from bashu.core.models import Role
from bashu.core.throttling import LIMITED_VIEWS
from conftest import client_for

pytestmark = pytest.mark.django_db

#: One request per limited door: (scope, method, path, data).
DOORS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("validate", "get", "/api/v1/validate/uscc/91510100MA6CXXXXOA", None),
    ("precheck", "post", "/api/v1/recognition/precheck", {}),
    ("precheck_document", "post", "/api/v1/recognition/precheck/document", {}),
    ("certificate", "get", "/api/v1/recognition/certificates/NJ-1?name=张三", None),
    ("certificate", "post", "/api/v1/recognition/certificate-checks", {}),
    ("card_services", "get", "/api/v1/recognition/cards/TF-1/services?host_region=510104", None),
    ("card_services", "post", "/api/v1/recognition/cards/services", {}),
    ("verify", "post", "/api/v1/recognition/verify", {}),
    ("exchange_inbox", "post", "/api/v1/exchange/documents", {}),
    ("status_list", "get", "/api/v1/recognition/status/510000/revocation", None),
]
PAGES: list[tuple[str, str, str, dict[str, str] | None]] = [
    ("verify", "post", "/recognition/verify/", {"document": "{}"}),
    ("certificate", "get", "/recognition/certificate/?number=NJ-1&name=张三", None),
    ("certificate", "post", "/recognition/certificate/", {"number": "NJ-1", "name": "张三"}),
    ("login", "post", "/login/", {"username": "nobody", "password": "x"}),
    ("login", "post", "/admin/login/", {"username": "nobody", "password": "x"}),
]


def _client(address: str = "203.0.113.7", **extra: str) -> Client:
    return Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=address, **extra)


def _send(client: Client, method: str, path: str, data: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.get(path)
    if path.startswith("/api/"):
        return client.post(path, data or {}, content_type="application/json")
    return client.post(path, data or {})


@pytest.fixture
def two_a_minute(settings):  # type: ignore[no-untyped-def]
    settings.BASHU_RATE_LIMITS = {scope: ["2/m"] for scope in settings.BASHU_RATE_LIMITS}


@pytest.mark.parametrize(("scope", "method", "path", "data"), DOORS, ids=[d[2] for d in DOORS])
def test_api_door_answers_429_past_the_limit(two_a_minute, scope, method, path, data) -> None:  # type: ignore[no-untyped-def]
    # given a client that has used its two requests this minute
    client = _client()
    for _ in range(2):
        assert _send(client, method, path, data).status_code != 429

    # when it asks again
    response = _send(client, method, path, data)

    # then 429, with the wait in Retry-After and the API's error shape naming the rule
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["detail"]
    assert body["errors"][0]["field"] == ""
    assert body["errors"][0]["rule"] == "rate_limit"
    assert body["errors"][0]["retry_after"] == int(response["Retry-After"])

    # and another client is unaffected
    assert _send(_client("198.51.100.9"), method, path, data).status_code != 429


@pytest.mark.parametrize(("scope", "method", "path", "data"), PAGES, ids=[p[2] for p in PAGES])
def test_page_answers_429_past_the_limit(two_a_minute, scope, method, path, data) -> None:  # type: ignore[no-untyped-def]
    client = _client()
    for _ in range(2):
        assert _send(client, method, path, data).status_code != 429

    response = _send(client, method, path, data)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "请求过于频繁" in response.content.decode()
    assert _send(_client("198.51.100.9"), method, path, data).status_code != 429


def test_the_default_limits_hold(settings) -> None:  # type: ignore[no-untyped-def]
    """The shipped setting, not a test's: the 11th pre-check document in a minute is refused."""
    assert settings.BASHU_RATE_LIMITS["precheck_document"] == ["10/m"]
    client = _client()
    codes = [
        _send(client, "post", "/api/v1/recognition/precheck/document", {}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [422] * 10
    assert codes[10] == 429


def test_a_forwarded_for_header_does_not_make_a_new_client(two_a_minute) -> None:
    # given no proxy in front (the default), a client that sends X-Forwarded-For itself
    path = "/api/v1/recognition/precheck"
    for n in range(2):
        _send(_client(HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), "post", path, {})

    # then a third address in the header does not escape the count
    response = _send(_client(HTTP_X_FORWARDED_FOR="10.0.0.99"), "post", path, {})
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(two_a_minute, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_TRUSTED_PROXIES = 1
    path = "/api/v1/recognition/precheck"
    proxy = "192.0.2.1"
    for _ in range(2):
        _send(_client(proxy, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7"), "post", path, {})

    assert (
        _send(_client(proxy, HTTP_X_FORWARDED_FOR="203.0.113.7"), "post", path, {}).status_code
        == 429
    )
    # the proxy's other clients are other clients; a spoofed left-hand entry changes nothing
    assert (
        _send(
            _client(proxy, HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.9"), "post", path, {}
        ).status_code
        != 429
    )


def test_signed_in_callers_are_counted_per_account(two_a_minute, make_account) -> None:  # type: ignore[no-untyped-def]
    path = "/api/v1/recognition/precheck"
    first = client_for(make_account("one", Role.SEEKER))
    for _ in range(2):
        _send(first, "post", path, {})
    assert _send(first, "post", path, {}).status_code == 429
    # same address, another account
    assert _send(client_for(make_account("two", Role.SEEKER)), "post", path, {}).status_code != 429


def test_the_counters_are_in_the_shared_database_cache(two_a_minute) -> None:
    """Every server process and thread reads the same table, so the limit is per deployment."""
    backend = settings.CACHES[settings.BASHU_RATE_LIMIT_CACHE]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES[settings.BASHU_RATE_LIMIT_CACHE]["LOCATION"]
    _send(_client(), "post", "/api/v1/recognition/precheck", {})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 - a settings constant
        keys = [row[0] for row in cursor.fetchall()]
    assert any("ratelimit:precheck:" in key for key in keys)


def test_a_scope_without_rates_is_not_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_RATE_LIMITS = {}
    client = _client()
    codes = {
        _send(client, "post", "/api/v1/recognition/precheck", {}).status_code for _ in range(5)
    }
    assert 429 not in codes


def _view_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: Any, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver(), "")
    return names


def test_every_limited_view_exists() -> None:
    """A renamed view would silently lose its limit."""
    assert set(LIMITED_VIEWS) <= _view_names()


def test_every_scope_has_a_default_rate() -> None:
    assert {v.scope for v in LIMITED_VIEWS.values()} <= set(settings.BASHU_RATE_LIMITS)
