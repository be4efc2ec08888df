"""The service hall and the case pages (issue 13): regions picked by name, the estimate in
words, check your answers, a confirmation saying what happens next; a case's states, places
and events as phrases; the personnel-file transfer finished by the holding region (dispatch)
and the receiving region (confirm or refuse), the insurance transfer as before."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from bashu.core.models import Region
from bashu.transfers.models import ArchiveMove, Case, InsurancePeriod, InsuranceTransfer
from bashu.transfers.views import _yuan, explain, kind_name
from conftest import client_for

pytestmark = pytest.mark.django_db

CODE = re.compile(r"(?<![\d-])(5[01]\d{4})(?!\d)")


def visible(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags and attributes (codes may sit in data attributes)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def english(user) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def request_archive(world, to_custodian: str = "成都市人才服务中心") -> Case:  # type: ignore[no-untyped-def]
    client = client_for(world["citizen"])
    data = {"to_region": "510104", "to_custodian": to_custodian, "window_region": "500103"}
    check = client.post("/services/archive-transfer/", data)
    assert check.status_code == 200 and "核对您的申请" in check.content.decode()
    done = client.post("/services/archive-transfer/", {**data, "confirm": "1"})
    assert done.status_code == 302
    return Case.objects.get(kind="archive_transfer")


# ---------------------------------------------------------------- the service hall


def test_the_hall_explains_the_estimate_and_what_each_service_needs(world) -> None:  # type: ignore[no-untyped-def]
    page = client_for(world["citizen"]).get("/services/")
    text = visible(page)
    assert page.status_code == 200
    assert "108 个月" in text  # 2015-01..2023-12 in two Chongqing districts
    assert "重庆市逐年细化表" in text
    assert "尚未与公布的文本核对" in text  # Chongqing's table is not verified
    assert "按转入地的期限表和标准测算" in text  # why an estimate changes after a transfer
    assert "接收机构的名称" in text  # what the file transfer needs
    assert "还没有办件" in text  # the empty state says what to do
    assert not CODE.search(text), CODE.search(text)


def test_the_hall_in_english(world) -> None:  # type: ignore[no-untyped-def]
    text = visible(english(world["citizen"]).get("/services/"))
    assert "Service hall" in text and "You need:" in text
    assert "not yet been checked against the published text" in text


def test_the_hall_is_for_insured_people_only(world, make_account) -> None:  # type: ignore[no-untyped-def]
    other = make_account("nobody", "employer")
    assert client_for(other).get("/services/").status_code == 403
    assert client_for(other).get("/services/insurance-transfer/").status_code == 403


def test_a_flagged_period_says_the_estimate_waits(world) -> None:  # type: ignore[no-untyped-def]
    InsurancePeriod.objects.filter(region_id="500112").update(flagged=True)
    text = visible(client_for(world["citizen"]).get("/services/"))
    assert "核查完成后才能测算" in text
    check = client_for(world["citizen"]).post(
        "/services/insurance-transfer/", {"to_region": "510104", "window_region": "500103"}
    )
    assert "须先由经办人员核查" in check.content.decode()


def test_explain_without_an_estimate_or_with_too_few_months() -> None:
    from decimal import Decimal

    from bashu.transfers import rules

    assert explain(None, None) is None
    short = rules.Entitlement(False, 5, 0, Decimal(0), None)
    assert "满 12 个月" in explain(short, None).headline  # type: ignore[union-attr]
    no_table = rules.Entitlement(False, 30, 0, Decimal(0), None)
    assert "暂时无法测算" in explain(no_table, None).headline  # type: ignore[union-attr]
    assert kind_name("nothing") == "nothing"
    assert _yuan(Decimal("1890.00")) == "1,890" and _yuan(Decimal("1890.5")) == "1,890.50"


# ---------------------------------------------------------------- the insurance transfer


def test_insurance_transfer_question_check_confirmation(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["citizen"])
    form = client.get("/services/insurance-transfer/")
    assert form.status_code == 200
    assert 'data-picker="regions"' in form.content.decode()  # picked by name
    assert "转入地（区县代码）" not in form.content.decode()

    data = {"to_region": "510104", "window_region": "500103"}
    check = client.post("/services/insurance-transfer/", data)
    text = visible(check)
    assert "核对您的申请" in text and "锦江区" in text and "渝中区" in text
    assert "转移后" in text and "锦江区 领取失业保险金" in text
    assert "测算会变化" in text  # Chongqing's finer table and standard → Chengdu's
    assert "确认并提交" in text
    assert 'href="/services/insurance-transfer/?to_region=510104' in check.content.decode()
    assert not Case.objects.exists()  # nothing is submitted before the check

    done = client.post("/services/insurance-transfer/", {**data, "confirm": "1"}, follow=True)
    case = Case.objects.get()
    assert done.redirect_chain[-1][0] == f"/services/submitted/{case.pk}/"
    text = visible(done)
    assert "申请已提交" in text and str(case.pk) in text
    assert "锦江区 的经办人员办理，时限 15 天" in text
    assert "我的办件" in text  # where to follow it

    again = client.post("/services/insurance-transfer/", {**data, "confirm": "1"}, follow=True)
    assert "已经提交过" in again.content.decode()
    assert Case.objects.count() == 1


def test_a_region_that_is_not_a_zone_county_is_a_plain_error(world) -> None:  # type: ignore[no-untyped-def]
    answer = client_for(world["citizen"]).post(
        "/services/insurance-transfer/", {"to_region": "110101", "window_region": "510100"}
    )
    body = answer.content.decode()
    assert answer.status_code == 200 and 'id="error-summary"' in body
    assert "请选择川渝范围内的区（县）" in body and "[unknown_region]" not in body


def test_moving_to_where_the_relationship_already_is_is_a_plain_error(world) -> None:  # type: ignore[no-untyped-def]
    answer = client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "500112", "window_region": "500103", "confirm": "1"},
    )
    assert "转入地与您现在的参保地相同" in answer.content.decode()
    assert not Case.objects.exists()


def test_a_conflict_of_the_engine_shows_in_the_summary(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["citizen"])
    client.post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    other = client.post(
        "/services/insurance-transfer/",
        {"to_region": "510105", "window_region": "500103", "confirm": "1"},
    )
    body = other.content.decode()
    assert 'id="error-summary"' in body
    assert "已有转往 锦江区 的失业保险关系转移在办理中" in body and "another" not in body


def test_the_insurance_case_worked_on_its_page(world) -> None:  # type: ignore[no-untyped-def]
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    case = Case.objects.get()
    worker = client_for(world["chengdu"])
    queue = visible(worker.get("/cases/"))
    assert "待受理审查" in queue and "失业保险关系转移接续" in queue

    page = visible(worker.get(f"/cases/{case.pk}/"))
    assert "转 锦江区 承办" in page and "渝中区 窗口受理申请" in page
    assert "已转办" in page and "routed" not in page
    assert not CODE.search(page), CODE.search(page)

    for action in ("take", "approve", "close"):
        answer = worker.post(f"/cases/{case.pk}/", {"action": action}, follow=True)
        assert answer.status_code == 200
    text = visible(answer)
    assert "已办结" in text and "锦江区 批准" in text
    assert InsuranceTransfer.objects.get().status == InsuranceTransfer.Status.ACCEPTED

    # The same step twice: a plain refusal in the summary, not a 500.
    twice = worker.post(f"/cases/{case.pk}/", {"action": "close"})
    assert twice.status_code == 200 and 'id="error-summary"' in twice.content.decode()
    assert "案件当前状态为“已办结”，不能办结" in twice.content.decode()

    hall = visible(client_for(world["citizen"]).get("/services/"))
    assert "锦江区" in hall and "已办结" in hall


def test_a_refusal_needs_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    case = Case.objects.get()
    worker = client_for(world["chengdu"])
    worker.post(f"/cases/{case.pk}/", {"action": "take"})
    empty = worker.post(f"/cases/{case.pk}/", {"action": "reject", "reason": ""})
    assert empty.status_code == 200 and 'id="error-summary"' in empty.content.decode()
    refused = worker.post(
        f"/cases/{case.pk}/", {"action": "reject", "reason": "缴费记录待补充"}, follow=True
    )
    assert "不予批准" in visible(refused) and "缴费记录待补充" in visible(refused)


# ---------------------------------------------------------------- the personnel-file transfer


def test_the_personnel_file_transfer_finished_in_the_portal(world) -> None:  # type: ignore[no-untyped-def]
    case = request_archive(world)
    done = visible(client_for(world["citizen"]).get(f"/services/submitted/{case.pk}/"))
    assert "重庆市渝中区人才交流服务中心（渝中区）通过机要通信寄出您的档案" in done

    # The holding region (Chongqing) sees it in its queue as a case and may open it.
    holder = client_for(world["chongqing"])
    queue = visible(holder.get("/cases/"))
    assert "待寄出档案" in queue and "流动人员人事档案转递" in queue
    page = holder.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and 'id="dispatch-form"' in page.content.decode()
    assert 'id="case-actions"' not in page.content.decode()  # the case is Chengdu's to decide

    # The receiving region cannot confirm a file not yet sent.
    receiver = client_for(world["chengdu"])
    receiver.post(f"/cases/{case.pk}/", {"action": "take"})
    waiting = visible(receiver.get(f"/cases/{case.pk}/"))
    assert "档案寄出后才能确认接收" in waiting and "等待 重庆市渝中区人才交流服务中心" in waiting
    assert 'id="dispatch-form"' not in receiver.get(f"/cases/{case.pk}/").content.decode()

    # Dispatch without a tracking number: the summary links to the field.
    empty = holder.post(f"/cases/{case.pk}/", {"action": "dispatch", "tracking": ""})
    assert 'href="#id_tracking"' in empty.content.decode()
    sent = holder.post(f"/cases/{case.pk}/", {"action": "dispatch", "tracking": "JY-2026-001"})
    assert sent.status_code == 302
    move = ArchiveMove.objects.get()
    assert move.status == ArchiveMove.Status.DISPATCHED and move.tracking == "JY-2026-001"
    again = holder.post(f"/cases/{case.pk}/", {"action": "dispatch", "tracking": "JY-2"})
    assert 'id="error-summary"' in again.content.decode()
    assert "不能再寄出" in again.content.decode()
    assert "待寄出档案" not in visible(holder.get("/cases/"))

    page = visible(receiver.get(f"/cases/{case.pk}/"))
    assert "渝中区 寄出档案" in page and "机要编号 JY-2026-001" in page
    assert "等待 成都市人才服务中心 确认接收" in page
    confirmed = receiver.post(f"/cases/{case.pk}/", {"action": "approve"}, follow=True)
    text = visible(confirmed)
    assert "已确认接收档案" in text and "锦江区 确认接收档案" in text
    move.refresh_from_db()
    assert move.status == ArchiveMove.Status.RECEIVED
    mine = visible(client_for(world["citizen"]).get("/services/"))
    assert "成都市人才服务中心" in mine and "已接收" in mine


def test_the_receiving_region_may_refuse_the_file_with_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    case = request_archive(world)
    receiver = client_for(world["chengdu"])
    receiver.post(f"/cases/{case.pk}/", {"action": "take"})
    refused = receiver.post(
        f"/cases/{case.pk}/", {"action": "reject", "reason": "接收机构不接收该类档案"}, follow=True
    )
    text = visible(refused)
    assert "已拒收档案" in text and "锦江区 拒收档案" in text
    assert ArchiveMove.objects.get().status == ArchiveMove.Status.RETURNED


def test_nobody_else_sees_the_file_case(world, make_account) -> None:  # type: ignore[no-untyped-def]
    case = request_archive(world)
    sichuan_elsewhere = make_account("cw_my", "caseworker", "510700")
    assert client_for(sichuan_elsewhere).get(f"/cases/{case.pk}/").status_code == 404
    assert client_for(world["intruder"]).get(f"/cases/{case.pk}/").status_code == 404
    assert client_for(world["intruder"]).get(f"/services/submitted/{case.pk}/").status_code == 404
    assert client_for(world["chongqing"]).get("/cases/999999/").status_code == 404


def test_the_file_case_in_english(world) -> None:  # type: ignore[no-untyped-def]
    case = request_archive(world)
    page = visible(english(world["chongqing"]).get(f"/cases/{case.pk}/"))
    assert "Personnel-archive transfer" in page and "Dispatch the file" in page
    assert "Routed to 锦江区" in page


# ---------------------------------------------------------------- the queue


def test_the_queue_filters_are_in_the_url(world) -> None:  # type: ignore[no-untyped-def]
    request_archive(world)
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    worker = client_for(world["chengdu"])
    both = visible(worker.get("/cases/"))
    assert "共 2 件" in both
    files = visible(worker.get("/cases/", {"kind": "archive_transfer"}))
    assert "共 1 件" in files and "流动人员人事档案转递" in files
    assert "共 0 件" in visible(worker.get("/cases/", {"state": "done"}))
    assert "没有符合条件的案件" in visible(worker.get("/cases/", {"overdue": "on"}))
    # A value the filter does not know is ignored, not an error.
    assert worker.get("/cases/", {"kind": "nothing"}).status_code == 200


def test_the_queue_is_for_caseworkers(world) -> None:  # type: ignore[no-untyped-def]
    assert client_for(world["citizen"]).get("/cases/").status_code == 403
    with translation.override("zh-hans"):
        empty = visible(client_for(world["chengdu"]).get("/cases/"))
    assert "暂无待办案件" in empty


# ---------------------------------------------------------------- English


CJK = re.compile(r"[\u3400-\u9fff（），。：；、《》]+")
#: Data the pages show as it is recorded: places, agencies, the masked name, a table's title.
DATA = re.compile(r"^(中文|张|.*[区县市]|.*中心|失业保险金领取期限（.*）)$")


def test_the_pages_in_english_have_no_chinese_outside_data(world) -> None:  # type: ignore[no-untyped-def]
    """The pages' own text (the frame around them is the design system's, tested there)."""
    case = request_archive(world)
    citizen = english(world["citizen"])
    citizen.post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    pages = [
        citizen.get("/services/"),
        citizen.get("/services/insurance-transfer/"),
        citizen.get("/services/archive-transfer/"),
        citizen.post(
            "/services/insurance-transfer/", {"to_region": "510105", "window_region": "500103"}
        ),
        citizen.get(f"/services/submitted/{case.pk}/"),
        english(world["chongqing"]).get(f"/cases/{case.pk}/"),
        english(world["chengdu"]).get("/cases/"),
    ]
    for other in Case.objects.exclude(pk=case.pk):
        pages.append(english(world["chengdu"]).get(f"/cases/{other.pk}/"))
    for page in pages:
        assert page.status_code == 200
        main = re.search(r"<main\b.*</main>", page.content.decode(), re.S)
        assert main is not None
        leftover = set(CJK.findall(re.sub(r"<[^>]+>", " ", main.group(0))))
        leftover = {t for t in leftover if not DATA.match(t)}
        assert leftover == set(), (page.wsgi_request.path, leftover)


def test_the_queue_says_whose_turn_it_is(world) -> None:  # type: ignore[no-untyped-def]
    archive = request_archive(world)
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    insurance = Case.objects.get(kind="insurance_transfer")
    worker = client_for(world["chengdu"])
    for case in (archive, insurance):
        worker.post(f"/cases/{case.pk}/", {"action": "take"})
    queue = visible(worker.get("/cases/"))
    assert "等待转出地寄出档案" in queue and "待审核决定" in queue
    client_for(world["chongqing"]).post(
        f"/cases/{archive.pk}/", {"action": "dispatch", "tracking": "JY-1"}
    )
    worker.post(f"/cases/{insurance.pk}/", {"action": "approve"})
    queue = visible(worker.get("/cases/"))
    assert "待确认接收档案" in queue and "待办结" in queue
    assert "等待 锦江区 办结" in visible(worker.get(f"/cases/{insurance.pk}/"))
    # The confirmation page is the applicant's alone.
    assert worker.get(f"/services/submitted/{insurance.pk}/").status_code == 404


def test_who_read_my_records_names_the_region_and_why(world) -> None:  # type: ignore[no-untyped-def]
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    transfer = InsuranceTransfer.objects.get()
    url = f"/api/v1/insurance/transfers/{transfer.pk}"
    assert client_for(world["chengdu"]).get(url).status_code == 200
    reads = visible(client_for(world["citizen"]).get("/services/"))
    assert "成都市 · 失业保险关系转移经办" in reads
    # a document is read as what it is: the region that received it, from which region
    assert "锦江区 收到 渝北区 发来的“失业保险关系转移：核定缴费期间”" in reads
    assert "insurance." not in reads


def test_the_case_page_reads_the_signed_documents_in_words(world) -> None:  # type: ignore[no-untyped-def]
    client_for(world["citizen"]).post(
        "/services/insurance-transfer/",
        {"to_region": "510104", "window_region": "500103", "confirm": "1"},
    )
    case = Case.objects.get(kind="insurance_transfer")
    worker = client_for(world["chengdu"])
    worker.post(f"/cases/{case.pk}/", {"action": "take"})
    worker.post(f"/cases/{case.pk}/", {"action": "approve"})
    transfer = InsuranceTransfer.objects.get()
    page = visible(client_for(world["citizen"]).get(f"/cases/{case.pk}/"))
    certificate, answer = transfer.certificate, transfer.answer
    assert answer is not None
    assert "失业保险关系转移：核定缴费期间" in page and "失业保险关系转移：接收" in page
    assert f"交换日志第 {certificate.seq} 条" in page and f"交换日志第 {answer.seq} 条" in page
    origin = Region.objects.get(code=transfer.from_region_id).name
    assert f"{origin} 签发，送 锦江区" in page and f"锦江区 签发，送 {origin}" in page
    for period in certificate.body["payload"]["body"]["periods"]:
        assert f"{period['start']} – {period['end']}" in page
    assert "insurance.periods" not in page and transfer.from_region_id not in page


def test_a_caseworker_opening_the_service_hall_lands_on_the_case_queue(world) -> None:  # type: ignore[no-untyped-def]
    # the home page's 办事大厅 card is the caseworker's way in too: their hall is the queue
    response = client_for(world["chengdu"]).get("/services/")
    assert response.status_code == 302 and response["Location"] == "/cases/"
    # a seeker account with no person behind it still reads why not
    refused = client_for(world["intruder"]).get("/services/")
    assert refused.status_code == 403 and "本人的求职者账号" in refused.content.decode()
