"""Names of title series and levels (系列、层级名称): ONE vocabulary for the register import and
the pre-check. Plain Python over the shipped data, no Django.

A person or a register writes 工程, 工程系列 or 工程技术人员; 中级职称 or 中级; a skill
certificate's 四级 or 中级工. Each resolves to the reference table's name
(``core/data/title_series.csv``, ``title_levels.csv``, ``skill_levels.csv``) through:

1. the canonical name or the series code (``engineering``);
2. an alias of ``recognition/data/vocabulary.csv`` (loaded by ``core.loaders``);
3. for a series, the one name that starts with what was written (two characters at least);
   a beginning shared by two series (工 → 工程技术人员? 工艺美术专业人员?) resolves to nothing.

What is ambiguous stays unknown: 高级 as a title level (副高级 or 正高级?) is refused, as the
register rules always did.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bashu.core.loaders import data_file_load

PACKAGE = Path(__file__).resolve().parent.parent
ALIASES = PACKAGE / "recognition" / "data" / "vocabulary.csv"

Table = Literal["series", "title_level", "skill_level"]

_FILES: dict[Table, str] = {
    "series": "title_series.csv",
    "title_level": "title_levels.csv",
    "skill_level": "skill_levels.csv",
}
#: Words people add that name nothing: 工程系列, 中级职称.
_SUFFIXES: dict[Table, tuple[str, ...]] = {
    "series": ("职称系列", "系列"),
    "title_level": ("职称",),
    "skill_level": ("证书", "职业技能等级"),
}


def _clean(text: str) -> str:
    """NFKC (full-width letters and spaces become plain), no white space at all."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@lru_cache(maxsize=1)
def _tables() -> dict[Table, tuple[tuple[str, ...], dict[str, str]]]:
    """Per table: the canonical names, and every accepted spelling → canonical name."""
    tables: dict[Table, tuple[tuple[str, ...], dict[str, str]]] = {}
    aliases = data_file_load(ALIASES)
    for table, file in _FILES.items():
        rows = data_file_load(PACKAGE / "core" / "data" / file)
        names = tuple(row["name"] for row in rows)
        lookup = {name: name for name in names}
        lookup.update({row["code"]: row["name"] for row in rows if "code" in row})
        for row in aliases:
            if row["kind"] != table:
                continue
            if row["name"] not in names:
                raise ValueError(f"{ALIASES.name}: {row['alias']} → {row['name']}: not a {table}")
            if lookup.get(row["alias"], row["name"]) != row["name"]:
                raise ValueError(f"{ALIASES.name}: {row['alias']} names two {table} entries")
            lookup[row["alias"]] = row["name"]
        tables[table] = (names, lookup)
    return tables


def name_of(table: Table, text: str | None) -> str | None:
    """The reference name ``text`` stands for in ``table``, or None when it names none (or
    more than one)."""
    cleaned = _clean(text or "")
    if not cleaned:
        return None
    names, lookup = _tables()[table]
    candidates = [cleaned]
    for suffix in _SUFFIXES[table]:
        if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
            candidates.append(cleaned[: -len(suffix)])
    for candidate in candidates:
        if candidate in lookup:
            return lookup[candidate]
    if table == "series":
        for candidate in candidates:
            starting = [n for n in names if len(candidate) >= 2 and n.startswith(candidate)]
            if len(starting) == 1:
                return starting[0]
    return None


def series_name(text: str | None) -> str | None:
    """职称系列: 工程 / 工程系列 / engineering → 工程技术人员."""
    return name_of("series", text)


def level_name(kind: str, text: str | None) -> str | None:
    """职称层级 for a title (中级职称 → 中级), 职业技能等级 for a skill (四级 → 中级工)."""
    return name_of("title_level" if kind == "title" else "skill_level", text)


@lru_cache(maxsize=3)
def _english(table: Table) -> dict[str, str]:
    rows = data_file_load(PACKAGE / "core" / "data" / _FILES[table])
    return {row["name"]: row["name_en"] for row in rows if row.get("name_en")}


def level_english(kind: str, name: str | None) -> str | None:
    """The reference table's English name of a level (中级 → Intermediate), for English pages."""
    return _english("title_level" if kind == "title" else "skill_level").get(name or "")


def series_english(name: str | None) -> str | None:
    """The English name of a title series (工程技术人员 → Engineers), for English pages."""
    return _english("series").get(name or "")
