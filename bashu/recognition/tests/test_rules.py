"""A table test of recognition decisions: every seeded agreement, in and out of scope and date."""

from __future__ import annotations

import datetime as dt

import pytest

from bashu.recognition.rules import Credential, agreements, recognise

ON = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("credential", "host", "on", "outcome", "agreement"),
    [
        # 川南经济区: a title from 内江 in 自贡 — the regional agreement, more specific than 川渝.
        (
            Credential("title", "511002", series="工程技术人员", level="中级"),
            "510302",
            ON,
            "recognised",
            "chuannan-titles",
        ),
        (
            Credential("title", "510502", series="卫生技术人员", level="副高级"),
            "511502",
            ON,
            "recognised",
            "chuannan-titles",
        ),
        # 川渝: a Chengdu title in Chongqing and back.
        (
            Credential("title", "510104", series="工程技术人员", level="中级"),
            "500112",
            ON,
            "recognised",
            "chuanyu-titles",
        ),
        (
            Credential("title", "500105", series="会计人员", level="中级"),
            "510117",
            ON,
            "recognised",
            "chuanyu-titles",
        ),
        # Before the 川渝 agreement: not recognised across the border.
        (
            Credential("title", "510104", series="工程技术人员", level="中级"),
            "500112",
            dt.date(2019, 6, 1),
            "not_recognised",
            None,
        ),
        # Talent cards: recognised as the host's equivalent card.
        (
            Credential("talent_card", "510100", card_class="B"),
            "500103",
            ON,
            "recognised_as",
            "talent-cards",
        ),
        (
            Credential("talent_card", "500000", card_class="A"),
            "510104",
            ON,
            "recognised_as",
            "talent-cards",
        ),
        # Agencies: inside 成德眉资 yes, Chengdu to Mianyang (outside the zone) no.
        (Credential("agency_licence", "510104"), "510603", ON, "recognised", "cdmz-agencies"),
        (Credential("agency_licence", "510104"), "510703", ON, "not_recognised", None),
        (
            Credential("agency_licence", "510104"),
            "510603",
            dt.date(2020, 1, 1),
            "not_recognised",
            None,
        ),
        # 二级岗 green channel: only for 正高级 and a level-2 appointment, and it needs review.
        (
            Credential(
                "title", "500103", series="自然科学研究人员", level="正高级", purpose="level2_post"
            ),
            "510104",
            ON,
            "needs_review",
            "level2-green-channel",
        ),
        (
            Credential(
                "title", "500103", series="自然科学研究人员", level="副高级", purpose="level2_post"
            ),
            "510104",
            ON,
            "recognised",
            "chuanyu-titles",
        ),
        # Within one province without a specific agreement: valid throughout the province.
        (
            Credential("title", "510104", series="工程技术人员", level="中级"),
            "510703",
            ON,
            "recognised",
            None,
        ),
        # Expired and revoked credentials are refused.
        (
            Credential(
                "title",
                "511002",
                series="工程技术人员",
                level="中级",
                expires_on=dt.date(2025, 1, 1),
            ),
            "510302",
            ON,
            "not_recognised",
            None,
        ),
        (
            Credential("title", "511002", series="工程技术人员", level="中级", revoked=True),
            "510302",
            ON,
            "not_recognised",
            None,
        ),
    ],
)
def test_decisions(credential, host, on, outcome, agreement) -> None:  # type: ignore[no-untyped-def]
    decision = recognise(credential, host, on)
    assert decision.outcome == outcome, decision.reasons
    assert (decision.agreement.id if decision.agreement else None) == agreement
    assert decision.reasons
    if agreement:
        assert decision.clause is not None and decision.clause["id"] in decision.reasons[0]


def test_every_seeded_agreement_has_a_source_and_clauses() -> None:
    ids = {a.id for a in agreements()}
    assert ids == {
        "chuanyu-titles",
        "chuannan-titles",
        "talent-cards",
        "cdmz-agencies",
        "level2-green-channel",
    }
    for agreement in agreements():
        assert agreement.source and agreement.clauses and agreement.parties


def test_card_equivalent_is_named() -> None:
    decision = recognise(Credential("talent_card", "510100", card_class="B"), "500103", ON)
    assert decision.equivalent == "新重庆人才卡（重庆英才服务卡）B卡"
