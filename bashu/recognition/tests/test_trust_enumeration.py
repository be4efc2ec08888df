"""Enumeration: the registry cannot be walked. A certificate lookup needs number and name and
answers a wrong number and a wrong name alike; card services need the holder; new numbers
carry 65 random bits and a check character."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from bashu.core.models import Region, Role, TitleLevel, TitleSeries
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle, TalentCard
from bashu.recognition.numbers import (
    CROCKFORD,
    credential_number_is_new_form,
    credential_number_new,
)
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def title():  # type: ignore[no-untyped-def]
    return ProfessionalTitle.objects.create(
        person=PersonFactory(area="511002", name="刘建国"),
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="511000"),
        committee="内江市工程技术中级职称评审委员会",
        issued_on=dt.date(2021, 6, 1),
        certificate_number="NJ-2021-0001",
    )


@pytest.fixture
def card(make_account):  # type: ignore[no-untyped-def]
    holder = PersonFactory(area="510104", name="王芳")
    holder.account = make_account("card_holder", Role.SEEKER)
    holder.save(update_fields=["account"])
    return TalentCard.objects.create(
        person=holder,
        programme="tianfu",
        card_class="A",
        region=Region.objects.get(code="510000"),
        number="TF-A-7",
        issued_on=dt.date(2023, 1, 1),
        expires_on=dt.date(2030, 12, 31),
    )


# --- certificate lookup -----------------------------------------------------------------


def _get(number: str, name: str):  # type: ignore[no-untyped-def]
    return client_for(None).get(f"/api/v1/recognition/certificates/{number}", {"name": name})


def _post(number: str, name: str):  # type: ignore[no-untyped-def]
    return client_for(None).post(
        "/api/v1/recognition/certificate-checks",
        {"number": number, "name": name},
        content_type="application/json",
    )


@pytest.mark.parametrize("ask", [_get, _post], ids=["GET", "POST"])
def test_a_wrong_number_and_a_wrong_name_answer_alike(title, ask) -> None:  # type: ignore[no-untyped-def]
    wrong_name = ask("NJ-2021-0001", "张三")
    wrong_number = ask("NJ-2021-0002", "刘建国")
    assert wrong_name.status_code == wrong_number.status_code == 404
    assert wrong_name.json() == wrong_number.json()
    assert ask("NJ-2021-0001", "刘建国").status_code == 200


def test_both_misses_cost_the_same_queries(title) -> None:  # type: ignore[no-untyped-def]
    """No timing difference from a short-cut: a wrong name looks further, as an unknown
    number does."""
    counts = []
    for number, name in (("NJ-2021-0001", "张三"), ("NJ-2021-0002", "刘建国")):
        with CaptureQueriesContext(connection) as queries:
            _post(number, name)
        counts.append(
            len([q for q in queries.captured_queries if "recognition_" in q["sql"].lower()])
        )
    assert counts[0] == counts[1]


def test_the_certificate_page_posts_and_reads_both_misses_alike(title) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    page = client.get("/recognition/certificate/").content.decode()
    assert 'method="post"' in page

    def result(number: str, name: str) -> str:
        body = client.post("/recognition/certificate/", {"number": number, "name": name})
        found = re.search(r'id="certificate-result">(.*?)</', body.content.decode(), re.S)
        assert found is not None
        return found.group(1)

    assert result("NJ-2021-0001", "张三") == result("NJ-2021-0002", "刘建国")
    assert (
        "刘**"
        in client.post(
            "/recognition/certificate/", {"number": "NJ-2021-0001", "name": "刘建国"}
        ).content.decode()
    )


# --- card services ----------------------------------------------------------------------


def test_card_services_by_number_alone_tell_nothing(card) -> None:  # type: ignore[no-untyped-def]
    """Before: an anonymous GET with the number answered the card's class and services."""
    url = "/api/v1/recognition/cards/TF-A-7/services"
    anonymous = client_for(None).get(url, {"host_region": "500112"})
    assert anonymous.status_code == 401
    assert "TF-A-7" not in anonymous.content.decode()


def test_the_signed_in_holder_sees_their_card_and_nobody_else_does(card, make_account) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/recognition/cards/{}/services"
    mine = client_for(card.person.account).get(url.format("TF-A-7"), {"host_region": "500112"})
    assert mine.status_code == 200 and mine.json()["card"] == "TF-A-7"

    stranger = client_for(make_account("stranger", Role.SEEKER))
    someone_elses = stranger.get(url.format("TF-A-7"), {"host_region": "500112"})
    no_such_card = stranger.get(url.format("TF-A-8"), {"host_region": "500112"})
    assert someone_elses.status_code == no_such_card.status_code == 404
    assert someone_elses.json() == no_such_card.json()


def _check(number: str, name: str, last4: str):  # type: ignore[no-untyped-def]
    return client_for(None).post(
        "/api/v1/recognition/cards/services",
        {"number": number, "name": name, "id_last4": last4, "host_region": "500112"},
        content_type="application/json",
    )


def test_card_services_with_the_holders_details(card) -> None:  # type: ignore[no-untyped-def]
    last4 = card.person.resident_id[-4:]
    ok = _check("TF-A-7", "王芳", last4.lower())
    assert ok.status_code == 200
    assert ok.json()["outcome"] == "recognised_as"
    assert "cq-airport" in {s["code"] for s in ok.json()["services"]}  # an A card's service

    wrong_digit = f"{(int(last4[0]) + 1) % 10}{last4[1:]}"
    misses = [
        _check("TF-A-8", "王芳", last4),  # no such card
        _check("TF-A-7", "王五", last4),  # wrong name
        _check("TF-A-7", "王芳", wrong_digit),  # wrong ID digits
    ]
    assert {m.status_code for m in misses} == {404}
    assert len({m.content for m in misses}) == 1


def test_card_services_refuse_a_malformed_last4(card) -> None:  # type: ignore[no-untyped-def]
    response = _check("TF-A-7", "王芳", "12")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "id_last4"


# --- numbers ----------------------------------------------------------------------------


def test_new_numbers_name_province_and_kind_and_are_not_sequential() -> None:
    numbers = [credential_number_new(kind="title", region="510000") for _ in range(200)]
    assert all(n.startswith("51T") and len(n) == 17 for n in numbers)
    assert all(credential_number_is_new_form(n) for n in numbers)
    assert len(set(numbers)) == 200
    # neighbours share nothing beyond the prefix more often than chance would
    bodies = sorted(n[3:-1] for n in numbers)
    assert sum(a[:4] == b[:4] for a, b in itertools.pairwise(bodies)) < 5
    assert credential_number_new(kind="talent_card", region="500000").startswith("50K")
    assert not credential_number_is_new_form("51T2021000000001")  # the old sequential form


@given(
    seed=st.integers(min_value=0, max_value=2**32),
    position=st.integers(min_value=0, max_value=16),
    replacement=st.sampled_from(CROCKFORD),
)
def test_the_check_character_catches_any_one_wrong_character(
    seed: int, position: int, replacement: str
) -> None:
    number = credential_number_new(kind="skill", region="500000", rng=random.Random(seed))
    typo = number[:position] + replacement + number[position + 1 :]
    assert credential_number_is_new_form(typo) == (typo == number)


@given(seed=st.integers(min_value=0, max_value=2**32), position=st.integers(3, 14))
def test_the_check_character_catches_two_swapped_characters(seed: int, position: int) -> None:
    number = credential_number_new(kind="title", region="510000", rng=random.Random(seed))
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert credential_number_is_new_form(swapped) == (swapped == number)
