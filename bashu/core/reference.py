"""Loading the shipped reference files (``bashu/core/data/*.csv``) into the database.

Used by the data migration (so ``bashu migrate`` alone gives all reference data) and by
``bashu load_reference`` after a file changes. Loading is idempotent: rows are inserted or
updated to equal the files; rows no longer in a file are left in place (records may point
at them) and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bashu.core.loaders import data_file_load

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of a shipped file, checked against its model (``bashu.core.loaders``)."""
    rows: list[dict[str, str]] = data_file_load(DATA_DIR / name)
    return rows


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    stale: dict[str, list[str]] = field(default_factory=dict)


def _sync(model: Any, key: str, rows: Iterable[dict[str, Any]], report: LoadReport) -> None:
    """Insert or update ``model``'s rows to equal ``rows``. A column the model does not have
    yet is left out: an early migration loads with the tables as they were then, and the
    migration that adds the column loads again."""
    label = model._meta.model_name
    columns = {f.attname for f in model._meta.concrete_fields}
    rows = ({k: v for k, v in values.items() if k in columns} for values in rows)
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    created = updated = 0
    seen: set[Any] = set()
    for values in rows:
        pk = values[key]
        seen.add(pk)
        obj = existing.get(pk)
        if obj is None:
            model.objects.create(**values)
            created += 1
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            updated += 1
    report.created[label] = created
    report.updated[label] = updated
    report.stale[label] = sorted(str(pk) for pk in existing if pk not in seen)


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def load_reference(apps: Any = None) -> LoadReport:
    """Make the reference tables equal to the shipped files.

    ``apps`` is the migration state's app registry when called from a migration.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    get = apps.get_model
    report = LoadReport()

    # Sichuan and Chongqing in full; other provinces at province level only, for records
    # pointing outside the circle (a household registered elsewhere, a graduate's destination).
    spelling = {(r["table"], r["code"]): r for r in read_rows("pinyin_initials.csv")}
    blank = {"initials": "", "pinyin": ""}
    regions = sorted(
        read_rows("regions.csv") + read_rows("regions_other_provinces.csv"), key=lambda r: r["code"]
    )
    _sync(
        get("core", "Region"),
        "code",
        (
            {
                "code": r["code"],
                "name": r["name"],
                "level": r["level"],
                "parent_id": r["parent_code"] or None,
                "longitude": _decimal(r["longitude"]),
                "latitude": _decimal(r["latitude"]),
                "initials": spelling.get(("region", r["code"]), blank)["initials"],
                "pinyin": spelling.get(("region", r["code"]), blank)["pinyin"],
            }
            for r in regions
        ),
        report,
    )
    for model_name, file_name in (
        ("Industry", "industries.csv"),
        ("Occupation", "occupations.csv"),
    ):
        table = model_name.lower()
        rows = read_rows(file_name)
        # Parents first: sections before divisions, shorter occupation codes before longer.
        rows.sort(key=lambda r: (bool(r["parent_code"]), len(r["code"]), r["code"]))
        _sync(
            get("core", model_name),
            "code",
            (
                {
                    "code": r["code"],
                    "name": r["name"],
                    "level": r["level"],
                    "parent_id": r["parent_code"] or None,
                    "initials": spelling.get((table, r["code"]), blank)["initials"],
                    "pinyin": spelling.get((table, r["code"]), blank)["pinyin"],
                    # Industries have English names, occupations not (yet): _sync leaves a
                    # column out where the table has none.
                    "name_en": r.get("name_en", ""),
                }
                for r in rows
            ),
            report,
        )
    _sync(
        get("core", "TitleSeries"),
        "code",
        (
            {"code": r["code"], "name": r["name"], "name_en": r["name_en"]}
            for r in read_rows("title_series.csv")
        ),
        report,
    )
    for model_name, file_name in (
        ("TitleLevel", "title_levels.csv"),
        ("SkillLevel", "skill_levels.csv"),
    ):
        _sync(
            get("core", model_name),
            "rank",
            (
                {"rank": int(r["rank"]), "name": r["name"], "name_en": r["name_en"]}
                for r in read_rows(file_name)
            ),
            report,
        )
    _sync(
        get("core", "EducationLevel"),
        "code",
        (
            {"code": r["code"], "name": r["name"], "name_en": r["name_en"], "rank": int(r["rank"])}
            for r in read_rows("education_levels.csv")
        ),
        report,
    )
    from bashu.core.selectors import current_area_codes

    current_area_codes.cache_clear()
    return report
