"""Talent-card services in the host region, deliveries counted per region and month."""

from __future__ import annotations

import datetime as dt

import pytest

from bashu.core.models import AuditEntry, Region
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import TalentCard
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tianfu_b():  # type: ignore[no-untyped-def]
    return TalentCard.objects.create(
        person=PersonFactory(area="510104"),
        programme="tianfu",
        card_class="B",
        region=Region.objects.get(code="510000"),
        number="TF-B-7",
        issued_on=dt.date(2023, 1, 1),
        expires_on=dt.date(2030, 12, 31),
    )


def services_of(card: TalentCard, host_region: str) -> dict:  # type: ignore[type-arg]
    """The card's services, asked with the holder's details (name, last four of the ID)."""
    return (
        client_for(None)
        .post(
            "/api/v1/recognition/cards/services",
            {
                "number": card.number,
                "name": card.person.name,
                "id_last4": card.person.resident_id[-4:],
                "host_region": host_region,
            },
            content_type="application/json",
        )
        .json()
    )


def test_a_recognised_card_opens_the_host_catalogue_for_its_class(tianfu_b) -> None:  # type: ignore[no-untyped-def]
    body = services_of(tianfu_b, "500112")
    assert body["outcome"] == "recognised_as" and body["equivalent"].endswith("B卡")
    codes = {s["code"] for s in body["services"]}
    assert (
        "cq-medical-green" in codes and "cq-airport" not in codes
    )  # airport lounges are for A cards
    assert all(code.startswith("cq-") for code in codes)
    home = services_of(tianfu_b, "510104")
    assert all(s["code"].startswith("sc-") for s in home["services"])


def test_deliveries_are_recorded_by_the_serving_region_and_counted(tianfu_b, make_account) -> None:  # type: ignore[no-untyped-def]
    chongqing = make_account("cw_cq", "caseworker", "500000")
    chengdu = make_account("cw_cd", "caseworker", "510100")
    url = "/api/v1/recognition/card-services/deliveries"
    body = {
        "card_number": "TF-B-7",
        "service_code": "cq-medical-green",
        "host_region": "500112",
        "delivered_on": "2026-10-08",
    }
    assert client_for(chengdu).post(url, body, content_type="application/json").status_code == 403
    assert client_for(chongqing).post(url, body, content_type="application/json").status_code == 201
    assert (
        client_for(chongqing)
        .post(url, {**body, "delivered_on": "2026-11-02"}, content_type="application/json")
        .status_code
        == 201
    )
    refused = client_for(chongqing).post(
        url, {**body, "service_code": "cq-airport"}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "service_code"
    assert AuditEntry.objects.filter(action="card_service.deliver").count() == 2
    stats = client_for(None).get(f"{url}/stats", {"region": "500000"}).json()
    assert stats == [
        {"region": "500112", "month": "2026-10", "deliveries": 1},
        {"region": "500112", "month": "2026-11", "deliveries": 1},
    ]


def test_an_expired_card_opens_nothing(tianfu_b) -> None:  # type: ignore[no-untyped-def]
    TalentCard.objects.filter(pk=tianfu_b.pk).update(expires_on=dt.date(2024, 1, 1))
    body = services_of(tianfu_b, "500112")
    assert body["outcome"] == "not_recognised" and body["services"] == []
