"""Notifications: the inbox row in the caller's transaction, outbound deliveries through the
real queue within the channels and the daily cap, and the inbox's pages and API, each write
tried by the public, by another account and with bounds broken."""

from __future__ import annotations

import logging
import threading
from typing import ClassVar

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_noop

from bashu.core.errors import Forbidden, InvalidInput, NotFound
from bashu.core.identity import mask_phone
from bashu.core.models import Delivery, DeliveryStatus, Notification, Role
from bashu.core.notifications import (
    Words,
    notification_mark_read,
    notification_preference_update,
    notify,
)
from bashu.core.notifications.channels import mask_email
from bashu.core.notifications.selectors import unread_count
from bashu.core.notifications.tasks import notification_deliver
from bashu.core.permissions import SYSTEM
from bashu.core.tests.queue import drain
from conftest import client_for, requires_postgresql

DELIVER = "bashu.core.notifications.tasks.notification_deliver"


@pytest.fixture
def wang(make_account):  # type: ignore[no-untyped-def]
    user = make_account("wang", Role.SEEKER)
    user.email = "wang.wu@example.com"
    user.save()
    return user


@pytest.fixture
def li(make_account):  # type: ignore[no-untyped-def]
    return make_account("li", Role.EMPLOYER)


# --- notify -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_writes_one_inbox_row_per_dedupe_key(wang) -> None:  # type: ignore[no-untyped-def]
    # Given a message sent once with a key
    first = notify(recipient=wang, kind="test", title="标题", body="内容", link="/jobs/",
                   dedupe_key="k:1")  # fmt: skip
    # When it is sent again with the same key
    again = notify(recipient=wang, kind="test", title="标题", dedupe_key="k:1")
    # Then the inbox holds it once
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=wang).count() == 1
    # and without a key every call is a message
    notify(recipient=wang, kind="test", title="a")
    notify(recipient=wang, kind="test", title="a")
    assert Notification.objects.filter(recipient=wang).count() == 3


@pytest.mark.django_db
def test_notify_rolls_back_with_the_caller(wang) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=wang, kind="test", title="不会留下")
        raise RuntimeError
    assert not Notification.objects.filter(recipient=wang).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/", "jobs/", "/\\evil"])
def test_notify_refuses_links_out_of_the_portal(wang, link) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        notify(recipient=wang, kind="test", title="t", link=link)


@pytest.mark.django_db
def test_notify_bounds_its_fields(wang) -> None:  # type: ignore[no-untyped-def]
    n = notify(recipient=wang, kind="k" * 100, title="题" * 500, body="文" * 5000,
               dedupe_key="x" * 500)  # fmt: skip
    assert n is not None
    n.refresh_from_db()
    assert (len(n.kind), len(n.title), len(n.body), len(n.dedupe_key)) == (64, 200, 2000, 128)


@pytest.mark.django_db
def test_notify_refuses_a_link_past_its_bound(wang) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="too long"):
        notify(recipient=wang, kind="test", title="t", link="/jobs/" + "x" * 1000)
    assert not Notification.objects.filter(recipient=wang).exists()


@pytest.mark.django_db
def test_inbox_only_and_a_missing_address_send_nothing_outbound(wang) -> None:  # type: ignore[no-untyped-def]
    # Given a person who chose the inbox only
    notification_preference_update(by=wang, channels=[], daily_cap=5)
    # When a message is sent, then it is in the inbox with no delivery
    assert notify(recipient=wang, kind="test", title="仅站内") is not None
    assert not Delivery.objects.exists()
    # Given e-mail chosen, then the address removed from the account
    notification_preference_update(by=wang, channels=["email"], daily_cap=5)
    wang.email = ""
    wang.save(update_fields=["email"])
    # When a message is sent, then the delivery is recorded as having no address, not queued
    notify(recipient=wang, kind="test", title="无邮箱")
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.address_masked) == (DeliveryStatus.NO_ADDRESS, "")


# --- outbound, through the real worker ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_email_and_sms_are_sent_by_the_worker_and_logged_masked(wang, caplog, settings) -> None:  # type: ignore[no-untyped-def]
    # Given the SMS gateway of one-time codes, in memory
    settings.BASHU_MESSAGE_BACKEND = "bashu.core.tests.test_notifications.Gateway"
    Gateway.outbox.clear()
    # and a person who chose e-mail and SMS
    notification_preference_update(by=wang, channels=["email", "sms"], daily_cap=5,
                                   phone="13812345678")  # fmt: skip
    # When a message is sent
    notify(recipient=wang, kind="test", title="面试通知", body="请于周一面试", link="/seeker/")
    # Then nothing left before the worker runs
    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    with caplog.at_level(logging.INFO):
        drain()
    # and after it, one e-mail to the address and one SMS, each recorded sent once
    assert [m.to for m in mail.outbox] == [["wang.wu@example.com"]]
    assert mail.outbox[0].subject == "面试通知"
    assert Gateway.outbox == [("13812345678", "面试通知 /seeker/")]
    Gateway.outbox.clear()
    rows = {d.channel: d for d in Delivery.objects.all()}
    assert {c: d.status for c, d in rows.items()} == {"email": "sent", "sms": "sent"}
    assert rows["sms"].address_masked == mask_phone("13812345678") == "138******78"
    assert rows["email"].address_masked == "w***@example.com"
    # the log names neither the phone number nor the e-mail address in clear
    assert "13812345678" not in caplog.text and "wang.wu@example.com" not in caplog.text
    assert "138******78" in caplog.text
    # and a second run of the queue sends nothing again, nor does the same task repeated
    drain()
    notification_deliver.enqueue(delivery_id=rows["email"].pk)
    drain()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_daily_cap_stops_outbound_but_never_the_inbox(wang) -> None:  # type: ignore[no-untyped-def]
    # Given e-mail with a cap of 2 a day
    notification_preference_update(by=wang, channels=["email"], daily_cap=2)
    # When five messages are sent
    for i in range(5):
        notify(recipient=wang, kind="test", title=f"消息 {i}")
    drain()
    # Then all five are in the inbox, two were e-mailed and three were held at the cap
    assert Notification.objects.filter(recipient=wang).count() == 5
    assert len(mail.outbox) == 2
    statuses = list(Delivery.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["sent", "sent", "capped", "capped", "capped"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_channel_is_recorded_and_retried(wang, settings) -> None:  # type: ignore[no-untyped-def]
    # Given an e-mail backend that refuses the connection
    settings.EMAIL_BACKEND = "bashu.core.tests.test_notifications.BrokenEmail"
    notification_preference_update(by=wang, channels=["email"], daily_cap=5)
    notify(recipient=wang, kind="test", title="t")
    drain()
    delivery = Delivery.objects.get()
    # Then the failure is recorded, the address masked, and another attempt is queued
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert "wang.wu@example.com" not in delivery.error
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path=DELIVER, status="READY").count() == 1


class Gateway:
    """An SMS gateway in memory (the shape of ``BASHU_MESSAGE_BACKEND``)."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        Gateway.outbox.append((phone, text))


class BrokenEmail:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[object]) -> int:
        raise ConnectionRefusedError("smtp down for wang.wu@example.com")


def test_mask_email() -> None:
    assert mask_email("zhang.san@example.com") == "z***@example.com"
    assert mask_email("nonsense") == "***"


# --- preferences ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_preferences_refuse_bad_input(wang, li) -> None:  # type: ignore[no-untyped-def]
    cases = [
        ({"channels": ["fax"], "daily_cap": 5}, "channels"),
        ({"channels": [], "daily_cap": 101}, "daily_cap"),
        ({"channels": [], "daily_cap": -1}, "daily_cap"),
        ({"channels": ["sms"], "daily_cap": 5}, "phone"),
        ({"channels": ["sms"], "daily_cap": 5, "phone": "1" * 30}, "phone"),
        ({"channels": ["sms"], "daily_cap": 5, "phone": "<script>"}, "phone"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInput) as refused:
            notification_preference_update(by=wang, **kwargs)
        assert field in [e.field for e in refused.value.errors], kwargs
    # e-mail for an account without an address
    with pytest.raises(InvalidInput):
        notification_preference_update(by=li, channels=["email"], daily_cap=5)
    # the public and the system have no preferences
    for nobody in (None, SYSTEM):
        with pytest.raises(Forbidden):
            notification_preference_update(by=nobody, channels=[], daily_cap=5)


# --- mark read: own only --------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_read_is_own_only_and_idempotent(wang, li) -> None:  # type: ignore[no-untyped-def]
    n = notify(recipient=wang, kind="test", title="t")
    assert n is not None
    with pytest.raises(NotFound):
        notification_mark_read(by=li, notification_id=n.pk)
    with pytest.raises(Forbidden):
        notification_mark_read(by=None, notification_id=n.pk)
    first = notification_mark_read(by=wang, notification_id=n.pk).read_at
    second = notification_mark_read(by=wang, notification_id=n.pk).read_at
    assert first is not None and first == second


# --- API ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_lists_own_messages_paginated(wang, li) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        notify(recipient=wang, kind="test", title=f"给王 {i}")
    notify(recipient=li, kind="test", title="给李")
    response = client_for(wang).get("/api/v1/notifications", {"limit": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert all(item["title"].startswith("给王") for item in body["items"])
    assert client_for(None).get("/api/v1/notifications").status_code == 401
    assert client_for(wang).get("/api/v1/notifications", {"limit": 501}).status_code == 422


@pytest.mark.django_db
def test_api_mark_read_hostile(wang, li) -> None:  # type: ignore[no-untyped-def]
    n = notify(recipient=wang, kind="test", title="t")
    assert n is not None
    url = f"/api/v1/notifications/{n.pk}/read"
    assert client_for(None).post(url).status_code == 401
    # another account's message is "not found", as an unknown id: nothing leaks
    theirs = client_for(li).post(url)
    unknown = client_for(li).post("/api/v1/notifications/999999999/read")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["detail"] == unknown.json()["detail"]
    assert client_for(li).post("/api/v1/notifications/99999999999999999999/read").status_code == 422
    # twice is fine
    assert client_for(wang).post(url).status_code == 200
    again = client_for(wang).post(url)
    assert again.status_code == 200 and again.json()["read_at"] is not None
    n.refresh_from_db()
    assert n.read_at is not None
    # mark all: only one's own
    notify(recipient=wang, kind="test", title="another")
    mine = notify(recipient=li, kind="test", title="li's")
    assert client_for(li).post("/api/v1/notifications/read").json() == {"unread": 0}
    assert unread_count(wang) == 1 and mine is not None
    assert client_for(None).post("/api/v1/notifications/read").status_code == 401


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_page_lists_and_marks_read(wang, li) -> None:  # type: ignore[no-untyped-def]
    n = notify(recipient=wang, kind="test", title="申请状态更新", link="/seeker/")
    notify(recipient=li, kind="test", title="别人的消息")
    assert n is not None
    client = client_for(wang)
    page = client.get("/messages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "申请状态更新" in html and "别人的消息" not in html
    # the header shows the unread count
    assert 'id="menu-messages"' in html and ">1<" in html
    # mark read and open: goes to its link
    response = client.post(f"/messages/{n.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/seeker/"
    assert unread_count(wang) == 0
    # another's message: 404
    assert client_for(li).post(f"/messages/{n.pk}/read/").status_code == 404
    # an off-site "next" is not followed
    response = client.post(f"/messages/{n.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/messages/"
    # the public is sent to sign in
    assert client_for(None).get("/messages/").status_code == 302
    assert client_for(None).post(f"/messages/{n.pk}/read/").status_code == 302


@pytest.mark.django_db
def test_inbox_page_in_english(wang) -> None:  # type: ignore[no-untyped-def]
    client = client_for(wang)
    client.cookies["django_language"] = "en"
    html = client.get("/messages/").content.decode()
    assert "Messages" in html and "No messages" in html


@pytest.mark.django_db
def test_preferences_page_saves(wang) -> None:  # type: ignore[no-untyped-def]
    client = client_for(wang)
    assert client.get("/messages/settings/").status_code == 200
    bad = client.post("/messages/settings/", {"channels": ["sms"], "daily_cap": "5"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    ok = client.post(
        "/messages/settings/", {"channels": ["sms"], "daily_cap": "3", "phone": "13812345678"}
    )
    assert ok.status_code == 302
    wang.notification_preference.refresh_from_db()
    assert wang.notification_preference.channels == ["sms"]
    assert wang.notification_preference.daily_cap == 3


@pytest.mark.django_db
def test_unread_count_is_one_query_on_every_page(wang) -> None:  # type: ignore[no-untyped-def]
    for i in range(120):
        notify(recipient=wang, kind="test", title=f"{i}")
    assert unread_count(wang) == 100  # counted up to the "99+" stop, not further
    with CaptureQueriesContext(connection) as queries:
        unread_count(wang)
    assert len(queries) == 1
    html = client_for(wang).get("/messages/").content.decode()
    assert "99+" in html


@pytest.mark.django_db
def test_words_are_written_in_every_language_and_read_in_the_readers(wang) -> None:  # type: ignore[no-untyped-def]
    # Given a message in words the portal translates, with data ("数控车工") inside
    n = notify(
        recipient=wang,
        kind="test",
        title=Words(gettext_noop("岗位“%(title)s”待审核"), {"title": "数控车工"}),
        body="数控车工",
    )
    assert n is not None
    assert n.title == "岗位“数控车工”待审核"
    assert n.translations["en"]["title"] == "Job “数控车工” is waiting for review"
    # Then the English inbox and API read it in English, the Chinese ones in Chinese
    client = client_for(wang)
    client.cookies["django_language"] = "en"
    assert "Job “数控车工” is waiting for review" in client.get("/messages/").content.decode()
    english = client_for(wang).get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["items"][0]["title"] == "Job “数控车工” is waiting for review"
    chinese = client_for(wang).get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json()["items"][0]["title"] == "岗位“数控车工”待审核"


@pytest.mark.django_db
def test_the_inbox_page_costs_the_same_queries_for_3_or_30_messages(wang) -> None:  # type: ignore[no-untyped-def]
    client = client_for(wang)

    def queries_for(n: int) -> int:
        Notification.objects.filter(recipient=wang).delete()
        for i in range(n):
            notify(recipient=wang, kind="test", title=f"{i}", link="/jobs/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/messages/").status_code == 200
        return len(captured)

    client.get("/messages/")  # the session's first request (its own lookups) aside
    assert queries_for(3) == queries_for(30)


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_notifications_never_pass_the_cap(wang) -> None:  # type: ignore[no-untyped-def]
    # Given a cap of 2 and six messages at once from six threads
    notification_preference_update(by=wang, channels=["email"], daily_cap=2)
    barrier = threading.Barrier(6)

    def go(i: int) -> None:
        try:
            barrier.wait()
            notify(recipient=wang, kind="test", title=f"{i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then all six are in the inbox and exactly two were queued to send
    assert Notification.objects.filter(recipient=wang).count() == 6
    queued = Delivery.objects.filter(status=DeliveryStatus.QUEUED).count()
    assert (queued, Delivery.objects.filter(status=DeliveryStatus.CAPPED).count()) == (2, 4)
