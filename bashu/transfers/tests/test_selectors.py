"""Small reads of the transfers selectors: a missing person, a reason that is plain text."""

from __future__ import annotations

import pytest
from django.utils import translation

from bashu.people.tests.factories import PersonFactory
from bashu.transfers import selectors
from conftest import client_for


@pytest.mark.django_db
def test_the_periods_of_a_missing_person_are_not_found(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    answer = client_for(chengdu_caseworker).get("/api/v1/insurance/periods?person_id=987654321")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "参保人不存在"


def test_a_reason_without_values_is_translated_as_it_is() -> None:
    with translation.override("en"):
        assert selectors.reason_words("参保人不存在") == "No such insured person"
    with translation.override("zh-hans"):
        assert selectors.reason_words("一个不在目录里的理由") == "一个不在目录里的理由"


@pytest.mark.django_db
def test_another_regions_caseworker_is_told_to_ask_through_an_exchange(make_account) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="510104")
    chongqing = make_account("cw_cq_periods", "caseworker", "500000")
    answer = client_for(chongqing).get(f"/api/v1/insurance/periods?person_id={person.pk}")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "须通过跨区域协查"
