#!/usr/bin/env python3
"""Write ``bashu/core/data/pinyin_initials.csv``: the pinyin initials (拼音首字母) and the
whole pinyin of every region, industry and occupation name, so that the pickers find 青白江区
by ``qbj`` or ``qingbaijiang`` and 焊工 by ``hg`` or ``hangong``.

Developer-time tool: pypinyin is in the ``dev`` extra only; the portal reads the file this
writes (``bashu.core.reference``) and never imports pypinyin. Run it after a reference file's
names change; ``--check`` only compares (a test runs it, so a stale file fails the suite)::

    .venv/bin/python scripts/reference_initials.py
    .venv/bin/python scripts/reference_initials.py --check
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

DATA = Path(__file__).resolve().parent.parent / "bashu" / "core" / "data"
TABLES = {
    "region": ("regions.csv", "regions_other_provinces.csv"),
    "industry": ("industries.csv",),
    "occupation": ("occupations.csv",),
}
OUT = DATA / "pinyin_initials.csv"


def initials(name: str) -> str:
    """The first letter of each character's reading, lower case; punctuation and other
    marks left out (农、林、牧、渔业 → ``nlmyy``). A word's usual reading decides a
    polyphone (重庆 → ``cq``, 长寿 → ``cs``)."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(ch for ch in "".join(letters).lower() if ch.isascii() and ch.isalnum())


def spelled(name: str) -> str:
    """The whole reading without tones or spaces, lower case (青白江区 → ``qingbaijiangqu``,
    重庆市 → ``chongqingshi``): what a person who reads no Chinese types from a map."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    return "".join(ch for ch in "".join(syllables).lower() if ch.isascii() and ch.isalnum())


def rendered() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "code", "initials", "pinyin"])
    for table, files in TABLES.items():
        rows: list[tuple[str, str]] = []
        for file_name in files:
            with (DATA / file_name).open(encoding="utf-8", newline="") as f:
                rows += [(r["code"], r["name"]) for r in csv.DictReader(f)]
        for code, name in sorted(rows):
            writer.writerow([table, code, initials(name), spelled(name)])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    text = rendered()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run scripts/reference_initials.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
