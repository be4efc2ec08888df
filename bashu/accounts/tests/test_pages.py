"""The account pages: sign-in by each spelling, the lockout per account, each role's start
page, the sign-up and reset forms, and no phone or ID number in any log line."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.test import Client

from bashu.accounts import services
from bashu.accounts.schemas import SeekerSignupIn
from bashu.core.models import Role, User
from bashu.people.tests.factories import resident_id_for
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = "Shu-dao-nan-2024"
NEW_PASSWORD = "Qing-cheng-shan-9"
NEW_ID = resident_id_for("510113", dt.date(1995, 6, 1), 41)
PHONE = "13900004444"


def _client(address: str = "203.0.113.7") -> Client:
    return Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=address)


@pytest.fixture
def seeker() -> User:
    return services.seeker_register(
        data=SeekerSignupIn(name="王小明", resident_id=NEW_ID, phone=PHONE, password=PASSWORD)
    )


@pytest.mark.parametrize("spelling", ["username", "phone", "spaced phone", "id", "id lower x"])
def test_sign_in_by_each_spelling(seeker: User, spelling: str) -> None:
    typed = {
        "username": seeker.username,
        "phone": PHONE,
        "spaced phone": "139 0000 4444",
        "id": NEW_ID,
        "id lower x": NEW_ID.lower(),
    }[spelling]
    client = _client()
    response = client.post("/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(seeker.pk)
    assert client.get(response["Location"])["Location"] == "/seeker/"


def test_a_wrong_password_fails_under_every_spelling(seeker: User) -> None:
    for typed in (seeker.username, PHONE, NEW_ID):
        client = _client()
        response = client.post("/login/", {"username": typed, "password": "wrong"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_the_lockout_counts_per_account_not_per_spelling(seeker: User) -> None:
    # given five failures spread over the three names of one account, from one address
    client = _client()
    for typed in (seeker.username, PHONE, NEW_ID, "139-0000-4444", seeker.username):
        client.post("/login/", {"username": typed, "password": "wrong"})

    # then the account is locked under every spelling, the right password included
    for typed in (PHONE, NEW_ID, seeker.username):
        response = client.post("/login/", {"username": typed, "password": PASSWORD})
        assert response.status_code == 429, typed
        assert "_auth_user_id" not in client.session
    # and from another address its holder still gets in
    other = _client("198.51.100.9")
    assert other.post("/login/", {"username": PHONE, "password": PASSWORD}).status_code == 302


def test_a_reset_lifts_the_lockout(
    seeker: User, outbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client()
    for _n in range(5):
        client.post("/login/", {"username": PHONE, "password": "wrong"})
    assert client.post("/login/", {"username": PHONE, "password": PASSWORD}).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"identifier": PHONE})
    code = re.search(r"\d{6}", outbox[-1].text).group()  # type: ignore[union-attr]
    done = client.post(
        "/password/reset/code/",
        {"identifier": PHONE, "code": code, "new_password": NEW_PASSWORD},
    )
    assert done.status_code == 200
    assert client.post("/login/", {"username": PHONE, "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("role", "region", "start"),
    [
        (Role.SEEKER, None, "/seeker/"),
        (Role.EMPLOYER, None, "/employer/"),
        (Role.CASEWORKER, "510100", "/cases/"),
        (Role.ANALYST, None, "/indices/"),
        (Role.ADMINISTRATOR, None, "/admin/"),
    ],
)
def test_each_role_lands_on_its_start_page(make_account, role, region, start) -> None:  # type: ignore[no-untyped-def]
    make_account("someone", role, region)
    client = _client()
    response = client.post("/login/", {"username": "someone", "password": TEST_PASSWORD})
    assert response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == start


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(make_account) -> None:  # type: ignore[no-untyped-def]
    make_account("someone", Role.SEEKER)
    client = _client()
    response = client.post(
        "/login/", {"username": "someone", "password": TEST_PASSWORD, "next": "/jobs/"}
    )
    assert response["Location"] == "/jobs/"
    assert client.get("/start/?next=https://evil.example/")["Location"] == "/seeker/"


def test_the_seeker_sign_up_page_creates_signs_in_and_says_what_next() -> None:
    client = _client()
    form = client.get("/signup/seeker/")
    assert form.status_code == 200
    assert 'for="id_resident_id"' in form.content.decode()
    response = client.post(
        "/signup/seeker/",
        {"name": "王小明", "resident_id": NEW_ID, "phone": PHONE, "password": PASSWORD},
    )
    assert response["Location"] == "/signup/done/"
    page = client.get("/signup/done/").content.decode()
    assert "你的账号已创建" in page and "完善求职档案" in page
    assert PHONE not in page and "139******44" in page


def test_the_form_lists_every_error_at_the_top_linked_to_its_field() -> None:
    response = _client().post(
        "/signup/seeker/", {"name": "", "resident_id": "123", "phone": "1", "password": "1"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("name", "resident_id", "phone", "password"):
        assert f'href="#id_{field}"' in page
    assert "请输入姓名" in page
    assert "[" not in re.sub(r"<[^>]+>", "", page.split("error-summary-title")[1].split("</ul>")[0])


def test_a_forged_role_field_on_the_page_is_ignored() -> None:
    client = _client()
    client.post(
        "/signup/seeker/",
        {
            "name": "王小明",
            "resident_id": NEW_ID,
            "phone": PHONE,
            "password": PASSWORD,
            "role": "administrator",
        },
    )
    user = User.objects.get()
    assert (user.role, user.is_staff, user.is_superuser) == (Role.SEEKER, False, False)


def test_the_employer_page_in_english_shows_no_chinese_labels() -> None:
    client = _client()
    client.cookies["django_language"] = "en"
    page = client.get("/signup/employer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unified social credit code" in page
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert labels and not any(re.search(r"[\u4e00-\u9fff]", label) for label in labels)


def test_the_reset_request_answers_alike(
    seeker: User, outbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        known = _client().post("/password/reset/", {"identifier": PHONE})
        unknown = _client("203.0.113.9").post("/password/reset/", {"identifier": "13999999999"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(outbox) == 1


def test_reset_steps_are_rate_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_RATE_LIMITS = {
        **settings.BASHU_RATE_LIMITS,
        "reset_code": ["1/m"],
        "reset_check": ["1/m"],
    }
    client = _client()
    assert client.post("/password/reset/", {"identifier": PHONE}).status_code == 302
    assert client.post("/password/reset/", {"identifier": PHONE}).status_code == 429
    check = {"identifier": PHONE, "code": "000000", "new_password": NEW_PASSWORD}
    assert client.post("/password/reset/code/", check).status_code == 422
    assert client.post("/password/reset/code/", check).status_code == 429


def test_password_change_page(seeker: User) -> None:
    client = _client()
    client.force_login(seeker, backend="bashu.accounts.backends.IdentifierBackend")
    wrong = client.post("/password/change/", {"old_password": "nope", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422
    done = client.post(
        "/password/change/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 200
    assert client.session["_auth_user_id"] == str(seeker.pk)  # still signed in
    seeker.refresh_from_db()
    assert seeker.check_password(NEW_PASSWORD)


def test_no_phone_or_id_number_in_any_log_line(
    caplog, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.BASHU_MESSAGE_BACKEND = "bashu.accounts.messaging.ConsoleBackend"
    caplog.set_level(logging.DEBUG)
    client = _client()
    client.post(
        "/signup/seeker/",
        {"name": "王小明", "resident_id": NEW_ID, "phone": PHONE, "password": PASSWORD},
    )
    client.post("/logout/")
    for typed in (PHONE, NEW_ID):
        client.post("/login/", {"username": typed, "password": "wrong"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"identifier": NEW_ID})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "139******44" in text  # the console backend's line, masked
    assert PHONE not in text and NEW_ID not in text and NEW_ID[:14] not in text


def test_the_admin_lists_phones_masked(seeker: User, make_account) -> None:  # type: ignore[no-untyped-def]
    admin = make_account("root", Role.ADMINISTRATOR)
    client = _client()
    client.force_login(admin, backend="bashu.accounts.backends.IdentifierBackend")
    listing = client.get("/admin/accounts/accountcontact/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "139******44" in page and PHONE not in page
