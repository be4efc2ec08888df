"""Hostile registers at the import endpoints (API and page): limits on size, rows and cells,
one 422 (413) naming the file's rule, and bounded reports that never quote a cell.

Found by a probe: a 33 KB xlsx expanding to 200k rows gave a 106 MB response and 1.4 GB of
server memory; a 300 MB cell was echoed back; uploads had no size limit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bashu.core import tabular
from bashu.recognition.models import ProfessionalTitle
from conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "证书编号,姓名,公民身份号码,系列,层级,发证区划,取得日期\n"


@pytest.fixture(autouse=True)
def _imported_inline(settings):  # type: ignore[no-untyped-def]
    """These read the import's answer: every file here takes the inline path (a larger one
    goes to the worker, whose report is bounded alike: recognition/tests/test_tasks.py)."""
    settings.BASHU_IMPORT_INLINE_MAX_BYTES = tabular.XLSX_MAX_UNPACKED


@pytest.fixture
def caseworker(make_account):  # type: ignore[no-untyped-def]
    return make_account("cw_nj", "caseworker", "511000")


def upload(user, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        "/api/v1/recognition/imports?kind=title", {"file": SimpleUploadedFile(name, content)}
    )


def the_error(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    [error] = response.json()["errors"]
    return error["field"], error["rule"]


def test_an_xlsx_that_expands_to_200k_rows_is_one_422_and_imports_nothing(caseworker) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["证书编号", "姓名"])
    for _ in range(tabular.MAX_ROWS + 1):
        sheet.append(["NJ-1", "张三"])
    content = io.BytesIO()
    workbook.save(content)
    response = upload(caseworker, "bomb.xlsx", content.getvalue())
    assert response.status_code == 422
    assert the_error(response) == ("file", "max_rows")
    assert len(response.content) < 2_000
    assert not ProfessionalTitle.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "rule"),
    [
        ("titles.xlsx", b"PK\x03\x04 not really", "xlsx"),
        ("titles.csv", HEADER.encode() + "NJ-1,张三".encode("gbk") + b"\n", "encoding"),
        ("titles.jsonl", b'{"a": 1}\n\xff\xfe\n', "encoding"),
    ],
)
def test_an_unreadable_file_is_one_422_naming_the_rule(caseworker, name, content, rule) -> None:  # type: ignore[no-untyped-def]
    response = upload(caseworker, name, content)
    assert response.status_code == 422
    assert the_error(response) == ("file", rule)


def test_an_upload_over_the_limit_is_a_413(caseworker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1000)
    response = upload(caseworker, "titles.csv", HEADER.encode() + b"x,y\n" * 1000)
    assert response.status_code == 413
    assert the_error(response) == ("file", "max_size")


def test_a_huge_cell_is_refused_by_rule_and_never_echoed(caseworker) -> None:  # type: ignore[no-untyped-def]
    secret = "机密" * 200_000
    content = (HEADER + f"NJ-1,张三,{secret},工程技术人员,中级,511000,2021-06-01\n").encode()
    response = upload(caseworker, "titles.csv", content)
    assert response.status_code == 200
    body = response.json()
    assert body["rejected"] == [
        {"line": 2, "errors": [{"field": "公民身份号码", "rule": "max_length"}]}
    ]
    assert "机密" not in response.content.decode() and len(response.content) < 2_000


def test_the_report_lists_the_first_rows_and_counts_the_rest(caseworker) -> None:  # type: ignore[no-untyped-def]
    rows = [
        f"NJ-{i},某人,510104199001011234,不存在系列,中级,511000,2021-06-01" for i in range(1500)
    ]
    response = upload(caseworker, "titles.csv", (HEADER + "\n".join(rows) + "\n").encode())
    body = response.json()
    assert len(body["rejected"]) == tabular.MAX_REPORTED
    assert body["rejected_count"] == 1500
    assert body["rejected_rules"]["unknown_series"] == 1500
    assert all(set(r) == {"line", "errors"} for r in body["rejected"])
    assert (
        "不存在系列" not in response.content.decode() and "510104" not in response.content.decode()
    )


def test_the_import_page_refuses_an_unreadable_file_with_422(caseworker) -> None:  # type: ignore[no-untyped-def]
    response = client_for(caseworker).post(
        "/recognition/import/",
        {"kind": "title", "file": SimpleUploadedFile("titles.xlsx", b"not a zip")},
    )
    assert response.status_code == 422
    assert "[xlsx]" in response.content.decode()
