"""Reads of the credential registry (证书查询): by number, and the public certificate check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext, gettext_lazy

from bashu.core.codes import region_prefix
from bashu.core.errors import InvalidInput, NotFound
from bashu.core.identity import mask_name
from bashu.core.models import Region
from bashu.core.scoping import region_filter
from bashu.core.selectors import localized_name
from bashu.recognition import rules
from bashu.recognition.models import (
    AgencyLicence,
    CardService,
    CredentialStatus,
    ProfessionalTitle,
    RecognitionDecision,
    ServiceDelivery,
    SigningKey,
    SkillCertificate,
    TalentCard,
)
from bashu.recognition.rules import Credential, Decision, recognise


@dataclass
class Registered:
    """A registry row with what recognition and the public page need of it."""

    kind: str
    row: Any
    credential: Credential
    holder_name: str
    issuer: str


def credential_find(number: str, *, holder_name: str | None = None) -> Registered | None:
    """The credential with this certificate, card or licence number, whatever its kind.

    With ``holder_name`` only if it is held by that person (or agency): a wrong name costs
    the same queries as an unknown number, so neither miss can be told from the other."""
    number = (number or "").strip()
    person = {} if holder_name is None else {"person__name": holder_name}
    agency = {} if holder_name is None else {"agency__name": holder_name}
    title = (
        ProfessionalTitle.objects.select_related("person", "series", "level", "region")
        .filter(certificate_number=number, **person)
        .first()
    )
    if title is not None:
        return Registered(
            "title",
            title,
            Credential(
                "title",
                title.region_id,
                issued_on=title.issued_on,
                revoked=title.status == CredentialStatus.REVOKED,
                series=title.series.name,
                level=title.level.name,
            ),
            title.person.name,
            title.committee or title.region.name,
        )
    skill = (
        SkillCertificate.objects.select_related("person", "level", "region")
        .filter(certificate_number=number, **person)
        .first()
    )
    if skill is not None:
        return Registered(
            "skill",
            skill,
            Credential(
                "skill",
                skill.region_id,
                issued_on=skill.issued_on,
                revoked=skill.status == CredentialStatus.REVOKED,
                level=skill.level.name,
            ),
            skill.person.name,
            skill.region.name,
        )
    card = (
        TalentCard.objects.select_related("person", "region")
        .filter(number=number, **person)
        .first()
    )
    if card is not None:
        return Registered(
            "talent_card",
            card,
            Credential(
                "talent_card",
                card.region_id,
                issued_on=card.issued_on,
                expires_on=card.expires_on,
                revoked=card.status == CredentialStatus.REVOKED,
                card_class=card.card_class,
            ),
            card.person.name,
            card.get_programme_display(),
        )
    licence = (
        AgencyLicence.objects.select_related("agency", "region")
        .filter(number=number, **agency)
        .first()
    )
    if licence is not None:
        return Registered(
            "agency_licence",
            licence,
            Credential(
                "agency_licence",
                licence.region_id,
                issued_on=licence.issued_on,
                expires_on=licence.expires_on,
                revoked=licence.status == CredentialStatus.REVOKED,
            ),
            licence.agency.name,
            licence.region.name,
        )
    return None


CERTIFICATE_MISS = gettext_lazy("未找到与姓名相符的证书")
CARD_MISS = gettext_lazy("未找到与持卡人信息相符的人才卡")


def certificate_public(number: str, name: str) -> dict[str, Any]:
    """Status, masked holder, issuing body and decisions, for a number and its holder's name.

    A wrong name answers exactly as an unknown number (same error, same queries), so the
    registry cannot be walked by number; the doors that call this are rate-limited."""
    name = (name or "").strip()
    found = credential_find(number, holder_name=name) if name else None
    if found is None:
        raise NotFound(str(CERTIFICATE_MISS))
    decisions = RecognitionDecision.objects.filter(certificate_number=number).order_by(
        "-decided_at"
    )[:20]
    return {
        "certificate_number": number,
        "kind": found.kind,
        # what the certificate says (工程技术人员 · 中级), nothing about the holder
        "series": found.credential.series,
        "level": found.credential.level,
        "card_class": found.credential.card_class,
        "status": "revoked" if found.credential.revoked else "valid",
        "holder": mask_name(found.holder_name)
        if found.kind != "agency_licence"
        else found.holder_name,
        "issuer": found.issuer,
        "issuing_region": found.credential.issuing_region,
        "decisions": [
            {
                "host_region": d.host_region_id,
                "on_date": d.on_date.isoformat(),
                "outcome": d.outcome,
                "agreement_id": d.agreement_id,
                "clause_id": d.clause_id,
            }
            for d in decisions
        ],
    }


def talent_card_of_holder(
    number: str,
    *,
    account_id: int | None = None,
    name: str | None = None,
    id_last4: str | None = None,
) -> TalentCard:
    """The card with ``number`` if the caller shows they hold it: signed in as its holder
    (``account_id``), or giving the holder's name and the last four characters of their
    resident ID. Every miss (unknown number, another's card, a wrong name or digits) is the
    same 404 after the same one query, so a card's existence and class never leak."""
    cards = TalentCard.objects.select_related("region").filter(number=(number or "").strip())
    if account_id is not None:
        cards = cards.filter(person__account_id=account_id)
    elif name and id_last4:
        cards = cards.filter(
            person__name=name.strip(), person__resident_id__endswith=id_last4.strip().upper()
        )
    else:
        raise NotFound(str(CARD_MISS))
    card = cards.first()
    if card is None:
        raise NotFound(str(CARD_MISS))
    return card


def credentials_of(person_id: int) -> list[dict[str, Any]]:
    """A holder's own credentials (我的证书), for their account page."""
    rows: list[dict[str, Any]] = []
    for t in ProfessionalTitle.objects.filter(person_id=person_id).select_related(
        "series", "level"
    ):
        rows.append(
            {
                "kind": "title",
                "number": t.certificate_number,
                "label": f"{localized_name(t.series)} · {localized_name(t.level)}",
                "status": t.status,
                "issued_on": t.issued_on,
                "expires_on": None,
            }
        )
    for c in SkillCertificate.objects.filter(person_id=person_id).select_related(
        "occupation", "level"
    ):
        rows.append(
            {
                "kind": "skill",
                "number": c.certificate_number,
                "label": f"{c.occupation.name} · {localized_name(c.level)}",
                "status": c.status,
                "issued_on": c.issued_on,
                "expires_on": None,
            }
        )
    for k in TalentCard.objects.filter(person_id=person_id):
        rows.append(
            {
                "kind": "talent_card",
                "number": k.number,
                "label": f"{k.get_programme_display()} {k.card_class}",
                "status": k.status,
                "issued_on": k.issued_on,
                "expires_on": k.expires_on,
            }
        )
    return rows


def decision_list(*, user: object) -> QuerySet[RecognitionDecision]:
    """Recognition decisions of the regions ``user`` acts for (host region), newest first."""
    decisions = RecognitionDecision.objects.select_related("host_region")
    scoped = region_filter(decisions, user, field="host_region")
    return (scoped if scoped is not None else decisions.none()).order_by("-decided_at", "-id")


# ---------------------------------------------------------------- talent-card services


#: Why a card opens nothing at home (a reason, like ``rules.recognise``'s, in Chinese).
CARD_LAPSED = rules.gettext_noop("人才卡已失效或被撤销")


def card_services_for(
    *, number: str, host_region: str, on: dt.date
) -> tuple[TalentCard, Decision | None, list[CardService]]:
    """The services a card holder may use in ``host_region``: the host province's catalogue
    for the card's class (or its recognised equivalent), with the decision that opens them
    (``None`` at home, where no agreement is needed). 404 for an unknown card."""
    card = TalentCard.objects.select_related("region").filter(number=number.strip()).first()
    if card is None:
        raise NotFound(gettext("未找到人才卡 %(number)s") % {"number": number})
    province = host_region[:2] + "0000"
    decision = None
    if card.region_id[:2] != host_region[:2]:
        found = credential_find(card.number)
        assert found is not None  # noqa: S101
        decision = recognise(found.credential, host_region, on)
        if decision.outcome not in ("recognised", "recognised_as"):
            return card, decision, []
    elif card.status == CredentialStatus.REVOKED or card.expires_on < on:
        return (
            card,
            Decision(
                "not_recognised",
                None,
                None,
                None,
                [CARD_LAPSED],
            ),
            [],
        )
    services = [
        s
        for s in CardService.objects.filter(region_id=province)
        if card.card_class in s.classes.split(";")
    ]
    return card, decision, services


def card_services_answer(card: TalentCard, host_region: str, on: dt.date) -> dict[str, Any]:
    """What the card-services API answers: the outcome in ``host_region`` with its reasons,
    and the services it opens there."""
    card, decision, services = card_services_for(number=card.number, host_region=host_region, on=on)
    return {
        "card": card.number,
        "host_region": host_region,
        "outcome": decision.outcome if decision else "recognised",
        "equivalent": decision.equivalent if decision else None,
        "reasons": [reason_words(r) for r in decision.reasons]
        if decision
        else [gettext("在发卡省（市）使用")],
        "services": services,
    }


def region_known(field: str, code: str) -> None:
    """Refuse a region code that is not a known division (422 naming ``field``)."""
    if not Region.objects.filter(code=code).exists():
        raise InvalidInput.one(
            field, "unknown_region", gettext("未知区划代码 %(code)s") % {"code": code}
        )


def delivery_counts(*, region: str | None = None) -> list[dict[str, Any]]:
    """Card-service deliveries (人才服务人次) per region and month, counted in the database;
    ``region`` narrows to that region and below. Aggregates only: public."""
    rows = ServiceDelivery.objects.all()
    if region:
        rows = rows.filter(region__code__startswith=region_prefix(region))
    counted = (
        rows.annotate(month=TruncMonth("delivered_on"))
        .values("region_id", "month")
        .annotate(n=Count("id"))
        .order_by("month", "region_id")
    )
    return [
        {"region": r["region_id"], "month": r["month"].strftime("%Y-%m"), "deliveries": r["n"]}
        for r in counted
    ]


def signing_keys() -> QuerySet[SigningKey]:
    """Every signing key ever used, retired ones too: what they signed stays verifiable."""
    return SigningKey.objects.all()


def region_names(codes: Iterable[str | None]) -> dict[str, str]:
    """Names of the divisions with these codes, in one query (an unknown code is absent)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


@dataclass(frozen=True)
class CredentialSummary:
    """What a verifier of a genuine decision may read of the credential it decides on: the
    holder masked, what the credential is, who issued it."""

    kind: str
    holder: str
    series: str | None
    level: str | None
    card_class: str | None
    issuer: str
    issuing_region: str
    issued_on: dt.date | None
    expires_on: dt.date | None


def credential_summary(number: str) -> CredentialSummary | None:
    """The registered credential ``number``, masked, for the verify page; call it only for a
    document whose signature holds (a signed decision names its certificate already)."""
    found = credential_find(number)
    if found is None:
        return None
    c = found.credential
    return CredentialSummary(
        kind=found.kind,
        holder=found.holder_name
        if found.kind == "agency_licence"
        else mask_name(found.holder_name),
        series=c.series,
        level=c.level,
        card_class=c.card_class,
        issuer=found.issuer,
        issuing_region=c.issuing_region,
        issued_on=c.issued_on,
        expires_on=c.expires_on,
    )


# --- a rule's reasons in the reader's language ---

#: A reason stored before reasons were Chinese only: "中文 (english)".
_BILINGUAL = re.compile(r"^(?P<zh>.+?)\s*\((?P<en>[ -~]*)\)$")
#: The rules' reasons that carry a name, a date or a scope key, reworded whole.
_OUT_OF_SCOPE = re.compile(r"^《(?P<name>[^》]+)》不含此类证书（(?P<key>\w+)）")
_NOT_YET = re.compile(r"^《(?P<name>[^》]+)》自 (?P<date>[\d-]+) 起施行")
#: ``rules._in_scope``'s keys: what of the credential an agreement does not cover.
SCOPE_KEYS = {
    "kind": gettext_lazy("证书类型"),
    "series": gettext_lazy("职称系列"),
    "levels": gettext_lazy("等级"),
    "card_classes": gettext_lazy("人才卡类别"),
    "purposes": gettext_lazy("用途"),
}


def _template_pattern(template: str) -> re.Pattern[str]:
    """``证书已于 %(date)s 失效`` → a pattern that finds ``date`` in a filled reason."""
    parts = re.split(r"%\((\w+)\)s", template)
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    )


_TEMPLATES = [(template, _template_pattern(template)) for template in rules.TEMPLATES]


def reason_words(reason: str) -> str:
    """A rule's reason, written in Chinese by ``rules.recognise`` (values filled in), in the
    reader's language: a reason with values is matched to its template, which is translated
    and filled again; a scope key (``kind``, ``levels`` …) becomes its name."""
    if match := _BILINGUAL.match(reason):
        reason = match["zh"]
    if match := _OUT_OF_SCOPE.match(reason):
        what = SCOPE_KEYS.get(match["key"], match["key"])
        return gettext("《%(name)s》不适用于此类证书（%(what)s不在协议范围内）") % {
            "name": match["name"],
            "what": what,
        }
    if match := _NOT_YET.match(reason):
        return gettext("《%(name)s》自 %(date)s 起施行，当日尚未生效") % dict(match.groupdict())
    for template, pattern in _TEMPLATES:
        if match := pattern.fullmatch(reason):
            return gettext(template) % match.groupdict()
    return gettext(reason)
