"""Session lifetime and no-store on personal data (bashu.core.middleware)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from bashu.core.middleware import LAST_SEEN_AT, SIGNED_IN_AT, TOUCH_INTERVAL
from bashu.core.models import Role
from conftest import TEST_PASSWORD, client_for

pytestmark = pytest.mark.django_db

ID = "510114198608170076"


def _set(client, **values: int) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def _signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    return client.get("/me/").status_code == 200


# --- sessions --------------------------------------------------------------------------------


def test_session_settings_fit_a_public_service() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_MAX_LIFETIME <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_sign_in_cookie_is_http_only_lax_and_ends_with_the_browser(make_account) -> None:  # type: ignore[no-untyped-def]
    make_account("s1", Role.SEEKER)
    client = client_for(None)
    response = client.post("/login/", {"username": "s1", "password": TEST_PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert SIGNED_IN_AT in client.session


def test_an_active_session_stays_signed_in(make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("s1", Role.SEEKER))
    now = int(time.time())
    _set(client, **{SIGNED_IN_AT: now - 7 * 3600, LAST_SEEN_AT: now - 29 * 60})
    assert _signed_in(client)
    assert client.session[LAST_SEEN_AT] >= now  # the use pushed the idle clock back


def test_idle_for_thirty_minutes_signs_out(make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("s1", Role.SEEKER))
    now = int(time.time())
    _set(client, **{SIGNED_IN_AT: now - 3600, LAST_SEEN_AT: now - 31 * 60})
    response = client.get("/me/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not _signed_in(client)


def test_eight_hours_sign_out_however_active(make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("s1", Role.SEEKER))
    now = int(time.time())
    _set(client, **{SIGNED_IN_AT: now - 8 * 3600 - 1, LAST_SEEN_AT: now - 5})
    assert not _signed_in(client)


def test_the_session_is_saved_at_most_once_a_minute(make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("s1", Role.SEEKER))
    now = int(time.time())
    _set(client, **{SIGNED_IN_AT: now - 100, LAST_SEEN_AT: now - TOUCH_INTERVAL // 2})
    assert _signed_in(client)
    assert client.session[LAST_SEEN_AT] == now - TOUCH_INTERVAL // 2


# --- Cache-Control ---------------------------------------------------------------------------

PERSONAL_API = [
    "/api/v1/people",
    "/api/v1/insurance/periods",
    "/api/v1/cases",
    "/api/v1/archives/mine",
    "/api/v1/me/record-reads",
    "/api/v1/recognition/decisions",
    "/api/v1/jobs/seekers/me",
    "/api/v1/jobs/applications",
]


@pytest.mark.parametrize("path", [*PERSONAL_API, "/", "/jobs/", "/api/v1/regions", "/me/"])
def test_every_signed_in_answer_is_no_store(make_account, path: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("cw", Role.CASEWORKER, "510100"))
    response = client.get(path)
    assert response["Cache-Control"] == "no-store, private", (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        *PERSONAL_API,
        f"/api/v1/validate/resident-id/{ID}",
        "/api/v1/recognition/certificates/X123?name=张三",
        "/api/v1/recognition/cards/X123/services",
        "/recognition/certificate/?number=X123&name=张三",
        "/login/",
        "/api/v1/no-such-endpoint",
    ],
)
def test_anonymous_answers_that_may_be_personal_are_no_store(path: str) -> None:
    assert client_for(None).get(path)["Cache-Control"] == "no-store, private"


def test_any_post_is_no_store() -> None:
    response = client_for(None).post(
        "/api/v1/recognition/verify", data="{}", content_type="application/json"
    )
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/regions", "/api/v1/industries", "/api/v1/openapi.json", "/api/v1/jobs/search?q=x"],
)
def test_public_reference_data_may_be_cached(path: str) -> None:
    response = client_for(None).get(path)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_response_that_sets_a_cookie_is_no_store() -> None:
    """Every page carries a CSRF token (the language form) and Django re-sends its cookie:
    a shared cache must not hand one visitor's token to the next."""
    client = client_for(None)
    client.get("/")
    response = client.get("/jobs/")
    assert response.cookies and response["Cache-Control"] == "no-store, private"
