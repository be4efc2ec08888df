"""Measuring the generated data against the published figures (docs/calibration.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from bashu.datagen.plan import published_figures
from bashu.people.models import EmploymentRegistration, GraduateOutcome, Person
from bashu.recognition.models import ProfessionalTitle, SkillCertificate


@dataclass(frozen=True)
class Measured:
    key: str
    published: float
    generated: float
    unit: str
    seed: str
    quote: str

    @property
    def deviation(self) -> float:
        return abs(self.generated - self.published) / self.published if self.published else 0.0


def _share(graduate_region: str, destination_prefix: str) -> float:
    employed = GraduateOutcome.objects.filter(
        graduation_year=2020, region__code__startswith=graduate_region, status="employed"
    )
    total = employed.count()
    return (
        employed.filter(destination__code__startswith=destination_prefix).count() / total
        if total
        else 0.0
    )


def calibration_measure(*, scale: float, jobs_scale: float | None = None) -> list[Measured]:
    """Every published figure beside the value measured in the database (counts ÷ scale)."""
    has_registration = Exists(EmploymentRegistration.objects.filter(person=OuterRef("pk")))
    measured = {
        "labour_force": Person.objects.count() / scale,
        "migrant_workers": Person.objects.filter(household_type="rural")
        .filter(has_registration)
        .count()
        / scale,
        "titled_professionals": ProfessionalTitle.objects.values("person_id").distinct().count()
        / scale,
        "skilled_workers": SkillCertificate.objects.values("person_id").distinct().count() / scale,
        "sc_graduates_2020": GraduateOutcome.objects.filter(
            graduation_year=2020, region__code__startswith="51"
        ).count()
        / scale,
        "sc_graduates_in_province": _share("51", "51"),
        "sc_graduates_to_chongqing": _share("51", "50"),
        "cq_graduates_2020": GraduateOutcome.objects.filter(
            graduation_year=2020, region__code__startswith="50"
        ).count()
        / scale,
        "cq_graduates_local": _share("50", "50"),
        "cq_graduates_to_sichuan": _share("50", "51"),
    }
    measured.update(_jobs_measured(jobs_scale or scale))
    measured.update(_recognition_measured(scale))
    return [
        Measured(key, figure.value, measured[key], figure.unit, figure.seed, figure.quote)
        for key, figure in published_figures().items()
        if key in measured
    ]


def _jobs_measured(scale: float) -> dict[str, float]:
    """The job-zone figures (seed 002), when the job-zone stage has run."""
    from django.db.models import Sum

    from bashu.jobs.models import EmploymentIntention, JobPosting

    postings = JobPosting.objects.all()
    if not postings.exists():
        return {}
    cq2021 = postings.filter(region__code__startswith="50", open_date__year=2021)
    demand = cq2021.aggregate(n=Sum("headcount"))["n"] or 0

    def share(section: str) -> float:
        part = cq2021.filter(industry__parent_id=section).aggregate(n=Sum("headcount"))["n"] or 0
        return part / demand if demand else 0.0

    shared = postings.filter(shared_zone=True)
    return {
        "joint_postings": postings.count() / scale,
        "employment_intentions": EmploymentIntention.objects.count() / scale,
        "shared_zone_firms": shared.values("employer_id").distinct().count() / scale,
        "shared_zone_postings": shared.count() / scale,
        "cq_demand_2021": demand / scale,
        "cq_demand_2021_manufacturing": share("C"),
        "cq_demand_2021_resident_services": share("O"),
        "cq_demand_2021_wholesale_retail": share("F"),
    }


def calibration_markdown(rows: list[Measured], *, scale: float) -> str:
    def fmt(value: float, unit: str) -> str:
        return f"{value * 100:.2f}%" if unit.startswith("share") else f"{value:,.0f}"

    lines = [
        f"| figure | published | generated (scale {scale}, counts ÷ scale) | deviation | seed | quote |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| `{row.key}` | {fmt(row.published, row.unit)} | {fmt(row.generated, row.unit)} | "
            f"{row.deviation * 100:.2f}% | `{row.seed}` | {row.quote} |"
        )
    return "\n".join(lines)


def _recognition_measured(scale: float) -> dict[str, float]:
    """Talent cards and their services (seeds 000 and 001)."""
    from bashu.recognition.models import RecognitionDecision, ServiceDelivery, TalentCard

    if not TalentCard.objects.exists():
        return {}
    return {
        "cq_card_holders": TalentCard.objects.filter(programme="chongqing").count() / scale,
        "recognised_card_holders": RecognitionDecision.objects.filter(
            kind="talent_card", outcome="recognised_as"
        )
        .values("certificate_number")
        .distinct()
        .count()
        / scale,
        "cq_card_service_deliveries": ServiceDelivery.objects.filter(
            region__code__startswith="50"
        ).count()
        / scale,
    }
