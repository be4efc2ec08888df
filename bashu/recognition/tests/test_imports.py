"""Bulk import of issuers' registers: good rows kept, each bad row reported, nothing half-written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from bashu.core.models import AuditEntry
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from bashu.recognition.models import AgencyLicence, CredentialStatus, ProfessionalTitle, TalentCard
from conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "证书编号,姓名,公民身份号码,系列,层级,专业,发证区划,评审委员会,取得日期,状态,撤销原因\n"


@pytest.fixture
def holders():  # type: ignore[no-untyped-def]
    return [PersonFactory(area="511002", name=n) for n in ("刘建国", "王芳", "陈静")]


def _csv(lines: list[str]) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def _upload(user, kind: str, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        f"/api/v1/recognition/imports?kind={kind}",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_good_rows_kept_each_bad_row_reported_with_field_and_rule(holders, make_account) -> None:  # type: ignore[no-untyped-def]
    a, b, c = holders
    neijiang = make_account("cw_neijiang", "caseworker", "511000")
    content = _csv(
        [
            f"NJ-1,{a.name},{a.resident_id},工程技术人员,中级,机械,511000,内江市评委会,2021-06-01,,",
            f"NJ-2,{b.name},{b.resident_id},不存在系列,中级,,511000,,2021-06-01,,",
            f"NJ-3,别人,{c.resident_id},工程技术人员,中级,,511000,,2021-06-01,,",
            f"NJ-4,{c.name},{c.resident_id},工程技术人员,中级,,500000,,2021-06-01,,",
            f"NJ-5,{c.name},{c.resident_id},工程技术人员,中级,,511000,,2021-13-01,,",
            "NJ-6,无名,11010119900307001X,工程技术人员,中级,,511000,,2021-06-01,,",
            f"NJ-7,{c.name},{c.resident_id},工程技术人员,高级,,511000,,2021-06-01,已撤销,",
        ]
    )
    response = _upload(neijiang, "title", "内江职称.csv", content)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["created"] == 1
    rules = {r["line"]: {(e["field"], e["rule"]) for e in r["errors"]} for r in body["rejected"]}
    assert rules == {
        3: {("series", "unknown_series")},
        4: {("name", "name_mismatch")},
        5: {("region", "out_of_region")},
        6: {("issued_on", "date_format")},
        7: {("id_number", "person_unknown")},
        8: {("level", "unknown_level"), ("revocation_reason", "required")},
    }
    assert list(ProfessionalTitle.objects.values_list("certificate_number", flat=True)) == ["NJ-1"]
    entry = AuditEntry.objects.get(action="credential.import")
    assert entry.detail["rejected"] == 6
    assert a.resident_id not in json.dumps(entry.detail)


def test_reimport_is_idempotent_changes_update_and_revocation_is_final(holders) -> None:  # type: ignore[no-untyped-def]
    a = holders[0]
    row = f"NJ-1,{a.name},{a.resident_id},工程技术人员,中级,机械,511000,内江市评委会,2021-06-01"
    path = io.BytesIO(_csv([row + ",,"]))

    def run(content: bytes) -> dict:  # type: ignore[type-arg]
        from bashu.core.permissions import SYSTEM
        from bashu.core.tabular import rows_read
        from bashu.recognition.imports import ALIASES, credentials_import

        return credentials_import(
            rows_read(io.BytesIO(content), suffix=".csv", aliases=ALIASES),
            kind="title",
            by=SYSTEM,
        ).as_dict()

    assert run(path.getvalue())["created"] == 1
    assert run(path.getvalue())["unchanged"] == 1
    assert run(_csv([row.replace("机械", "电气") + ",,"]))["updated"] == 1
    assert ProfessionalTitle.objects.get().specialty == "电气"
    assert run(_csv([row.replace("机械", "电气") + ",已撤销,证书造假"]))["revoked"] == 1
    title = ProfessionalTitle.objects.get()
    assert (title.status, title.revocation_reason) == (CredentialStatus.REVOKED, "证书造假")
    again = run(_csv([row.replace("机械", "电气") + ",有效,"]))
    assert again["rejected"][0]["errors"][0]["rule"] == "revoked_final"


def test_xlsx_talent_cards_and_number_of_another_holder(holders, make_account) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = holders
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["卡号", "姓名", "公民身份号码", "人才卡项目", "类别", "发卡区划", "发卡日期", "有效期至"]
    )
    sheet.append(
        ["TF-1", a.name, a.resident_id, "天府英才卡", "A", 510000, "2024-01-01", "2029-01-01"]
    )
    sheet.append(
        ["TF-1", b.name, b.resident_id, "天府英才卡", "A", 510000, "2024-01-01", "2029-01-01"]
    )
    sheet.append(
        ["TF-2", b.name, b.resident_id, "天府英才卡", "D", 510000, "2024-01-01", "2023-01-01"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    sichuan = make_account("cw_sc", "caseworker", "510000")
    body = _upload(sichuan, "talent_card", "cards.xlsx", buffer.getvalue()).json()
    assert body["created"] == 1
    rules = {r["line"]: {e["rule"] for e in r["errors"]} for r in body["rejected"]}
    assert rules == {3: {"number_taken"}, 4: {"choice", "before_issue"}}
    assert TalentCard.objects.get().expires_on.isoformat() == "2029-01-01"


def test_agency_licences_by_command_with_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    agency = EmployerFactory(area="510104")
    path = tmp_path / "licences.csv"
    path.write_text(
        "许可证编号,统一社会信用代码,类型,业务范围,发证区划,发证日期,有效期至\n"
        f"CD-HR-1,{agency.uscc},经营许可,职业介绍；人才派遣,510100,2023-01-01,2028-01-01\n"
        "CD-HR-2,91510100MA00000000,备案,,510100,2023-01-01,2028-01-01\n",
        encoding="utf-8",
    )
    report = tmp_path / "rejected.jsonl"
    out = io.StringIO()
    call_command("import_credentials", str(path), kind="agency_licence", report=report, stdout=out)
    assert "新增 created 1" in out.getvalue()
    assert AgencyLicence.objects.get().scope == ["职业介绍", "人才派遣"]
    rejected = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["errors"][0]["rule"]) for r in rejected] == [(3, "employer_unknown")]


def test_bad_files_and_roles_are_refused(make_account) -> None:  # type: ignore[no-untyped-def]
    sichuan = make_account("cw_sc", "caseworker", "510000")
    bad_type = _upload(sichuan, "title", "titles.pdf", b"%PDF")
    assert bad_type.status_code == 422
    assert bad_type.json()["errors"][0]["field"] == "file"
    broken = _upload(sichuan, "title", "titles.xlsx", b"not a zip")
    assert broken.status_code == 422
    assert broken.json()["errors"] == [
        {"field": "file", "rule": "xlsx", "message": broken.json()["errors"][0]["message"]}
    ]
    assert _upload(sichuan, "diploma", "titles.csv", b"x").status_code == 422
    seeker = make_account("seeker1", "seeker")
    assert _upload(seeker, "title", "titles.csv", _csv([])).status_code == 403
