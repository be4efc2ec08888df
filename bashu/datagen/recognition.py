"""Synthetic recognition data: talent cards, recognition decisions, service deliveries and the
expert pool, calibrated to seeds 000, 001 and 002. One stage, after the persons."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from bashu.datagen.models import GenerationRun
from bashu.datagen.plan import Plan, assumptions, published_figures
from bashu.datagen.writer import bulk_insert
from bashu.people.models import Employer, Person
from bashu.recognition.models import CardService, Expert, ExpertTeam, TalentCard
from bashu.recognition.numbers import credential_number_new

FIELDS = ("职业指导", "创业指导", "技能培训", "人力资源管理", "就业政策")


def generate_recognition(plan: Plan, run: GenerationRun, *, today: dt.date) -> dict[str, int]:
    """Once per run (a failure rolls the stage back and the next run repeats it)."""
    if run.recognition_done:
        return {}
    rng = random.Random(f"{plan.seed}:recognition")
    figures, assume = published_figures(), assumptions()
    s = plan.scale
    counts: dict[str, int] = {}
    with transaction.atomic():
        people = Person.objects.filter(id__gte=run.person_id_base).order_by("id")
        cq_n = round(figures["cq_card_holders"].value * s)
        sc_n = round(assume["sc_card_holders_at_full_scale"] * s)
        recognised_n = round(figures["recognised_card_holders"].value * s)
        cq_people = list(
            people.filter(region__code__startswith="50").values_list("id", flat=True)[: cq_n * 3]
        )
        sc_people = list(
            people.filter(region__code__startswith="51").values_list("id", flat=True)[: sc_n * 3]
        )
        cards = []
        # Card numbers from a stream of their own (bashu.recognition.numbers): not sequential.
        numbers = random.Random(f"{plan.seed}:card-numbers")
        for programme, province, pool, n in (
            ("chongqing", "500000", cq_people, cq_n),
            ("tianfu", "510000", sc_people, sc_n),
        ):
            for person_id in rng.sample(pool, min(n, len(pool))):
                issued = today - dt.timedelta(days=rng.randrange(1, 5 * 365))
                cards.append(
                    (
                        person_id,
                        programme,
                        rng.choice("AABBBCCCC"),
                        province,
                        credential_number_new(kind="talent_card", region=province, rng=numbers),
                        issued,
                        issued + dt.timedelta(days=5 * 365),
                        "valid",
                        "",
                    )
                )
        counts["talent_cards"] = bulk_insert(
            TalentCard._meta.db_table,
            (
                "person_id",
                "programme",
                "card_class",
                "region_id",
                "number",
                "issued_on",
                "expires_on",
                "status",
                "revocation_reason",
            ),
            cards,
        )
        # Recognition decisions in the other province for the calibrated number of holders.
        valid = list(
            TalentCard.objects.filter(person_id__gte=run.person_id_base, expires_on__gte=today)
            .order_by("id")
            .values_list("number", "region_id", "card_class")
        )
        chosen = rng.sample(valid, min(recognised_n, len(valid)))
        decisions = []
        for number, region, card_class in chosen:
            host = "510104" if region == "500000" else "500103"
            equivalent = (
                "天府英才卡" if host.startswith("51") else "新重庆人才卡（重庆英才服务卡）"
            ) + f"{card_class}卡"
            decisions.append(
                (
                    "talent_card",
                    number,
                    host,
                    today,
                    "recognised_as",
                    equivalent,
                    "talent-cards",
                    "3",
                    '["依据《“天府英才卡”与“新重庆人才卡”（重庆英才服务卡）高层次人才互认》第3条 (under clause 3)"]',
                    timezone.now(),
                )
            )
        counts["recognition_decisions"] = bulk_insert(
            "recognition_recognitiondecision",
            (
                "kind",
                "certificate_number",
                "host_region_id",
                "on_date",
                "outcome",
                "equivalent",
                "agreement_id",
                "clause_id",
                "reasons",
                "decided_at",
            ),
            decisions,
        )
        # Service deliveries in Chongqing, to Chongqing cards, over the last 12 months.
        deliveries_n = round(figures["cq_card_service_deliveries"].value * s)
        cq_cards = list(
            TalentCard.objects.filter(programme="chongqing", person_id__gte=run.person_id_base)
            .order_by("id")
            .values_list("id", "card_class")
        )
        services = list(
            CardService.objects.filter(region_id="500000").values_list("code", "classes")
        )
        counties = ["500103", "500105", "500106", "500107", "500108", "500112", "500113"]
        rows = []
        for _ in range(deliveries_n if cq_cards else 0):
            card_id, card_class = rng.choice(cq_cards)
            allowed = [code for code, classes in services if card_class in classes.split(";")]
            rows.append(
                (
                    card_id,
                    rng.choice(allowed),
                    rng.choice(counties),
                    today - dt.timedelta(days=rng.randrange(365)),
                )
            )
        counts["card_service_deliveries"] = bulk_insert(
            "recognition_servicedelivery",
            ("card_id", "service_id", "region_id", "delivered_on"),
            rows,
        )
        # The career-guidance expert pool: both provinces, some tied to an employer.
        experts_n = int(assume["experts_in_pool"])
        candidates = list(
            people.filter(education__rank__gte=5).values_list("id", "region_id")[: experts_n * 4]
        )
        employers = list(
            Employer.objects.filter(id__gte=run.employer_id_base).values_list("id", flat=True)[
                :5000
            ]
        )
        teams = [
            ExpertTeam.objects.create(
                name=f"{'四川省' if i % 2 else '重庆市'}专家服务团第{i + 1}团",
                region_id="510000" if i % 2 else "500000",
            )
            for i in range(10)
        ]
        experts = []
        half = experts_n // 2
        for province in ("50", "51"):
            local = [c for c in candidates if c[1].startswith(province)]
            for person_id, region in rng.sample(local, min(half, len(local))):
                expert = Expert(
                    person_id=person_id,
                    region_id=region,
                    fields=rng.sample(FIELDS, k=rng.randint(1, 3)),
                    employer_id=rng.choice(employers) if employers and rng.random() < 0.7 else None,
                )
                experts.append(expert)
        Expert.objects.bulk_create(experts, batch_size=1000)
        for expert in Expert.objects.filter(person_id__in=[e.person_id for e in experts]):
            expert.teams.add(rng.choice(teams))
        counts["experts"] = len(experts)
        GenerationRun.objects.filter(pk=run.pk).update(recognition_done=True)
    return counts
