#!/usr/bin/env python3
"""Rebuild ``bashu/core/data/occupations.csv`` (职业分类大典 2022) from a structured extraction.

The source is the tree JSON of GitHub ``solisamicus/occstructor``
(``exports/occupations_tree_20250918_032621.json``, blob 3165252a81b9, commit 5885faa5350a):
nodes ``{"seq": "2-02-10-03", "name": ..., "level": 1..4, "children": [...]}``. Bring it with
``git --git-dir=<mirror> show HEAD:exports/occupations_tree_20250918_032621.json > tree.json``;
this script reads the file it is given and never downloads anything::

    .venv/bin/python scripts/reference_occupations.py tree.json
    .venv/bin/python scripts/reference_occupations.py tree.json --check

Rules, so a rerun gives the same file:

* every node of the source becomes a row; a code already in ``occupations.csv`` keeps the
  name written there (those rows were checked by hand), and each name that differs from the
  source is printed, so docs/reference-data.md can list it;
* a row in ``occupations.csv`` that the source lacks is kept (records may point at it) and
  printed;
* half-width parentheses become full-width ones, as the printed book has them (the OCR gave
  ``管理(工业)工程技术人员``);
* the structure is refused unless codes are unique, the level matches the code's depth,
  every parent is present and every code starts with its parent's code.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "bashu" / "core" / "data" / "occupations.csv"
LEVELS = {1: "major", 2: "medium", 3: "minor", 4: "detailed"}
FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})


def source_rows(tree: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """code → (name, level, parent code) of every node in the extraction's tree."""
    rows: dict[str, tuple[str, str, str]] = {}

    def walk(node: dict[str, Any], parent: str) -> None:
        code = str(node["seq"]).strip()
        if code in rows:
            raise ValueError(f"{code}: twice in the source")
        name = str(node["name"]).strip().translate(FULL_WIDTH)
        rows[code] = (name, LEVELS[int(node["level"])], parent)
        for child in node.get("children") or []:
            walk(child, code)

    for major in tree["data"]:
        walk(major, "")
    return rows


def code_key(code: str) -> tuple[int, ...]:
    """Depth-first order: ``2`` < ``2-02`` < ``2-02-07`` < ``2-02-07-01`` < ``2-02-10``."""
    return tuple(int(part) for part in code.split("-"))


def structure_errors(rows: dict[str, tuple[str, str, str]]) -> list[str]:
    errors = []
    for code, (name, level, parent) in rows.items():
        depth = code.count("-") + 1
        if LEVELS.get(depth) != level:
            errors.append(f"{code}: level {level} but {depth} segments")
        if not name:
            errors.append(f"{code}: no name")
        if depth == 1:
            if parent:
                errors.append(f"{code}: a major group with parent {parent}")
        elif parent not in rows:
            errors.append(f"{code}: parent {parent!r} missing")
        elif code.rsplit("-", 1)[0] != parent:
            errors.append(f"{code}: does not start with its parent {parent}")
    return errors


def merged(
    source: dict[str, tuple[str, str, str]], ours: list[dict[str, str]]
) -> tuple[dict[str, tuple[str, str, str]], list[str]]:
    """The source's rows with our names kept, and the notes on every difference."""
    rows = dict(source)
    notes = []
    for row in ours:
        code = row["code"]
        kept = (row["name"], row["level"], row["parent_code"])
        if code not in source:
            notes.append(f"{code} {row['name']}: not in the source, kept")
        elif source[code] != kept:
            notes.append(f"{code}: ours {kept}, source {source[code]}; ours kept")
        rows[code] = kept
    return rows, notes


def rendered(rows: dict[str, tuple[str, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent_code"])
    for code in sorted(rows, key=code_key):
        name, level, parent = rows[code]
        writer.writerow([code, name, level, parent])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the occstructor tree JSON")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    source = source_rows(json.loads(args.source.read_text(encoding="utf-8")))
    ours: list[dict[str, str]] = []
    if OUT.exists():
        with OUT.open(encoding="utf-8", newline="") as f:
            ours = list(csv.DictReader(f))
    rows, notes = merged(source, ours)
    for note in notes:
        print(note, file=sys.stderr)
    errors = structure_errors(rows)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    counts = Counter((code[0], level) for code, (_, level, _) in rows.items())
    for major in sorted({code[0] for code in rows}):
        print(
            major,
            *(f"{level} {counts[major, level]}" for level in ("medium", "minor", "detailed")),
        )
    print("total", *(f"{v} {k}" for k, v in Counter(r[1] for r in rows.values()).items()))
    text = rendered(rows)
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is not what the source gives", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
