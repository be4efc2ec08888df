"""Reading issuers' and sites' files (表格导入): JSON Lines, CSV and xlsx, row by row.

Every reader yields ``(line number, row)`` so a report can name the line a person sees
when they open the file. A row that cannot be used (a line that is not JSON, a cell longer
than ``MAX_CELL``) becomes a row holding only ``ERROR``, a ``{"field", "rule", "message"}``
that never quotes the cell; the importer reports it and goes on.

A file that cannot be read at all is refused whole, before its first row, with
``FileRefused`` naming the rule (``file_type``, ``max_size``, ``encoding``, ``xlsx``,
``xlsx_size``, ``max_rows``, ``max_columns``): one 422 (413 for size), not a report. The
limits are what a register or a feed needs and no more; an xlsx is read in openpyxl's
read-only (streaming) mode after its zip directory says how large it unpacks, so a small
file that inflates to gigabytes (a zip bomb) is refused unread.

Importing is written once too: ``rows_import`` drives an importer's ``load(row)`` over the
rows (each row in its own savepoint, committed alone or in batches with the importer's
checkpoint in the same transaction) and fills THE report, ``ImportReport``: rows created,
updated, unchanged (and revoked, for registers that withdraw records), and the rejected
rows with line, field and rule; and the rows taken in after a normalisation (a warning:
line, field, rule, and what was read and what it became). The report is streaming: it holds
counts and the first ``MAX_REPORTED`` rejections and warnings, never the rows, and never a
cell's content: a warning's ``from`` is only ever a value that matched a closed grammar or
vocabulary (``8-12K``, ``本科``, ``成都市武侯区``), so it cannot carry a person's data.
"""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core.errors import FieldError, InvalidInput

SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".xlsx")
ERROR = "__error__"

#: Largest file read (bytes): the API's upload limit (bashu.core.bounds.UPLOAD_MAX_BYTES).
MAX_FILE_BYTES = 10 * 2**20
#: Rows in one file, header excluded.
MAX_ROWS = 50_000
#: Characters in one cell (after conversion to text).
MAX_CELL = 2_000
#: Columns in one file.
MAX_COLUMNS = 100
#: What an xlsx may unpack to, all its parts together (bytes).
XLSX_MAX_UNPACKED = 64 * 2**20
#: Rejected rows listed in an import's report; the rest are counted.
MAX_REPORTED = 1000


class FileRefused(ValueError):
    """The whole file is refused: ``rule`` names why (422, or 413 for ``max_size``)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message
        self.status = 413 if rule == "max_size" else 422


class UnsupportedFile(FileRefused):
    """The file is not JSON Lines, CSV or xlsx."""

    def __init__(self, message: str) -> None:
        super().__init__("file_type", message)


class FileTooLarge(InvalidInput):
    """An upload over the size limit (HTTP 413)."""

    status = 413
    default_message = gettext_noop("文件过大")


def file_refused(exc: FileRefused) -> InvalidInput:
    """The API's and the pages' answer to a refused file: field ``file``, the file's rule."""
    kind = FileTooLarge if exc.status == 413 else InvalidInput
    return kind([FieldError("file", exc.rule, exc.message)])


def upload_check(size: int | None) -> None:
    """Refuse an upload larger than ``MAX_FILE_BYTES`` before it is read."""
    if (size or 0) > MAX_FILE_BYTES:
        raise file_refused(
            FileRefused("max_size", _("文件超过 %(n)d 字节") % {"n": MAX_FILE_BYTES})
        )


def suffix_of(name: str | None) -> str:
    """``"register.XLSX"`` → ``".xlsx"``; ``""`` when the name has no suffix."""
    name = name or ""
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def row_error(row: Mapping[str, Any]) -> dict[str, str] | None:
    """The reader's refusal of a row as ``{"field", "rule", "message"}``, or ``None``."""
    error = row.get(ERROR)
    if error is None:
        return None
    if isinstance(error, dict):
        return {k: str(error.get(k, "")) for k in ("field", "rule", "message")}
    return {"field": "line", "rule": "format", "message": str(error)}


#: Candidates an error may list (an ambiguous name's reference codes), at most.
MAX_CANDIDATES = 10


def _reason(error: Mapping[str, Any]) -> dict[str, Any]:
    """A rejection's reason as the report keeps it: field and rule, and the reference codes
    an ambiguous value could stand for (``candidates``) when the importer gives them; never
    the message, which may quote the cell."""
    reason: dict[str, Any] = {"field": str(error["field"]), "rule": str(error["rule"])}
    candidates = error.get("candidates")
    if candidates:
        reason["candidates"] = [str(c)[:32] for c in list(candidates)[:MAX_CANDIDATES]]
    return reason


@dataclass
class Rejections:
    """The rows an import refused, as its report gives them: the first ``MAX_REPORTED``
    listed with their line, field and rule (never a cell's content: a report may hold any
    number of other people's data), all of them counted, and counted per rule."""

    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_count: int = 0
    rejected_rules: dict[str, int] = field(default_factory=dict)

    def reject(self, line: int, errors: Iterable[Mapping[str, Any]]) -> None:
        reasons = [_reason(e) for e in errors]
        self.rejected_count += 1
        for reason in reasons:
            self.rejected_rules[reason["rule"]] = self.rejected_rules.get(reason["rule"], 0) + 1
        if len(self.rejected) < MAX_REPORTED:
            self.rejected.append({"line": line, "errors": reasons})

    def rejections(self) -> dict[str, Any]:
        return {
            "rejected": self.rejected,
            "rejected_count": self.rejected_count,
            "rejected_rules": dict(sorted(self.rejected_rules.items())),
        }


#: Longest ``from`` / ``to`` a warning keeps (characters); longer is cut.
MAX_WARNING_VALUE = 64


@dataclass
class Warnings:
    """The rows an import took in after normalising a value (规范化提示): the first
    ``MAX_REPORTED`` listed with their line and, per value, field, rule, ``from`` (what the
    row said) and ``to`` (what was stored); all of them counted, and counted per rule. An
    importer passes only values read through a closed grammar or vocabulary as ``from``."""

    warned: list[dict[str, Any]] = field(default_factory=list)
    warned_count: int = 0
    warning_rules: dict[str, int] = field(default_factory=dict)

    def warn(self, line: int, warnings: Iterable[Mapping[str, Any]]) -> None:
        listed = [
            {
                "field": str(w["field"]),
                "rule": str(w["rule"]),
                "from": str(w.get("from", ""))[:MAX_WARNING_VALUE],
                "to": str(w.get("to", ""))[:MAX_WARNING_VALUE],
            }
            for w in warnings
        ]
        if not listed:
            return
        self.warned_count += 1
        for warning in listed:
            self.warning_rules[warning["rule"]] = self.warning_rules.get(warning["rule"], 0) + 1
        if len(self.warned) < MAX_REPORTED:
            self.warned.append({"line": line, "warnings": listed})

    def warnings(self) -> dict[str, Any]:
        return {
            "warned": self.warned,
            "warned_count": self.warned_count,
            "warning_rules": dict(sorted(self.warning_rules.items())),
        }


#: What a row may come to, in the order a report lists them. An importer declares the ones it
#: reports (``ImportReport(outcomes=...)``); ``revoked`` is for registers that withdraw records.
OUTCOMES = ("created", "updated", "unchanged")
ALL_OUTCOMES = ("created", "updated", "revoked", "unchanged")


@dataclass
class ImportReport(Warnings, Rejections):
    """What a row import did (导入结果), the one report shape of every importer: a count per
    outcome it declares (``outcomes``, by default created, updated, unchanged) and the
    rejected rows (``Rejections``: the first ``MAX_REPORTED`` with line, field and rule, all
    counted, per rule too; never a cell's content), and the rows taken in with a warning
    (``Warnings``: a value normalised, e.g. 本科 → ``bachelor``; the same bounds).

    ``as_dict()`` is what the API answers and a background run saves:
    ``{<outcome>: n, ..., "rejected": [...], "rejected_count": n, "rejected_rules": {...},
    "warned": [...], "warned_count": n, "warning_rules": {...}}``;
    ``from_dict`` reads it back (a resumed run continues its counts)."""

    outcomes: tuple[str, ...] = OUTCOMES
    created: int = 0
    updated: int = 0
    revoked: int = 0
    unchanged: int = 0

    def __post_init__(self) -> None:
        unknown = set(self.outcomes) - set(ALL_OUTCOMES)
        if unknown:
            raise ValueError(f"unknown outcomes {sorted(unknown)}")

    def add(self, outcome: str) -> None:
        """Count one row as ``outcome`` (one of ``outcomes``)."""
        if outcome not in self.outcomes:
            raise ValueError(f"{outcome!r} is not an outcome of this import {self.outcomes}")
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def loaded(self) -> int:
        """Rows taken in (every outcome but a rejection)."""
        return sum(getattr(self, name) for name in self.outcomes)

    @property
    def rows(self) -> int:
        """Rows read: taken in or rejected."""
        return self.loaded + self.rejected_count

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.outcomes}

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts(), **self.rejections(), **self.warnings()}

    @classmethod
    def from_dict(
        cls, saved: Mapping[str, Any], *, outcomes: tuple[str, ...] = OUTCOMES
    ) -> ImportReport:
        """The report ``as_dict`` saved (missing counts are 0)."""
        return cls(
            outcomes=outcomes,
            **{name: int(saved.get(name, 0)) for name in outcomes},
            rejected=list(saved.get("rejected", [])),
            rejected_count=int(saved.get("rejected_count", 0)),
            rejected_rules=dict(saved.get("rejected_rules", {})),
            warned=list(saved.get("warned", [])),
            warned_count=int(saved.get("warned_count", 0)),
            warning_rules=dict(saved.get("warning_rules", {})),
        )


class Checkpoint(Protocol):
    """Saves how far an import got. ``rows_import`` calls it inside the transaction that
    commits the rows it counts: ``line`` is the last line done, ``rows`` how many rows this
    batch held, ``finished`` true once, with the importer's closing write (its audit row)."""

    def __call__(self, *, line: int, rows: int, finished: bool) -> None: ...


def rows_import(
    rows: Iterable[tuple[int, dict[str, Any]]],
    load: Callable[[dict[str, Any]], str],
    *,
    report: ImportReport,
    after: int = 0,
    batch: int = 1,
    batch_seconds: float | None = None,
    checkpoint: Checkpoint | None = None,
    finish: Callable[[], None] | None = None,
) -> ImportReport:
    """Import ``rows`` (``(line, row)`` pairs, as ``rows_read`` gives them) with ``load``.

    ``load(row)`` writes one row and answers its outcome (``"created"``, ``"updated"``…), or
    raises ``InvalidInput`` naming the fields and rules it broke; it runs in its own savepoint,
    so nothing of a refused row is written. A row the reader refused (``row_error``) is
    rejected without calling ``load``. Rows at or before line ``after`` are skipped (a
    resumed run).

    Rows commit ``batch`` at a time (and at least every ``batch_seconds``); ``checkpoint`` is
    called in the batch's transaction, after its rows. So what a checkpoint says and what is
    in the database agree whatever happens: a process killed mid-batch loses the batch's rows
    and its checkpoint together, and a resume from the checkpoint reads them again, once.
    ``finish`` (the importer's audit row) runs in one last transaction with the final
    ``checkpoint(finished=True)``. A batch holds its rows' locks until it commits: keep it
    small (a hundred rows) where others may be writing the same records.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    pending = iter(rows)
    last = after
    exhausted = False
    while not exhausted:
        exhausted = True
        with transaction.atomic():
            started, count = time.monotonic(), 0
            for line, raw in pending:
                if line <= after:
                    continue
                _row_import(raw, line, load, report)
                last, count = line, count + 1
                if count >= batch or (
                    batch_seconds is not None and time.monotonic() - started >= batch_seconds
                ):
                    exhausted = False
                    break
            if count and checkpoint is not None:
                checkpoint(line=last, rows=count, finished=False)
    with transaction.atomic():
        if finish is not None:
            finish()
        if checkpoint is not None:
            checkpoint(line=last, rows=0, finished=True)
    return report


def _row_import(
    raw: dict[str, Any], line: int, load: Callable[[dict[str, Any]], str], report: ImportReport
) -> None:
    unreadable = row_error(raw)
    if unreadable is not None:
        report.reject(line, [unreadable])
        return
    try:
        with transaction.atomic():
            outcome = load(raw)
    except InvalidInput as exc:
        report.reject(line, [e.as_dict() for e in exc.errors])
        return
    report.add(outcome)


def report_rejected(
    write: Callable[[str], Any], report: Rejections, path: Path | None = None
) -> None:
    """An import command's account of the rows it refused: one line each (line, field, rule)
    on ``write``, a note when only the first ``MAX_REPORTED`` are listed, and the listed rows
    as JSON Lines in ``path`` when given."""
    for row in report.rejected:
        reasons = "; ".join(
            f"{e['field']}: {e['rule']}"
            + (f" ({', '.join(e['candidates'])})" if e.get("candidates") else "")
            for e in row["errors"]
        )
        write(f"  第 {row['line']} 行 line {row['line']}: {reasons}")
    if report.rejected_count > len(report.rejected):
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(report.rejected_rules.items()))
        write(
            f"  仅列出前 {len(report.rejected)} 行 (first {len(report.rejected)} listed): {counts}"
        )
    if path is not None:
        with path.open("w", encoding="utf-8") as handle:
            for row in report.rejected:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def report_warned(write: Callable[[str], Any], report: Warnings) -> None:
    """An import command's account of the values it normalised: one line per row (line, then
    field: rule from → to), a note when only the first ``MAX_REPORTED`` are listed."""
    for row in report.warned:
        notes = "; ".join(
            f"{w['field']}: {w['rule']} {w['from']} → {w['to']}" for w in row["warnings"]
        )
        write(f"  提示 第 {row['line']} 行 warning line {row['line']}: {notes}")
    if report.warned_count > len(report.warned):
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(report.warning_rules.items()))
        write(f"  仅列出前 {len(report.warned)} 行 (first {len(report.warned)} listed): {counts}")


def rows_read(
    source: Path | IO[bytes], *, suffix: str | None = None, aliases: Mapping[str, str] = {}
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs of a file; ``aliases`` renames columns (e.g. 证书编号 →
    certificate_number), so issuers' own headers are accepted.

    The file is checked whole before the first row comes out (``FileRefused``)."""
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
        if ERROR in row:
            yield number, row
            continue
        yield number, {aliases.get(str(k).strip(), str(k).strip()): v for k, v in row.items()}


def _too_many_rows() -> FileRefused:
    return FileRefused("max_rows", _("文件超过 %(n)d 行，请拆分后导入") % {"n": MAX_ROWS})


def _too_many_columns() -> FileRefused:
    return FileRefused("max_columns", _("文件超过 %(n)d 列") % {"n": MAX_COLUMNS})


def _cell_too_long(field: str) -> dict[str, Any]:
    return {
        ERROR: {
            "field": field[:64],
            "rule": "max_length",
            "message": _("单元格超过 %(n)d 个字符") % {"n": MAX_CELL},
        }
    }


def _cell_length(value: Any) -> int:
    if value is None or isinstance(value, bool | int | float):
        return 0
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return len(json.dumps(value, ensure_ascii=False))
    return len(str(value))


def _checked(number: int, row: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The row, or its refusal when a cell is too long (the cell is not quoted)."""
    if len(row) > MAX_COLUMNS:
        raise _too_many_columns()
    for key, value in row.items():
        if len(str(key)) > MAX_CELL or _cell_length(value) > MAX_CELL:
            return number, _cell_too_long(str(key))
    return number, row


def _content(handle: IO[bytes]) -> bytes:
    data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused("max_size", _("文件超过 %(n)d 字节") % {"n": MAX_FILE_BYTES})
    return data


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused("encoding", _("文件须为 UTF-8 编码")) from exc


def _read(handle: IO[bytes], suffix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if suffix in (".jsonl", ".ndjson", ".json"):
        yield from _json_lines(_text(_content(handle)))
    elif suffix == ".csv":
        yield from _csv(_text(_content(handle)))
    elif suffix == ".xlsx":
        yield from _xlsx(_content(handle))
    else:
        raise UnsupportedFile(
            _("不支持的文件类型 %(suffix)s：须为 .jsonl、.csv 或 .xlsx")
            % {"suffix": suffix or _("（无）")}
        )


def _json_lines(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_ROWS:
        raise _too_many_rows()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_CELL * MAX_COLUMNS:
            yield number, _cell_too_long("line")
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):
            yield (
                number,
                {ERROR: {"field": "line", "rule": "json", "message": _("不是有效的 JSON")}},
            )
            continue
        if not isinstance(row, dict):
            yield (
                number,
                {
                    ERROR: {
                        "field": "line",
                        "rule": "format",
                        "message": _("每行须为一个对象"),
                    }
                },
            )
            continue
        yield _checked(number, row)


def _csv(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(MAX_FILE_BYTES)  # a long cell refuses its row, not the file
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FileRefused("csv", _("无法解析 CSV 文件")) from exc
    if not records:
        return
    header = [h.strip() for h in records[0]]
    if len(header) > MAX_COLUMNS:
        raise _too_many_columns()
    if len(records) - 1 > MAX_ROWS:
        raise _too_many_rows()
    for number, values in enumerate(records[1:], start=2):
        if not values:  # as csv.DictReader: an empty line is no row
            continue
        if len(values) > MAX_COLUMNS:
            raise _too_many_columns()
        row: dict[str, Any] = dict(zip(header, values, strict=False))
        if len(values) > len(header):  # as csv.DictReader: the surplus under no name
            row[""] = values[len(header) :]
        yield _checked(number, row)


def _xlsx(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    unreadable = FileRefused("xlsx", _("无法读取 xlsx 文件"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable from exc
    if unpacked > XLSX_MAX_UNPACKED:
        raise FileRefused(
            "xlsx_size",
            _("xlsx 解压后超过 %(n)d 字节") % {"n": XLSX_MAX_UNPACKED},
        )
    from openpyxl import load_workbook

    def sheet_rows() -> Iterator[tuple[Any, ...]]:
        # read_only: a streaming parse of the sheet, never the whole workbook in memory.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active
            if sheet is None:
                return
            # The dimension the file declares is not trusted (A1:XFD1048576 would pad
            # every row to 16,384 cells): rows are as long as their own cells.
            sheet.reset_dimensions()
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

    # A first, counting pass: too many rows or a sheet that does not parse refuses the
    # file before any row is imported. It parses what the unpacked size already bounds.
    try:
        for count, values in enumerate(sheet_rows(), start=1):
            if len(values) > MAX_COLUMNS and (
                len(values) > 10 * MAX_COLUMNS or any(v is not None for v in values[MAX_COLUMNS:])
            ):
                raise _too_many_columns()
            if count > MAX_ROWS + 1:
                raise _too_many_rows()
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken part
        raise unreadable from exc
    rows = sheet_rows()
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())][:MAX_COLUMNS]
    for number, values in enumerate(rows, start=2):
        if any(v not in (None, "") for v in values):
            yield _checked(number, dict(zip(header, values[: len(header)], strict=False)))
