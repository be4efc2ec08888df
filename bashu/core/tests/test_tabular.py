"""The row reader (bashu.core.tabular): limits on size, rows, columns, cells and what an xlsx
unpacks to; whole-file refusals before the first row; reports that never quote a cell."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from bashu.core import tabular
from bashu.core.tabular import ERROR, FileRefused, Rejections, row_error, rows_read


def read(content: bytes, suffix: str) -> list[tuple[int, dict]]:
    return list(rows_read(io.BytesIO(content), suffix=suffix))


def refused(content: bytes, suffix: str) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read(content, suffix)
    return caught.value


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_small_xlsx_that_unpacks_past_the_limit_is_refused_unread() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (tabular.XLSX_MAX_UNPACKED + 1))
    assert len(bomb.getvalue()) < 200_000
    error = refused(bomb.getvalue(), ".xlsx")
    assert (error.rule, error.status) == ("xlsx_size", 422)


def test_an_xlsx_of_more_rows_than_allowed_is_refused_before_its_first_row() -> None:
    content = xlsx([["证书编号"]] + [["NJ-1"]] * (tabular.MAX_ROWS + 1))
    rows = rows_read(io.BytesIO(content), suffix=".xlsx")
    with pytest.raises(FileRefused) as caught:
        next(rows)  # nothing comes out: the file is counted first
    assert caught.value.rule == "max_rows"


def test_an_xlsx_at_the_row_limit_is_read() -> None:
    content = xlsx([["a"]] + [["x"]] * 3)
    assert [n for n, _ in read(content, ".xlsx")] == [2, 3, 4]


def test_an_xlsx_declaring_a_huge_dimension_is_read_row_by_row() -> None:
    content = xlsx([["a", "b"], [1, 2]])
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
                if b"<dimension" not in data:
                    data = data.replace(
                        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
                    )
            new.writestr(item, data)
    assert read(target.getvalue(), ".xlsx") == [(2, {"a": 1, "b": 2})]


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_a_malformed_xlsx_is_one_refusal(content: bytes) -> None:
    assert refused(content, ".xlsx").rule == "xlsx"


def test_a_zip_that_is_no_workbook_is_refused() -> None:
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refused(other.getvalue(), ".xlsx").rule == "xlsx"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_file_that_is_not_utf8_is_refused_before_its_first_row(suffix: str) -> None:
    good = "a,b\n1,2\n" if suffix == ".csv" else '{"a": 1}\n'
    content = good.encode() + "\n".join(["3,4"] * 10).encode("gbk") + "张三".encode("gbk")
    assert refused(content, suffix).rule == "encoding"


def test_too_many_csv_rows_or_columns_are_refused() -> None:
    rows = "a\n" + "x\n" * (tabular.MAX_ROWS + 1)
    assert refused(rows.encode(), ".csv").rule == "max_rows"
    wide = ",".join(f"c{i}" for i in range(tabular.MAX_COLUMNS + 1)) + "\n1\n"
    assert refused(wide.encode(), ".csv").rule == "max_columns"


def test_a_file_over_the_size_limit_is_a_413(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 100)
    error = refused(b"a\n" + b"x\n" * 100, ".csv")
    assert (error.rule, error.status) == ("max_size", 413)


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        (b"name,cv\n" + "张三,".encode() + b"x" * (tabular.MAX_CELL + 1) + b"\n", ".csv"),
        (b'{"name": "' + b"x" * (tabular.MAX_CELL + 1) + b'"}\n', ".jsonl"),
        (None, ".xlsx"),
    ],
)
def test_an_over_long_cell_refuses_its_row_without_quoting_it(content, suffix: str) -> None:  # type: ignore[no-untyped-def]
    if content is None:
        content = xlsx([["name", "cv"], ["张三", "x" * (tabular.MAX_CELL + 1)]])
    [(_, row)] = read(content, suffix)
    error = row_error(row)
    assert error is not None and error["rule"] == "max_length"
    assert "xxxx" not in str(row) and "张三" not in str(row)


def test_json_lines_that_are_not_objects_are_row_errors() -> None:
    rows = read(b'{"a": 1}\n{not json\n[1, 2]\n\n{"b": 2}\n', ".jsonl")
    assert [(n, (row_error(r) or {}).get("rule")) for n, r in rows] == [
        (1, None),
        (2, "json"),
        (3, "format"),
        (5, None),
    ]


def test_an_old_style_error_row_still_reads_as_a_format_error() -> None:
    assert row_error({ERROR: "bad"}) == {"field": "line", "rule": "format", "message": "bad"}


def test_rejections_list_the_first_rows_and_count_them_all() -> None:
    report = Rejections()
    for line in range(1, tabular.MAX_REPORTED + 501):
        report.reject(line, [{"field": "name", "rule": "required", "message": "张三 is secret"}])
    assert len(report.rejected) == tabular.MAX_REPORTED
    assert report.rejected_count == tabular.MAX_REPORTED + 500
    assert report.rejected_rules == {"required": tabular.MAX_REPORTED + 500}
    assert report.rejected[0] == {"line": 1, "errors": [{"field": "name", "rule": "required"}]}
    assert "secret" not in str(report.rejections())
