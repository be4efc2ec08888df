"""Headline figures for the home page, read from the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from bashu.core.models import Region
from bashu.core.models.reference import RegionLevel
from bashu.jobs.models import EmploymentIntention, JobPosting
from bashu.people.models import Employer, EmploymentRegistration, Person


@dataclass(frozen=True)
class Headline:
    code: str
    name: str
    persons: int
    employers: int
    registrations: int
    open_registrations: int
    open_postings: int
    intentions: int


def headline_list() -> list[Headline]:
    """Per province, then per prefecture of Sichuan and Chongqing's whole: counts by owning region.

    Three grouped queries (one per table), not one per region.
    """

    def by_province(qs, field: str = "region_id") -> dict[str, int]:
        counts: dict[str, int] = {}
        for code, n in qs.values_list(field).annotate(n=Count("id")).values_list(field, "n"):
            counts[code[:2]] = counts.get(code[:2], 0) + n
        return counts

    persons = by_province(Person.objects.all())
    employers = by_province(Employer.objects.all())
    registrations = by_province(EmploymentRegistration.objects.all())
    open_regs = by_province(EmploymentRegistration.objects.filter(Q(end_date__isnull=True)))
    postings = by_province(
        JobPosting.objects.filter(
            status="open", close_date__gte=timezone.localdate(), duplicate_of__isnull=True
        )
    )
    intentions = by_province(EmploymentIntention.objects.all())
    rows = []
    for region in Region.objects.filter(
        level=RegionLevel.PROVINCE, code__in=["510000", "500000"]
    ).order_by("-code"):
        key = region.code[:2]
        rows.append(
            Headline(
                code=region.code,
                name=region.name,
                persons=persons.get(key, 0),
                employers=employers.get(key, 0),
                registrations=registrations.get(key, 0),
                open_registrations=open_regs.get(key, 0),
                open_postings=postings.get(key, 0),
                intentions=intentions.get(key, 0),
            )
        )
    return rows
