"""Reads of reference data (参考数据查询)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeVar

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language, gettext, gettext_noop

from bashu.core.english import occupation_words_for
from bashu.core.models import Industry, Occupation, Region

M = TypeVar("M", Region, Industry, Occupation)


#: The two provinces by the names the portal translates (Sichuan, Chongqing on English pages);
#: smaller places keep their Chinese names, as data.
PROVINCE_NAMES = {"510000": gettext_noop("四川省"), "500000": gettext_noop("重庆市")}


def province_name(code: str) -> str | None:
    """``510000`` → 四川省 (Sichuan on English pages); None for any other code."""
    name = PROVINCE_NAMES.get(code)
    return gettext(name) if name else None


def localized_name(row: object) -> str:
    """A reference row's name in the reader's language (名称): ``name_en`` on English pages
    when the row has one (学历, 职称系列和层级, 技能等级, 行业), else ``name``; "" for None."""
    if row is None:
        return ""
    english = getattr(row, "name_en", "")
    if english and (get_language() or "").startswith("en"):
        return str(english)
    return str(getattr(row, "name", row))


#: English words a reader may add to a place's pinyin ("Qingbaijiang District").
_ENGLISH_SUFFIXES = re.compile(r"(district|county|city|province|municipality|prefecture)$")


def _has_english(model: type[M]) -> bool:
    return any(f.name == "name_en" for f in model._meta.get_fields())


def _search(rows: QuerySet[M], q: str) -> QuerySet[M]:
    """A picker's search: the name contains ``q`` (青白江 finds 青白江区), the code starts with
    it (5101 finds Chengdu's divisions) or, for Latin letters, the pinyin initials or the
    whole pinyin do (``qbj``, ``qingbaijiang`` or "Qingbaijiang District" find 青白江区), and
    where the table has English names, the English name contains it in any case
    ("manufacturing" finds 制造业); an exact name first, then names (or spellings) that start
    with ``q``, then the rest, each by code."""
    q = q.strip()
    letters = ""
    if q.isascii() and re.fullmatch(r"[A-Za-z][A-Za-z\s'-]*", q):
        letters = _ENGLISH_SUFFIXES.sub("", re.sub(r"[\s'-]", "", q.lower())) or q.lower()
    found = Q(name__contains=q) | Q(code__startswith=q)
    first = [When(name=q, then=Value(0)), When(code=q, then=Value(0))]
    then = [When(name__startswith=q, then=Value(1))]
    if letters:
        found |= Q(initials__startswith=letters) | Q(pinyin__startswith=letters)
        first.append(When(initials=letters, then=Value(0)))
        if rows.model is Occupation:  # an English job word: the names it means (welder → 焊工)
            for word in occupation_words_for(letters, prefix=True):
                found |= Q(name__contains=word)
                then.append(When(name=word, then=Value(0)))
                then.append(When(name__endswith=word, then=Value(1)))
    if q.isascii() and re.search(r"[A-Za-z]", q) and _has_english(rows.model):
        found |= Q(name_en__icontains=q)
        first.append(When(name_en__iexact=q, then=Value(0)))
        then.append(When(name_en__istartswith=q, then=Value(1)))
    match = Case(*first, *then, default=Value(2), output_field=IntegerField())
    return rows.filter(found).annotate(match=match).order_by("match", "code")


@lru_cache(maxsize=1)
def current_area_codes() -> frozenset[str]:
    """Current division codes of the economic circle, for identity-number area warnings."""
    return frozenset(Region.objects.filter(code__regex=r"^(50|51)").values_list("code", flat=True))


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_names(codes: set[str]) -> dict[str, str]:
    """code → name of the regions ``codes`` (unknown codes are left out)."""
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def prefectures_of(province: str) -> list[Region]:
    """The prefecture-level divisions of a province (``51``), by code."""
    return list(
        Region.objects.filter(level="prefecture", code__startswith=province).order_by("code")
    )


def county_centres() -> dict[str, tuple[float, float]]:
    """code → (longitude, latitude) of every county with known coordinates."""
    return {
        code: (float(str(lon)), float(str(lat)))
        for code, lon, lat in Region.objects.filter(
            level="county", longitude__isnull=False, latitude__isnull=False
        ).values_list("code", "longitude", "latitude")
    }


def region_list(
    *,
    parent: str | None = None,
    level: str | None = None,
    q: str | None = None,
    zone: bool | None = None,
) -> QuerySet[Region]:
    """Divisions, filtered by direct parent, level, a name fragment or code prefix (best
    match first) and membership of the circle (``zone=True``: Sichuan and Chongqing only);
    ordered by code."""
    regions = Region.objects.all()
    if zone is not None:
        in_zone = Region.objects.filter(code__regex=r"^(50|51)")
        regions = regions.filter(pk__in=in_zone) if zone else regions.exclude(pk__in=in_zone)
    if parent:
        regions = regions.filter(parent_id=parent)
    if level:
        regions = regions.filter(level=level)
    if q:
        return _search(regions, q)
    return regions.order_by("code")


def industry_list(
    *, parent: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Industry]:
    """Industries by direct parent, level and a name fragment or code prefix."""
    industries = Industry.objects.all()
    if parent:
        industries = industries.filter(parent_id=parent)
    if level:
        industries = industries.filter(level=level)
    if q:
        return _search(industries, q)
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
        return _search(occupations, q)
    return occupations.order_by("code")
