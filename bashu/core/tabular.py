"""Reading issuers' and sites' files (表格导入): JSON Lines, CSV and xlsx, row by row.

Every reader yields ``(line number, row)`` so a report can name the line a person sees
when they open the file. A line that cannot be parsed becomes a row holding only
``"__error__"``; the importer reports it and goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any
from zipfile import BadZipFile

SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".xlsx")
ERROR = "__error__"


class UnsupportedFile(ValueError):
    """The file is not JSON Lines, CSV or xlsx."""


def suffix_of(name: str | None) -> str:
    """``"register.XLSX"`` → ``".xlsx"``; ``""`` when the name has no suffix."""
    name = name or ""
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def rows_read(
    source: Path | IO[bytes], *, suffix: str | None = None, aliases: Mapping[str, str] = {}
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs of a file; ``aliases`` renames columns (e.g. 证书编号 →
    certificate_number), so issuers' own headers are accepted."""
    if isinstance(source, Path):
        suffix = suffix or source.suffix
        with source.open("rb") as handle:
            yield from _rename(_read(handle, (suffix or "").lower()), aliases)
    else:
        yield from _rename(_read(source, (suffix or "").lower()), aliases)


def _rename(
    rows: Iterator[tuple[int, dict[str, Any]]], aliases: Mapping[str, str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, row in rows:
        yield number, {aliases.get(str(k).strip(), str(k).strip()): v for k, v in row.items()}


def _read(handle: IO[bytes], suffix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if suffix in (".jsonl", ".ndjson", ".json"):
        text = io.TextIOWrapper(handle, encoding="utf-8")
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, {ERROR: f"JSON 格式错误 (invalid JSON): {exc.msg}"}
                continue
            yield (
                number,
                row if isinstance(row, dict) else {ERROR: "每行须为一个对象 (one object per line)"},
            )
    elif suffix == ".csv":
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            for number, row in enumerate(csv.DictReader(text), start=2):
                yield number, dict(row)
        except UnicodeDecodeError:
            yield 0, {ERROR: "文件须为 UTF-8 编码 (the file must be UTF-8)"}
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(handle, read_only=True, data_only=True).active
        except (BadZipFile, KeyError, OSError, ValueError):
            yield 0, {ERROR: "无法读取 xlsx 文件 (not a readable xlsx file)"}
            return
        if sheet is None:
            return
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            if any(v not in (None, "") for v in values):
                yield number, dict(zip(header, values, strict=False))
    else:
        raise UnsupportedFile(
            f"不支持的文件类型 {suffix or '（无）'}：须为 .jsonl、.csv 或 .xlsx (unsupported file type)"
        )
