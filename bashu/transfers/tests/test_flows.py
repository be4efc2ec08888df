"""Transfers, archives and one-window cases end to end, with their signed documents;
concurrency, duplicates, a failure between two steps, tampered and replayed documents."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, connections

from bashu.core.errors import Conflict, InvalidInput
from bashu.core.permissions import SYSTEM
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.keys import published_keys
from bashu.recognition.signing import verify
from bashu.transfers import cases, selectors, services
from bashu.transfers.exchange import exchange_log_verify, exchange_receive, exchange_send
from bashu.transfers.models import (
    Case,
    ExchangeDocument,
    InsuranceTransfer,
)
from conftest import client_for, requires_postgresql


def submit(world, kind="insurance_transfer", details=None, key=None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client_for(world["citizen"]).post(
        "/api/v1/cases",
        {
            "kind": kind,
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": details or {"to_region": "510104"},
        },
        content_type="application/json",
        **headers,
    )


def step(user, case_id, action, reason=""):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        f"/api/v1/cases/{case_id}/transitions",
        {"action": action, "reason": reason},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_period_overlap_refused_naming_both_imported_flagged(world) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    with pytest.raises(InvalidInput) as refused:
        services.period_add(
            by=world["chongqing"],
            person_id=person.pk,
            region="500103",
            first_month="2019-06",
            last_month="2020-03",
            base=Decimal("4000"),
        )
    message = refused.value.errors[0].message
    assert "500103 2015-01..2019-12" in message and "500112 2020-01..2023-12" in message
    flagged = services.period_add(
        by=SYSTEM,
        person_id=person.pk,
        region="500103",
        first_month="2019-06",
        last_month="2020-03",
        base=Decimal("4000"),
        imported=True,
    )
    assert flagged.flagged and "重叠" in flagged.flag_reason
    # A flagged period blocks a transfer until a caseworker sorts it out.
    assert submit(world).status_code == 409
    with pytest.raises(InvalidInput) as bad:
        services.period_add(
            by=world["chongqing"],
            person_id=person.pk,
            region="500103",
            first_month="2024-13",
            last_month="2099-01",
            base=Decimal("0"),
        )
    assert {e.rule for e in bad.value.errors} == {"month_format", "positive"}
    other = client_for(world["chengdu"]).post(
        "/api/v1/insurance/periods",
        {
            "person_id": person.pk,
            "region": "500103",
            "first_month": "2024-01",
            "last_month": "2024-02",
            "base": "5000",
        },
        content_type="application/json",
    )
    assert other.status_code == 403


@pytest.mark.django_db
def test_transfer_from_a_chongqing_window_completed_in_chengdu(world) -> None:  # type: ignore[no-untyped-def]
    first = submit(world)
    assert first.status_code == 201, first.json()
    case = first.json()
    assert (case["state"], case["window_region"], case["competent_region"]) == (
        "routed",
        "500103",
        "510104",
    )
    again = submit(world)
    assert again.status_code == 200 and again.json()["id"] == case["id"]
    assert InsuranceTransfer.objects.count() == 1 and Case.objects.count() == 1

    transfer = InsuranceTransfer.objects.get()
    certificate = transfer.certificate.body
    assert verify(certificate, published_keys()).valid
    assert certificate["signature"]["region"] == "500000"
    body = certificate["payload"]["body"]
    assert body["contribution_months"] == 108 and len(body["periods"]) == 2
    assert body["funds"]["kind"] == "relationship_only"  # not drawing benefit

    queue = client_for(world["chengdu"]).get("/api/v1/cases").json()
    assert [c["id"] for c in queue["items"]] == [case["id"]]
    assert client_for(world["chongqing"]).get("/api/v1/cases").json()["count"] == 0
    assert step(world["chongqing"], case["id"], "take").status_code == 403
    assert step(world["chengdu"], case["id"], "approve").status_code == 409  # take it first
    assert step(world["chengdu"], case["id"], "take").status_code == 200
    assert step(world["chengdu"], case["id"], "approve").json()["state"] == "approved"
    done = step(world["chengdu"], case["id"], "close").json()
    assert done["state"] == "done"
    assert [e["to_state"] for e in done["events"]] == [
        "received",
        "routed",
        "in_review",
        "approved",
        "done",
    ]

    transfer.refresh_from_db()
    assert transfer.status == "accepted" and transfer.answer is not None
    assert transfer.answer.body["signature"]["region"] == "510000"
    assert selectors.relationship_region(world["person"]) == "510104"
    mine = client_for(world["citizen"]).get(f"/api/v1/cases/{case['id']}").json()
    assert mine["state"] == "done" and mine["applicant"] != "张伟"
    reads = client_for(world["citizen"]).get("/api/v1/me/record-reads").json()
    assert {r["region"] for r in reads["items"]} == {"510104", "500112"}  # destination, then origin
    assert exchange_log_verify() == (True, None)


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_returns_the_transfer(world) -> None:  # type: ignore[no-untyped-def]
    case = submit(world).json()
    step(world["chengdu"], case["id"], "take")
    refused = step(world["chengdu"], case["id"], "reject")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    assert (
        step(world["chengdu"], case["id"], "reject", "缴费基数与单位申报不一致").json()["state"]
        == "rejected"
    )
    transfer = InsuranceTransfer.objects.get()
    assert (transfer.status, transfer.return_reason) == ("returned", "缴费基数与单位申报不一致")
    assert transfer.answer.type == "insurance.transfer.returned"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_applicant_is_told_of_each_step_in_their_language(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from bashu.core.models import Notification

    # Given a transfer case taken and approved by the competent region
    case = submit(world).json()
    step(world["chengdu"], case["id"], "take")
    step(world["chengdu"], case["id"], "approve")
    # Then the applicant's inbox has one message per step, linking to the case
    told = list(Notification.objects.filter(recipient=world["citizen"]).order_by("id"))
    assert [n.link for n in told] == [f"/cases/{case['id']}/"] * 2
    assert "审查中" in told[0].title and "已批准" in told[1].title
    assert "失业保险" in told[1].title  # the kind by name
    # written in English too, the kind's English name and the state's
    english = told[1].translations["en"]["title"]
    assert "Approved" in english and not any("\u4e00" <= c <= "\u9fff" for c in english)
    # and nobody else hears of it
    assert not Notification.objects.exclude(recipient=world["citizen"]).exists()
    with translation.override("en"):
        assert "Handled by" in told[1].translations["en"]["body"]


@pytest.mark.django_db
def test_a_failure_between_two_steps_leaves_nothing_half_done(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    case = submit(world).json()
    step(world["chengdu"], case["id"], "take")
    documents = ExchangeDocument.objects.count()

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        exchange_send(**kwargs)  # the answer is written…
        raise DatabaseError("connection lost")  # …and then the step fails

    monkeypatch.setattr(services, "exchange_send", broken)
    with pytest.raises(DatabaseError):
        cases.case_transition(by=world["chengdu"], case_id=case["id"], action="approve")
    assert Case.objects.get().state == "in_review"
    assert InsuranceTransfer.objects.get().status == "certified"
    assert ExchangeDocument.objects.count() == documents


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_approving_at_once_give_one_approval(world) -> None:  # type: ignore[no-untyped-def]
    case = submit(world).json()
    step(world["chengdu"], case["id"], "take")
    codes: list[int] = []
    barrier = threading.Barrier(2)

    def go(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            codes.append(step(user, case["id"], "approve").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(world[u],)) for u in ("chengdu", "chengdu2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409]
    assert InsuranceTransfer.objects.get().status == "accepted"
    assert ExchangeDocument.objects.filter(type="insurance.transfer.accepted").count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_submissions_make_one_case(world) -> None:  # type: ignore[no-untyped-def]
    codes: list[int] = []
    barrier = threading.Barrier(3)

    def go() -> None:
        try:
            barrier.wait()
            codes.append(
                submit(world, "title_recognition", {"host_region": "510104"}, key="k-1").status_code
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200, 201]
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_archive_moves_without_the_person_carrying_it(world) -> None:  # type: ignore[no-untyped-def]
    case = submit(
        world, "archive_transfer", {"to_region": "510104", "to_custodian": "成都市人才服务中心"}
    ).json()
    assert case["competent_region"] == "510104"
    step(world["chengdu"], case["id"], "take")
    early = step(world["chengdu"], case["id"], "approve")
    assert early.status_code == 409 and "尚未转出" in early.json()["detail"]
    move_id = case["archive_move_id"]
    assert (
        client_for(world["chengdu"])
        .post(
            f"/api/v1/archives/moves/{move_id}/dispatch",
            {"tracking": "JY2026-001"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    dispatched = client_for(world["chongqing"]).post(
        f"/api/v1/archives/moves/{move_id}/dispatch",
        {"tracking": "JY2026-001"},
        content_type="application/json",
    )
    assert dispatched.json()["status"] == "dispatched"
    where = client_for(world["citizen"]).get("/api/v1/archives/mine").json()
    assert (
        where["custodian"] == "重庆市渝中区人才交流服务中心"
        and where["moves"][0]["status"] == "dispatched"
    )
    assert step(world["chengdu"], case["id"], "approve").status_code == 200
    where = client_for(world["citizen"]).get("/api/v1/archives/mine").json()
    assert (where["custodian"], where["region"]) == ("成都市人才服务中心", "510104")
    types = list(ExchangeDocument.objects.values_list("type", flat=True))
    assert {"archive.transfer.requested", "archive.dispatched", "archive.received"} <= set(types)


@pytest.mark.django_db
def test_cases_route_to_the_competent_region_and_overdue_ones_stand_out(world) -> None:  # type: ignore[no-untyped-def]
    case = submit(
        world, "title_recognition", {"host_region": "510104", "certificate_number": "X-1"}
    ).json()
    assert case["competent_region"] == "510104" and not case["overdue"]
    Case.objects.filter(pk=case["id"]).update(due_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    overdue = client_for(world["chengdu"]).get("/api/v1/cases?overdue=true").json()
    assert [c["id"] for c in overdue["items"]] == [case["id"]] and overdue["items"][0]["overdue"]
    bad = submit(world, "title_recognition", {"host_region": "999999"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "details.host_region"
    assert submit(world, "passport").json()["errors"][0]["rule"] == "choice"
    stranger = PersonFactory(area="510104")
    foreign = client_for(world["citizen"]).post(
        "/api/v1/cases",
        {
            "kind": "policy_claim",
            "applicant_id": stranger.pk,
            "window_region": "500103",
            "details": {"region": "510104"},
        },
        content_type="application/json",
    )
    assert foreign.status_code == 403


@pytest.mark.django_db
def test_exchange_refuses_tampered_unknown_and_replayed_documents(world) -> None:  # type: ignore[no-untyped-def]
    entry = exchange_send(
        doc_type="case.routed",
        sender="500103",
        receiver="510104",
        body={"case": 1},
        purpose="test",
        person=world["person"],
    )
    inbox = client_for(None)

    def deliver(document):  # type: ignore[no-untyped-def]
        return inbox.post("/api/v1/exchange/documents", document, content_type="application/json")

    replay = deliver(entry.body)
    assert replay.status_code == 409 and replay.json()["errors"][0]["rule"] == "replayed"
    tampered = copy.deepcopy(entry.body)
    tampered["payload"]["uuid"] = "6f1f6c52-6f0e-4a53-9d6e-1a1c2b3d4e5f"
    tampered["payload"]["body"]["case"] = 2
    assert deliver(tampered).json()["errors"][0]["rule"] == "bad_signature"
    stranger = copy.deepcopy(entry.body)
    stranger["payload"]["sender"] = "440300"
    assert deliver(stranger).json()["errors"][0]["rule"] == "unknown_sender"
    forged_key = copy.deepcopy(entry.body)
    forged_key["signature"]["kid"] = "500000-nope"
    assert deliver(forged_key).json()["errors"][0]["rule"] == "unknown_key"
    assert deliver({"hello": "world"}).json()["errors"][0]["rule"] == "malformed"
    with pytest.raises(Conflict):
        exchange_receive(entry.body)
    assert exchange_log_verify() == (True, None)


@requires_postgresql
@pytest.mark.django_db
def test_exchange_log_is_append_only_in_postgresql(world) -> None:  # type: ignore[no-untyped-def]
    exchange_send(doc_type="case.routed", sender="500103", receiver="510104", body={}, purpose="t")
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE transfers_exchangedocument SET purpose = 'x'")


@pytest.mark.django_db
def test_a_caseworker_at_any_window_receives_for_a_person_of_another_region(world) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world["chengdu"]).post(
        "/api/v1/cases",
        {
            "kind": "insurance_transfer",
            "applicant_id": world["person"].pk,
            "window_region": "510104",
            "details": {"to_region": "510104"},
            "applicant_id_number": world["person"].resident_id,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["consent"] == "window"
    assert (response.json()["window_region"], response.json()["competent_region"]) == (
        "510104",
        "510104",
    )
    # …but not at another region's window.
    outside = client_for(world["chengdu"]).post(
        "/api/v1/cases",
        {
            "kind": "policy_claim",
            "applicant_id": world["person"].pk,
            "window_region": "500103",
            "details": {"region": "500103"},
        },
        content_type="application/json",
    )
    assert outside.status_code == 403


@pytest.mark.django_db
def test_admin_lists_cases_of_the_caseworkers_region_only(world, administrator) -> None:  # type: ignore[no-untyped-def]
    submit(world, "title_recognition", {"host_region": "510104"})
    submit(world, "policy_claim", {"region": "500103"})
    chengdu = world["chengdu"]
    chengdu.is_staff = True
    chengdu.save()
    from django.contrib.auth.models import Permission

    chengdu.user_permissions.add(Permission.objects.get(codename="view_case"))
    page = client_for(chengdu).get("/admin/transfers/case/")
    assert page.status_code == 200
    assert "title_recognition" in page.content.decode()
    assert "policy_claim" not in page.content.decode()
    assert client_for(administrator).get("/admin/transfers/exchangedocument/").status_code == 200
