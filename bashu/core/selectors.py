"""Reads of reference data (参考数据查询)."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import QuerySet

from bashu.core.models import Industry, Occupation, Region


@lru_cache(maxsize=1)
def current_area_codes() -> frozenset[str]:
    """Current division codes of the economic circle, for identity-number area warnings."""
    return frozenset(Region.objects.filter(code__regex=r"^(50|51)").values_list("code", flat=True))


def region_list(
    *,
    parent: str | None = None,
    level: str | None = None,
    q: str | None = None,
    zone: bool | None = None,
) -> QuerySet[Region]:
    """Divisions, filtered by direct parent, level, a name fragment and membership of the
    circle (``zone=True``: Sichuan and Chongqing only); ordered by code."""
    regions = Region.objects.all()
    if zone is not None:
        in_zone = Region.objects.filter(code__regex=r"^(50|51)")
        regions = regions.filter(pk__in=in_zone) if zone else regions.exclude(pk__in=in_zone)
    if parent:
        regions = regions.filter(parent_id=parent)
    if level:
        regions = regions.filter(level=level)
    if q:
        regions = regions.filter(name__contains=q)
    return regions.order_by("code")


def industry_list(*, parent: str | None = None, level: str | None = None) -> QuerySet[Industry]:
    industries = Industry.objects.all()
    if parent:
        industries = industries.filter(parent_id=parent)
    if level:
        industries = industries.filter(level=level)
    return industries.order_by("code")


def occupation_list(
    *, parent: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Occupation]:
    occupations = Occupation.objects.all()
    if parent:
        occupations = occupations.filter(parent_id=parent)
    if level:
        occupations = occupations.filter(level=level)
    if q:
        occupations = occupations.filter(name__contains=q)
    return occupations.order_by("code")
