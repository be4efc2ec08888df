"""``occupations.csv``: the whole 职业分类大典 (2022), its published totals and its structure."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bashu.core.models import Occupation

FILE = Path(__file__).resolve().parents[1] / "data" / "occupations.csv"

#: 8 大类, 79 中类, 450 小类, 1,639 细类(职业): the totals 人社部 published with the 2022
#: edition (2022-09-28; 搜狐 summary of the release: "2022年版《大典》职业分类为8个大类、
#: 79个中类、450个小类、1639个细类(职业)和2967个工种", and "净增158个新职业" on the 2015
#: edition's 1,481). The issue's 1,636 is not a published total (docs/reference-data.md).
TOTALS = {"major": 8, "medium": 79, "minor": 450, "detailed": 1639}

#: By major group, (中类, 小类, 细类), as counted in the structured extraction of the book
#: (GitHub solisamicus/occstructor, exports/occupations_tree_20250918_032621.json). No
#: stored copy of the book's own per-group table was found; these add up to the published
#: totals above, and major 7 (军队人员: 7-01 军官（警官）… 7-04 文职人员, one minor and one
#: detailed each) and 8 (8-00-00-00) follow the edition's text.
BY_MAJOR = {
    "1": (6, 16, 25),
    "2": (11, 125, 492),
    "3": (4, 12, 36),
    "4": (15, 96, 356),
    "5": (6, 24, 54),
    "6": (32, 172, 671),
    "7": (4, 4, 4),
    "8": (1, 1, 1),
}
LEVELS = ("major", "medium", "minor", "detailed")


def rows() -> list[dict[str, str]]:
    with FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_by_major_figures_add_up_to_the_published_totals() -> None:
    for index, level in enumerate(("medium", "minor", "detailed")):
        assert sum(counts[index] for counts in BY_MAJOR.values()) == TOTALS[level]
    assert len(BY_MAJOR) == TOTALS["major"]


def test_the_file_has_the_published_totals() -> None:
    assert Counter(row["level"] for row in rows()) == TOTALS


def test_each_major_group_has_its_medium_minor_and_detailed_counts() -> None:
    counted = Counter((row["code"][0], row["level"]) for row in rows())
    for major, expected in BY_MAJOR.items():
        assert (
            counted[major, "medium"],
            counted[major, "minor"],
            counted[major, "detailed"],
        ) == expected, major


def test_codes_are_unique_and_every_parent_is_present_and_a_prefix() -> None:
    table = rows()
    codes = [row["code"] for row in table]
    assert len(codes) == len(set(codes))
    by_code = {row["code"]: row for row in table}
    for row in table:
        depth = row["code"].count("-")
        assert row["level"] == LEVELS[depth], row
        if depth == 0:
            assert row["parent_code"] == "", row
            continue
        parent = by_code.get(row["parent_code"])
        assert parent is not None, row
        assert row["code"].rsplit("-", 1)[0] == parent["code"], row
        assert LEVELS.index(parent["level"]) == depth - 1, row


def test_only_the_residual_groups_have_no_occupation() -> None:
    """The 2022 edition keeps ``其他……`` groups (``2-02-99``, ``2-99-00``) without detailed
    occupations of their own; every other minor group has at least one."""
    table = rows()
    with_children = {row["parent_code"] for row in table if row["level"] == "detailed"}
    empty = {row["code"] for row in table if row["level"] == "minor"} - with_children
    assert empty == {
        row["code"]
        for row in table
        if row["level"] == "minor" and (row["code"].endswith("-99") or row["code"][2:4] == "99")
    }
    assert all(
        row["code"] in empty
        for row in table
        if row["level"] == "minor" and row["name"].startswith("其他")
    )


def test_names_are_trimmed_with_full_width_parentheses() -> None:
    for row in rows():
        assert row["name"] == row["name"].strip() and row["name"], row
        assert "(" not in row["name"] and ")" not in row["name"], row
    assert {r["code"]: r["name"] for r in rows()}["7-01"] == "军官（警官）"


@pytest.mark.django_db
def test_migrate_leaves_the_whole_classification_in_the_database() -> None:
    assert Counter(Occupation.objects.values_list("level", flat=True)) == TOTALS
    counted = Counter(
        (code[0], level) for code, level in Occupation.objects.values_list("code", "level")
    )
    assert {
        major: (counted[major, "medium"], counted[major, "minor"], counted[major, "detailed"])
        for major in BY_MAJOR
    } == BY_MAJOR
    assert Occupation.objects.get(code="6-18-02-04").parent_id == "6-18-02"  # 焊工


@pytest.mark.django_db
def test_the_load_adds_missing_rows_and_keeps_codes_in_use() -> None:
    """An existing database with the earlier 288 rows: loading again adds the rest and
    deletes nothing, so a code no longer in the file (a record may point at it) stays."""
    from bashu.core.reference import load_reference

    Occupation.objects.create(code="9", name="已停用的旧代码", level="major")
    Occupation.objects.filter(code__startswith="3-03-01-").delete()
    report = load_reference()
    assert report.created["occupation"] == 3  # 3-03-01-01 … 3-03-01-03
    assert report.stale["occupation"] == ["9"]
    assert Occupation.objects.filter(code="9").exists()
    assert Occupation.objects.filter(code__startswith="3-03-01-").count() == 3
    assert sum(load_reference().created.values()) == 0
