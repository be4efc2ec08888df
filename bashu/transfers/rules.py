"""Unemployment-insurance entitlement (失业保险待遇测算). Plain Python; the tables are data.

The calculation follows the law, each step with its reason:

- months paid in every member region add up (社会保险法 第五十二条);
- eligible only with ≥ 12 months paid, involuntary separation and registration as
  unemployed (失业保险条例 第十四条), each failed condition a reason;
- the duration comes from the table in force for the claim region on the claim date — the
  national brackets (条例 第十七条) or the region's finer table where it sets one;
- months left from an earlier unfinished claim are added, never above 24 months;
- the monthly amount is the claim region's standard: a share of its minimum-wage tier;
- moving the relationship to another province carries the remaining benefit plus half of it
  for medical and training subsidies (《失业保险金申领发放办法》第二十二条); within a province,
  or for someone not drawing benefit, the relationship moves alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from bashu.core.codes import region_prefix
from bashu.core.loaders import data_file_load
from bashu.transfers.periods import Period, months_total


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation (makemessages knows the name); this module stays free
    of Django: whoever shows a ``Reason`` to a user translates it (``selectors.reason_words``)."""
    return message


class Reason(str):
    """A reason (理由) in Chinese with its values filled in, and what translating it takes:
    the msgid (``message``) and the values, filled again after translating. A value that is
    itself a ``Reason`` (a place's name) is translated too."""

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, **values: Any) -> Reason:
        reason = super().__new__(cls, message % values if values else message)
        reason.message = message
        reason.values = values
        return reason


DATA = Path(__file__).resolve().parent / "data" / "benefit_rules.json"
MAX_BENEFIT_MONTHS = 24
MIN_CONTRIBUTION_MONTHS = 12
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Table:
    """A duration table: brackets of months paid → months of benefit, for some regions."""

    id: str
    name: str
    source: str
    regions: tuple[str, ...]
    effective_from: dt.date
    effective_to: dt.date | None
    verified: bool
    brackets: tuple[tuple[int, int | None, int], ...]

    def applies(self, region: str, on: dt.date) -> bool:
        in_force = self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to
        )
        return in_force and any(region.startswith(region_prefix(r)) for r in self.regions)

    def benefit_months(self, paid: int) -> int:
        for low, high, months in self.brackets:
            if paid >= low and (high is None or paid < high):
                return months
        return 0


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = data_file_load(DATA)
    return data


@lru_cache(maxsize=1)
def tables() -> tuple[Table, ...]:
    return tuple(
        Table(
            id=t["id"],
            name=t["name"],
            source=t["source"],
            regions=tuple(t["regions"]),
            effective_from=dt.date.fromisoformat(t["effective_from"]),
            effective_to=dt.date.fromisoformat(t["effective_to"]) if t["effective_to"] else None,
            verified=t["verified"],
            brackets=tuple(
                (b["from_months"], b["to_months"], b["benefit_months"]) for b in t["brackets"]
            ),
        )
        for t in _data()["duration_tables"]
    )


def table_for(region: str, on: dt.date) -> Table | None:
    """The most specific table in force: a region's own beats the national one."""
    candidates = [t for t in tables() if t.applies(region, on)]
    if not candidates:
        return None

    def specificity(t: Table) -> tuple[int, int]:
        matching = [len(region_prefix(r)) for r in t.regions if region.startswith(region_prefix(r))]
        return max(matching), -len(t.regions)

    return max(candidates, key=specificity)


def tier_of(region: str) -> int:
    """The minimum-wage tier (最低工资档次) of a county-level region."""
    for rule in _data()["standards"]["tiers"]:
        prefixes = rule.get("prefixes") or [rule["prefix"]]
        if not any(region.startswith(p) for p in prefixes):
            continue
        if "tier" in rule:
            return int(rule["tier"])
        # 市辖区 carry codes 01–20 in their last two digits; counties and county-level cities above
        return int(rule["districts_tier"] if int(region[4:]) <= 20 else rule["counties_tier"])
    raise KeyError(region)


@dataclass(frozen=True)
class Standard:
    monthly_amount: Decimal
    minimum_wage: int
    tier: int
    share: Decimal
    source: str


def standard_for(region: str, on: dt.date) -> Standard | None:
    """The monthly unemployment benefit (失业保险金标准) of ``region`` on ``on``."""
    data = _data()["standards"]
    province = region[:2] + "0000"
    tier = tier_of(region)
    wages = [
        w
        for w in data["minimum_wage"]
        if w["province"] == province
        and w["tier"] == tier
        and dt.date.fromisoformat(w["effective_from"]) <= on
    ]
    shares = [
        s
        for s in data["share_of_minimum_wage"]
        if province in s["regions"] and dt.date.fromisoformat(s["effective_from"]) <= on
    ]
    if not wages or not shares:
        return None
    wage = max(wages, key=lambda w: w["effective_from"])
    share = max(shares, key=lambda s: s["effective_from"])
    amount = (Decimal(wage["monthly"]) * Decimal(share["share"])).quantize(CENT, ROUND_HALF_UP)
    return Standard(
        amount,
        wage["monthly"],
        tier,
        Decimal(share["share"]),
        f"{wage['source']}；{share['source']}",
    )


Separation = Literal["involuntary", "voluntary"]


@dataclass(frozen=True)
class Transfer:
    kind: Literal["funds", "relationship_only"]
    amount: Decimal
    benefit: Decimal
    medical_and_training: Decimal
    source: str
    reason: str


@dataclass
class Entitlement:
    eligible: bool
    contribution_months: int
    benefit_months: int
    monthly_amount: Decimal
    table: Table | None
    reasons: list[str] = field(default_factory=list)
    standard: Standard | None = None
    transfer: Transfer | None = None


def entitlement(
    periods: Sequence[Period],
    *,
    claim_region: str,
    claim_date: dt.date,
    separation: Separation,
    registered_unemployed: bool,
    carried_over_months: int = 0,
    transfer_to: str | None = None,
) -> Entitlement:
    """What a claimant is entitled to; see the module docstring. Periods must not overlap
    (the caller refuses overlapping input with both periods named)."""
    paid = months_total(periods)
    regions = sorted({p.region[:2] for p in periods})
    places = _PLACES.get(tuple(regions)) or "、".join(regions)
    reasons: list[str] = [
        Reason(
            gettext_noop("累计缴费 %(paid)s 个月（%(places)s合并计算，社会保险法第五十二条）"),
            paid=paid,
            places=Reason(places),
        )
    ]
    table = table_for(claim_region, claim_date)
    standard = standard_for(claim_region, claim_date)
    failed: list[str] = []
    if paid < MIN_CONTRIBUTION_MONTHS and carried_over_months <= 0:
        failed.append(
            Reason(gettext_noop("缴费不满12个月（%(paid)s 个月），失业保险条例第十四条"), paid=paid)
        )
    if separation != "involuntary":
        failed.append(
            Reason(
                gettext_noop("非本人意愿中断就业方可领取，本人自愿离职不符合条件（条例第十四条）")
            )
        )
    if not registered_unemployed:
        failed.append(Reason(gettext_noop("须办理失业登记并有求职要求（条例第十四条）")))
    if table is None or standard is None:
        failed.append(
            Reason(
                gettext_noop("申领地 %(region)s 在 %(date)s 无有效的待遇标准"),
                region=claim_region,
                date=claim_date,
            )
        )
    if failed:
        return Entitlement(False, paid, 0, Decimal(0), table, reasons + failed, standard)
    assert table is not None and standard is not None  # noqa: S101 - checked just above
    new_months = table.benefit_months(paid) if paid >= MIN_CONTRIBUTION_MONTHS else 0
    reasons.append(
        Reason(
            gettext_noop("按《%(table)s》缴费 %(paid)s 个月可领 %(months)s 个月")
            if table.verified
            else gettext_noop(
                "按《%(table)s》缴费 %(paid)s 个月可领 %(months)s 个月；该表数值待核"
            ),
            table=table.name,
            paid=paid,
            months=new_months,
        )
    )
    months = new_months + max(carried_over_months, 0)
    if carried_over_months > 0:
        reasons.append(
            Reason(
                gettext_noop("与前次未领完的 %(months)s 个月合并计算"), months=carried_over_months
            )
        )
    if months > MAX_BENEFIT_MONTHS:
        reasons.append(
            Reason(gettext_noop("合并后 %(months)s 个月，最长不超过24个月"), months=months)
        )
        months = MAX_BENEFIT_MONTHS
    reasons.append(
        Reason(
            gettext_noop(
                "失业保险金每月 %(amount)s 元 = 最低工资 %(wage)s 元（第%(tier)s档）× %(share)s"
            ),
            amount=standard.monthly_amount,
            wage=standard.minimum_wage,
            tier=standard.tier,
            share=standard.share,
        )
    )
    result = Entitlement(True, paid, months, standard.monthly_amount, table, reasons, standard)
    if transfer_to:
        result.transfer = transfer_of(result, claim_region, transfer_to)
    return result


#: The provinces whose periods were added up (sorted codes), as the reason names them.
_PLACES = {
    (): gettext_noop("无"),
    ("50",): gettext_noop("重庆"),
    ("51",): gettext_noop("四川"),
    ("50", "51"): gettext_noop("重庆、四川"),
}


def transfer_of(result: Entitlement, from_region: str, to_region: str) -> Transfer:
    """Funds that move with the relationship (第二十二条), or the relationship alone."""
    rule = _data()["transfer"]
    if from_region[:2] == to_region[:2]:
        return Transfer(
            "relationship_only",
            Decimal(0),
            Decimal(0),
            Decimal(0),
            rule["relationship_only_source"],
            Reason(gettext_noop("省内转移：费用处理由省级规定，仅转移关系")),
        )
    if not result.eligible or result.benefit_months == 0:
        return Transfer(
            "relationship_only",
            Decimal(0),
            Decimal(0),
            Decimal(0),
            rule["relationship_only_source"],
            Reason(gettext_noop("未领取失业保险金，仅转移关系和缴费年限")),
        )
    benefit = (result.monthly_amount * result.benefit_months).quantize(CENT)
    supplement = (benefit * Decimal(rule["supplement_share"])).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    return Transfer(
        "funds",
        benefit + supplement,
        benefit,
        supplement,
        rule["source"],
        Reason(
            gettext_noop(
                "划转失业保险金 %(benefit)s 元及医疗补助金和职业培训、职业介绍补贴 %(supplement)s 元（按失业保险金总额的一半）"
            ),
            benefit=benefit,
            supplement=supplement,
        ),
    )
