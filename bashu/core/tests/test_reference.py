"""Reference data as ``bashu migrate`` leaves it, and its read-only API."""

from __future__ import annotations

import pytest

from bashu.core.models import (
    EducationLevel,
    Industry,
    Occupation,
    Region,
    SkillLevel,
    TitleLevel,
    TitleSeries,
)
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_divisions_are_current() -> None:
    codes = set(Region.objects.values_list("code", flat=True))
    assert {"500105", "500112", "510117"} <= codes  # 江北区, 渝北区, 郫都区
    assert "510124" not in codes  # 郫县, abolished 2016
    assert Region.objects.get(code="510117").name == "郫都区"


def test_division_counts_and_hierarchy() -> None:
    assert Region.objects.filter(level="prefecture", code__startswith="51").count() == 21
    assert Region.objects.filter(level="county", code__startswith="51").count() == 183
    assert Region.objects.filter(level="county", code__startswith="50").count() == 38
    assert Region.objects.filter(level="province").count() == 34
    for region in Region.objects.filter(level="county"):
        assert region.parent is not None and region.code.startswith(region.parent.prefix)
    assert not Region.objects.filter(longitude__isnull=True).exists()
    zone = Region.objects.filter(code__regex=r"^(50|51)")
    assert all(97 < r.longitude < 111 and 26 < r.latitude < 35 for r in zone)


def test_classifications_and_levels() -> None:
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert Industry.objects.get(code="C").name == "制造业"
    assert Occupation.objects.filter(level="major").count() == 8
    assert Occupation.objects.filter(level="medium").count() == 79
    assert Occupation.objects.filter(level="detailed").count() >= 80
    assert list(TitleLevel.objects.values_list("name", flat=True)) == [
        "员级",
        "助理级",
        "中级",
        "副高级",
        "正高级",
    ]
    assert list(SkillLevel.objects.values_list("name", flat=True)) == [
        "学徒工",
        "初级工",
        "中级工",
        "高级工",
        "技师",
        "高级技师",
        "特级技师",
        "首席技师",
    ]
    assert TitleSeries.objects.filter(name="工程技术人员").exists()
    assert (
        EducationLevel.objects.get(code="bachelor").rank
        > EducationLevel.objects.get(code="junior_college").rank
    )


def test_reloading_reference_data_is_idempotent() -> None:
    from bashu.core.reference import load_reference

    report = load_reference()
    assert sum(report.created.values()) == 0 and sum(report.updated.values()) == 0


def test_regions_api_filters_by_parent_and_level() -> None:
    client = client_for(None)
    body = client.get("/api/v1/regions", {"parent": "510100"}).json()
    assert body["count"] == 20 and {r["code"] for r in body["results"]} >= {"510104", "510117"}
    counties = client.get("/api/v1/regions", {"parent": "500000", "level": "county"}).json()
    assert counties["count"] == 38
    provinces = client.get("/api/v1/regions", {"level": "province", "zone": "true"}).json()
    assert [r["name"] for r in provinces["results"]] == ["重庆市", "四川省"]
    region = client.get("/api/v1/regions/510117").json()
    assert region["parent"] == "510100" and region["longitude"] > 100


def test_regions_api_rejects_bad_level_naming_the_field() -> None:
    response = client_for(None).get("/api/v1/regions", {"level": "city"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"
    assert client_for(None).get("/api/v1/regions/999999").status_code == 404


def test_industry_and_occupation_api() -> None:
    client = client_for(None)
    assert client.get("/api/v1/industries", {"level": "section"}).json()["count"] == 20
    manufacturing = client.get("/api/v1/industries", {"parent": "C"}).json()
    assert manufacturing["count"] == 31  # divisions 13–43
    majors = client.get("/api/v1/occupations", {"level": "major"}).json()
    assert majors["count"] == 8
    assert client.get("/api/v1/occupations", {"parent": "2"}).json()["count"] > 0
    assert client.get("/api/v1/skill-levels").json()[0]["name"] == "学徒工"


def test_pickers_find_by_name_code_or_pinyin_initials() -> None:
    client = client_for(None)

    def codes(path: str, q: str, **params: str) -> list[str]:
        body = client.get(path, {"q": q, **params}).json()
        return [row["code"] for row in body["results"]]

    assert codes("/api/v1/regions", "青白江")[0] == "510113"
    assert codes("/api/v1/regions", "qbj")[0] == "510113"
    assert codes("/api/v1/regions", "QBJ")[0] == "510113"  # letters in any case
    assert "500115" in codes("/api/v1/regions", "csq")  # 长寿区: the polyphone read cháng
    assert codes("/api/v1/regions", "cq", level="province") == ["500000"]  # 重庆: chóng
    welders = codes("/api/v1/occupations", "hg", level="detailed")
    assert "6-18-02-04" in welders  # 焊工
    assert codes("/api/v1/industries", "zzy", level="section") == ["C"]  # 制造业
    region = client.get("/api/v1/regions", {"q": "qbjq"}).json()["results"][0]
    assert region["initials"] == "qbjq" and region["pinyin"] == "qingbaijiangqu"
    # the whole pinyin, as an English reader types a place from a map
    assert codes("/api/v1/regions", "qingbaijiang")[0] == "510113"
    assert codes("/api/v1/regions", "Qingbaijiang District")[0] == "510113"
    assert codes("/api/v1/regions", "Chengdu", level="prefecture") == ["510100"]
    assert codes("/api/v1/regions", "Chongqing", level="province") == ["500000"]
    assert "6-18-02-04" in codes("/api/v1/occupations", "hangong")
    # initials match only from their start, and only for letters
    assert "510113" not in codes("/api/v1/regions", "bjq")
    # an English job word, as the reader types it, finds the occupation it means first
    assert codes("/api/v1/occupations", "welder", level="detailed")[0] == "6-18-02-04"
    assert codes("/api/v1/occupations", "weld", level="detailed")[0] == "6-18-02-04"
    assert codes("/api/v1/occupations", "Electrician", level="detailed")[0].startswith("6-")


def test_every_english_job_word_names_part_of_a_detailed_occupation() -> None:
    from bashu.core.english import occupation_english, occupation_words_for

    names = list(Occupation.objects.filter(level="detailed").values_list("name", flat=True))
    words = occupation_english()
    assert len(words) >= 60
    assert [w for w, name in words.items() if not any(name in n for n in names)] == []
    assert occupation_words_for("welders") == ["焊工"]
    assert occupation_words_for("weld") == [] and occupation_words_for("weld", prefix=True)
    assert occupation_words_for("焊工") == occupation_words_for("ab") == []


def test_title_series_have_english_names() -> None:
    series = client_for(None).get("/api/v1/title-series").json()
    engineering = next(row for row in series if row["code"] == "engineering")
    assert engineering == {"code": "engineering", "name": "工程技术人员", "name_en": "Engineers"}
    assert all(row["name_en"] for row in series)


def test_the_shipped_initials_are_pypinyins() -> None:
    """``pinyin_initials.csv`` is what ``scripts/reference_initials.py`` writes from the
    reference files today: a renamed division without new initials fails here."""
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "scripts" / "reference_initials.py"
    main = runpy.run_path(str(script))["main"]
    assert main(["--check"]) == 0


def test_reference_selectors_name_places_and_their_centres() -> None:
    from django.utils import translation

    from bashu.core.selectors import county_centres, localized_name, prefectures_of, region_names

    # a missing row has no name; a row with an English name shows it on English pages only
    assert localized_name(None) == ""
    series = TitleSeries.objects.exclude(name_en="").first()
    assert series is not None
    with translation.override("en"):
        assert localized_name(series) == series.name_en
    with translation.override("zh-hans"):
        assert localized_name(series) == series.name
    # names of the codes asked for, unknown codes left out, nothing asked nothing read
    assert region_names({"510113", "999999"}) == {"510113": "青白江区"}
    assert region_names(set()) == {}
    # Sichuan's 21 prefectures in code order, Chengdu first
    prefectures = prefectures_of("51")
    assert len(prefectures) == 21 and prefectures[0].code == "510100"
    # county seats as (longitude, latitude) inside the two provinces' box
    centres = county_centres()
    lon, lat = centres["510113"]
    assert 97 < lon < 111 and 26 < lat < 35
    assert all(len(code) == 6 for code in centres)


def test_industries_have_english_names() -> None:
    """Every GB/T 4754 section and division has an English name that fits its column, shown
    through ``localized_name`` on English pages only; the pickers' answers (API and widget)
    name it in the reader's language and find it by English words."""
    from django.utils import translation

    from bashu.core.selectors import localized_name
    from bashu.core.widgets import IndustryPicker

    industries = list(Industry.objects.all())
    assert len(industries) == 117
    assert [i.code for i in industries if not i.name_en.strip() or len(i.name_en) > 64] == []
    manufacturing = Industry.objects.get(code="C")
    with translation.override("en"):
        assert localized_name(manufacturing) == "Manufacturing"
        assert IndustryPicker().name_of("65") == "Software and Information Technology Services"
    with translation.override("zh-hans"):
        assert localized_name(manufacturing) == "制造业"
        assert IndustryPicker().name_of("65") == "软件和信息技术服务业"

    def sections(q: str, language: str) -> list[dict[str, str]]:
        client = client_for(None)
        params = {"q": q, "level": "section"}
        body = client.get("/api/v1/industries", params, HTTP_ACCEPT_LANGUAGE=language).json()
        return [{k: row[k] for k in ("code", "name", "name_en")} for row in body["results"]]

    assert sections("manufacturing", "en")[0] == {
        "code": "C",
        "name": "Manufacturing",
        "name_en": "Manufacturing",
    }
    assert sections("制造", "zh-hans") == [
        {"code": "C", "name": "制造业", "name_en": "Manufacturing"}
    ]
    assert sections("zzy", "zh-hans")[0]["code"] == "C"  # pinyin initials still first
