"""Sign-in lockout (django-axes): five wrong passwords for one account from one address lock
that account at that address; the right password then fails too, and the page says why."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from bashu.core.models import Role
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = TEST_PASSWORD


def _client(address: str = "203.0.113.7") -> Client:
    return Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=address)


def _fail(client: Client, path: str, username: str, times: int) -> None:
    for _ in range(times):
        client.post(path, {"username": username, "password": "wrong"})


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_five_failures_lock_the_account_at_that_address(make_account, path: str) -> None:
    # given an account that five wrong passwords were tried for, from one address
    make_account("lockme", Role.ADMINISTRATOR)
    client = _client()
    _fail(client, path, "lockme", 5)

    # when the right password is sent from the same address
    response = client.post(path, {"username": "lockme", "password": PASSWORD})

    # then it is refused: 429, a wait in Retry-After, the reason in words, and no session
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_address(make_account) -> None:
    # given an account locked at one address
    make_account("lockme", Role.SEEKER)
    _fail(_client("203.0.113.7"), "/login/", "lockme", 5)

    # when its holder signs in from another address, they get in
    other = _client("198.51.100.9")
    response = other.post("/login/", {"username": "lockme", "password": PASSWORD})
    assert response.status_code == 302
    assert other.session["_auth_user_id"]


def test_fewer_failures_do_not_lock(make_account) -> None:
    make_account("typo", Role.SEEKER)
    client = _client()
    _fail(client, "/login/", "typo", 4)

    response = client.post("/login/", {"username": "typo", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lockout_page_does_not_tell_whether_the_account_exists(make_account) -> None:
    # given five failures for an existing and for a made-up account, from two addresses
    make_account("exists", Role.SEEKER)
    answers = []
    for username, address in (("exists", "203.0.113.7"), ("nobody-by-this-name", "203.0.113.8")):
        client = _client(address)
        _fail(client, "/login/", username, 4)
        response = client.post("/login/", {"username": username, "password": "wrong"})
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        answers.append((response.status_code, page.replace(username, "")))

    # then both answers are the same page
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_the_lockout_page_in_english(make_account) -> None:
    make_account("lockme", Role.SEEKER)
    client = _client()
    client.cookies["django_language"] = "en"
    _fail(client, "/login/", "lockme", 5)

    response = client.post("/login/", {"username": "lockme", "password": PASSWORD})
    assert "Too many failed sign-ins" in response.content.decode()
