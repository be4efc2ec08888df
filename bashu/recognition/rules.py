"""Recognition rules (资格互认规则): which agreement recognises a credential where, and why.

Plain Python over plain data: agreements are read from ``data/agreements.json`` (each with
its parties, scope, dates, clauses and source); ``recognise`` is a pure function, used by the
public pre-check, by caseworkers' decisions and by tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bashu.core.codes import region_prefix
from bashu.core.loaders import data_file_load

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("title", "skill", "talent_card", "agency_licence")


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation (makemessages knows the name); this module stays free
    of Django, so whoever shows a reason to a user translates it (``selectors.reason_words``)."""
    return message


# The reasons (理由) of a decision: Chinese msgids. Those with values are filled in Chinese
# here (a decision stores and signs them so); ``selectors.reason_words`` matches a filled
# reason against its template, translates the template and fills it again.
REVOKED = gettext_noop("证书已被撤销")
EXPIRED = gettext_noop("证书已于 %(date)s 失效")
NOT_YET_ISSUED = gettext_noop("发证日期晚于认定日期")
NOT_YET_IN_FORCE = gettext_noop("《%(name)s》自 %(date)s 起施行")
OUT_OF_SCOPE = gettext_noop("《%(name)s》不含此类证书（%(key)s）")
UNDER_CLAUSE = gettext_noop("依据《%(name)s》第%(clause)s条")
UNDER = gettext_noop("依据《%(name)s》")
NEEDS_REVIEW = gettext_noop("须经聘用单位申请、人社部门审核")
WITHIN_PROVINCE = gettext_noop("在发证省（市）范围内有效，无需互认协议")
NO_SKILL_AGREEMENT = gettext_noop("暂无川渝职业技能等级互认协议数据，须经办人员核验")
NO_AGREEMENT = gettext_noop("没有覆盖发证地与使用地的有效互认协议")
#: The reasons with values, for matching a filled reason back to its template.
TEMPLATES = (EXPIRED, NOT_YET_IN_FORCE, OUT_OF_SCOPE, UNDER_CLAUSE, UNDER)


@dataclass(frozen=True)
class Agreement:
    id: str
    name: str
    parties: tuple[str, ...]
    scope: dict[str, Any]
    effective_from: dt.date
    effective_to: dt.date | None
    outcome: str
    clauses: tuple[dict[str, str], ...]
    source: str
    equivalents: dict[str, dict[str, str]] = field(default_factory=dict)

    def party_of(self, code: str) -> str | None:
        """The party whose territory contains ``code``."""
        return next((p for p in self.parties if code.startswith(region_prefix(p))), None)

    def links(self, issuing: str, host: str) -> bool:
        """Does this agreement join the two regions? They must lie in two different parties:
        within one party its own rules apply, not a mutual-recognition agreement."""
        a, b = self.party_of(issuing), self.party_of(host)
        return a is not None and b is not None and a != b

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def specificity(self) -> tuple[int, int]:
        """Smaller regions first (川南 beats 川渝), then a narrower scope (the 二级岗 green
        channel beats the general title agreement between the same parties)."""
        return min(len(region_prefix(p)) for p in self.parties), len(self.scope)


@lru_cache(maxsize=1)
def agreements() -> tuple[Agreement, ...]:
    raw = data_file_load(DATA / "agreements.json")
    return tuple(
        Agreement(
            id=a["id"],
            name=a["name"],
            parties=tuple(a["parties"]),
            scope=a["scope"],
            effective_from=dt.date.fromisoformat(a["effective_from"]),
            effective_to=dt.date.fromisoformat(a["effective_to"])
            if a.get("effective_to")
            else None,
            outcome=a["outcome"],
            clauses=tuple(a["clauses"]),
            source=a["source"],
            equivalents=a.get("equivalents", {}),
        )
        for a in raw
    )


def agreement_get(agreement_id: str) -> Agreement | None:
    return next((a for a in agreements() if a.id == agreement_id), None)


@dataclass(frozen=True)
class Credential:
    """What recognition needs to know of a credential (registry row or pre-check input)."""

    kind: str
    issuing_region: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    revoked: bool = False
    series: str | None = None
    level: str | None = None
    card_class: str | None = None
    purpose: str | None = None


@dataclass
class Decision:
    outcome: str  # recognised | recognised_as | not_recognised | needs_review
    equivalent: str | None
    agreement: Agreement | None
    clause: dict[str, str] | None
    reasons: list[str]


def _in_scope(agreement: Agreement, credential: Credential) -> tuple[bool, str]:
    scope = agreement.scope
    if credential.kind not in scope.get("kinds", []):
        return False, "kind"
    for key, value in (
        ("series", credential.series),
        ("levels", credential.level),
        ("card_classes", credential.card_class),
    ):
        if key in scope and value not in scope[key]:
            return False, key
    if "purposes" in scope and credential.purpose not in scope["purposes"]:
        return False, "purposes"
    return True, ""


def recognise(credential: Credential, host_region: str, on: dt.date) -> Decision:
    """Recognition of ``credential`` in ``host_region`` on ``on``, with the agreement and clause.

    Refuses expired, revoked and not-yet-issued credentials with the reason. Among the
    agreements in force that cover both regions and the credential, the most specific wins.
    """
    if credential.revoked:
        return Decision("not_recognised", None, None, None, [REVOKED])
    if credential.expires_on is not None and credential.expires_on < on:
        return Decision(
            "not_recognised",
            None,
            None,
            None,
            [EXPIRED % {"date": credential.expires_on.isoformat()}],
        )
    if credential.issued_on is not None and credential.issued_on > on:
        return Decision(
            "not_recognised",
            None,
            None,
            None,
            [NOT_YET_ISSUED],
        )
    same_province = credential.issuing_region[:2] == host_region[:2]
    candidates = []
    near_misses = []
    for agreement in agreements():
        if not agreement.links(credential.issuing_region, host_region):
            continue
        if not agreement.in_force(on):
            near_misses.append(
                NOT_YET_IN_FORCE
                % {"name": agreement.name, "date": agreement.effective_from.isoformat()}
            )
            continue
        ok, why = _in_scope(agreement, credential)
        if not ok:
            near_misses.append(OUT_OF_SCOPE % {"name": agreement.name, "key": why})
            continue
        candidates.append(agreement)
    if candidates:
        agreement = max(candidates, key=lambda a: a.specificity)
        clause = agreement.clauses[0] if agreement.clauses else None
        equivalent = None
        if agreement.outcome == "recognised_as":
            host_key = agreement.party_of(host_region) or ""
            equivalent = agreement.equivalents.get(host_key, {}).get(credential.card_class or "")
        reasons = [
            UNDER_CLAUSE % {"name": agreement.name, "clause": clause["id"]}
            if clause
            else UNDER % {"name": agreement.name}
        ]
        if agreement.outcome == "needs_review":
            reasons.append(NEEDS_REVIEW)
        return Decision(agreement.outcome, equivalent, agreement, clause, reasons)
    if same_province and credential.kind in ("title", "skill"):
        return Decision(
            "recognised",
            None,
            None,
            None,
            [WITHIN_PROVINCE],
        )
    if credential.kind == "skill":
        return Decision(
            "needs_review",
            None,
            None,
            None,
            [
                NO_SKILL_AGREEMENT,
                *near_misses,
            ],
        )
    return Decision(
        "not_recognised",
        None,
        None,
        None,
        [
            NO_AGREEMENT,
            *near_misses,
        ],
    )
