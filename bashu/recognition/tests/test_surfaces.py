"""The recognition surfaces in words (issue 13): one vocabulary of series and levels for the
import and the pre-check, the pre-check page and its signed download, the verify page showing
what a document states, the certificate check and the desk without codes."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bashu.people.tests.factories import PersonFactory
from bashu.recognition import vocabulary
from bashu.recognition.models import ProfessionalTitle, RecognitionDecision
from bashu.recognition.selectors import credential_summary, region_names
from conftest import client_for

pytestmark = pytest.mark.django_db

#: 中级 engineering from 绵阳 for use in 重庆, as the form sends it.
QUESTION = {
    "kind": "title",
    "series": "工程技术人员",
    "title_level": "中级",
    "issuing_region": "510700",
    "host_region": "500000",
}


# --- the vocabulary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("工程", "工程技术人员"),
        ("工程系列", "工程技术人员"),
        (" 工程技术人员 ", "工程技术人员"),
        ("engineering", "工程技术人员"),
        ("卫生", "卫生技术人员"),
        ("会计", "会计人员"),
        ("工程技", "工程技术人员"),  # the one series that starts so
        ("工", None),  # 工程技术人员 or 工艺美术专业人员
        ("炼丹", None),
        ("", None),
        (None, None),
    ],
)
def test_series_names_and_aliases(text, name) -> None:  # type: ignore[no-untyped-def]
    assert vocabulary.series_name(text) == name


@pytest.mark.parametrize(
    ("kind", "text", "name"),
    [
        ("title", "中级职称", "中级"),
        ("title", "中级", "中级"),
        ("title", "副高", "副高级"),
        ("title", "高级", None),  # 副高级 or 正高级: refused, as before
        ("skill", "四级", "中级工"),
        ("skill", "高级工", "高级工"),
        ("skill", "技师证书", "技师"),
    ],
)
def test_level_names_and_aliases(kind, text, name) -> None:  # type: ignore[no-untyped-def]
    assert vocabulary.level_name(kind, text) == name


def test_the_api_pre_check_takes_the_common_names(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    body = {
        "kind": "title",
        "series": "工程",
        "level": "中级职称",
        "issuing_region": "510700",
        "host_region": "500000",
    }
    response = client_for(None).post(
        "/api/v1/recognition/precheck", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "recognised"


def test_the_import_takes_the_same_names(title, make_account) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(area="511002", name="王芳")
    content = (
        "证书编号,姓名,公民身份号码,系列,层级,发证区划,取得日期\n"
        f"NJ-20,王芳,{person.resident_id},工程,中级职称,511000,2022-01-01\n"
    ).encode()
    client = client_for(make_account("cw_nj", "caseworker", "511000"))
    client.post(
        "/recognition/import/", {"kind": "title", "file": SimpleUploadedFile("nj.csv", content)}
    )
    stored = ProfessionalTitle.objects.get(certificate_number="NJ-20")
    assert (stored.series.name, stored.level.name) == ("工程技术人员", "中级")


# --- the pre-check page --------------------------------------------------------------------------


def test_the_pre_check_page_asks_by_name(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    text = client_for(None).get("/recognition/precheck/").content.decode()
    assert '<option value="工程技术人员">工程技术人员</option>' in text
    assert '<option value="中级">中级</option>' in text
    assert 'data-picker="regions"' in text and "重庆市" in text  # the host preset, by name


def test_the_pre_check_asks_one_kind_at_a_time(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    client = client_for(None)
    skill = client.get("/recognition/precheck/", {"kind": "skill"}).content.decode()
    assert 'name="skill_level"' in skill and 'name="series"' not in skill
    assert '<input type="hidden" name="kind" value="skill"' in skill
    bogus = client.get("/recognition/precheck/", {"kind": "炼丹"}).content.decode()
    assert 'name="series"' in bogus and 'aria-current="page">职称<' in bogus
    answer = client.post(
        "/recognition/precheck/",
        {
            "kind": "skill",
            "skill_level": "高级工",
            "issuing_region": "510700",
            "host_region": "500000",
        },
    ).content.decode()
    said = answer.split('id="precheck-answer"')[1]
    assert "需人工审核" in said and "须经办人员核验" in said
    # the agreements that do not apply, named with what they leave out, not a key
    assert "《川渝跨区域人才职称评价互认》不适用于此类证书（证书类型不在协议范围内）" in said
    assert "（kind）" not in said and "(no agreement on record" not in said


@pytest.mark.parametrize(
    ("reason", "zh", "en"),
    [
        (
            "《甲协议》自 2030-01-01 起施行 (not yet in force)",
            "《甲协议》自 2030-01-01 起施行，当日尚未生效",
            "“甲协议” takes effect on 2030-01-01",
        ),
        (
            "证书已于 2020-01-01 失效 (the credential expired)",
            "证书已于 2020-01-01 失效",
            "expired on",
        ),
        ("没有括注的理由", "没有括注的理由", "没有括注的理由"),
    ],
)
def test_reasons_in_the_page_language(reason: str, zh: str, en: str) -> None:
    from django.utils import translation

    from bashu.recognition.views import reason_words

    with translation.override("zh-hans"):
        assert reason_words(reason) == zh
    with translation.override("en"):
        assert en in reason_words(reason)


def test_the_pre_check_answers_in_words_and_the_download_verifies(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    client = client_for(None)
    page = client.post("/recognition/precheck/", QUESTION).content.decode()
    answer = page.split('id="precheck-answer"')[1]
    assert "予以认可" in answer and "绵阳市" in answer and "重庆市" in answer
    assert "《川渝跨区域人才职称评价互认》第 1 条" in answer
    assert "无需重新评审" in answer  # what to do next
    assert "chuanyu-titles" not in page and "(under clause" not in page

    download = client.post("/recognition/precheck/document/", QUESTION)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="precheck-')
    document = json.loads(download.content)
    assert document["payload"]["type"] == "bashu.recognition.precheck/v1"

    verified = client.post(
        "/recognition/verify/",
        {"file": SimpleUploadedFile("precheck.json", download.content)},
    ).content.decode()
    assert "签名有效：文书由重庆市签发" in verified
    assert "预查估算（非认定）" in verified
    content = verified.split('id="verify-content"')[1]
    for words in ("工程技术人员 · 中级 · 职称", "绵阳市", "重庆市", "予以认可"):
        assert words in content


def test_the_pre_check_in_english(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    client = client_for(None)
    client.cookies["django_language"] = "en"
    page = client.post("/recognition/precheck/", QUESTION).content.decode()
    assert "Recognised" in page and "Article 1 of" in page and "What happens next" in page
    assert "Engineers · Intermediate · Professional title" in page
    assert "under clause" not in page.lower()  # the basis is said once, in words


def test_the_pre_check_form_names_what_is_missing(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    client = client_for(None)
    page = client.post("/recognition/precheck/", {**QUESTION, "series": ""}).content.decode()
    assert (
        'id="error-summary"' in page
        and "职称须注明系列" in page
        and "[" not in page.split('id="error-summary"')[1].split("</div>")[0]
    )
    wrong = client.post("/recognition/precheck/", {**QUESTION, "issuing_region": "绵阳"})
    assert "请从列表中选择一个川渝地区" in wrong.content.decode()
    refused = client.post("/recognition/precheck/document/", {**QUESTION, "title_level": ""})
    assert refused.status_code == 422


def test_a_talent_card_pre_check_names_the_equivalent_card(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    page = (
        client_for(None)
        .post(
            "/recognition/precheck/",
            {
                "kind": "talent_card",
                "card_class": "A",
                "issuing_region": "510100",
                "host_region": "500000",
            },
        )
        .content.decode()
    )
    assert "按对应等级认可" in page and "新重庆人才卡（重庆英才服务卡）A卡" in page


# --- the verify page ---------------------------------------------------------------------------


def _export(title, path: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client_for(title.person.account).get(path)
    assert response.status_code == 200, response.content
    return response.content


def test_a_credential_document_is_shown_in_words_with_the_holder_masked(title) -> None:  # type: ignore[no-untyped-def]
    document = _export(title, "/api/v1/recognition/credentials/NJ-2021-0001/document")
    page = (
        client_for(None)
        .post("/recognition/verify/", {"document": document.decode()})
        .content.decode()
    )
    content = page.split('id="verify-content"')[1]
    assert "刘**" in content and "刘建国" not in content
    assert "工程技术人员 · 中级 · 职称" in content and "内江市工程技术中级职称评审委员会" in content
    assert "2021-06-01" in content and "证书登记信息" in content
    assert "现行状态：有效" in page


def test_a_decision_document_shows_the_credential_and_the_agreement(title, make_account) -> None:  # type: ignore[no-untyped-def]
    zigong = make_account("cw_zigong", "caseworker", "510300")
    client_for(zigong).post(
        "/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "510302"}
    )
    decision = RecognitionDecision.objects.get()
    document = client_for(zigong).get(f"/api/v1/recognition/decisions/{decision.pk}/document")
    page = (
        client_for(None)
        .post("/recognition/verify/", {"file": SimpleUploadedFile("d.json", document.content)})
        .content.decode()
    )
    content = page.split('id="verify-content"')[1]
    assert "刘**" in content and "刘建国" not in content
    assert "《川南经济区职称资格互认协议》第 2 条" in content and "予以认可" in content
    assert "自流井区" in content and "互认认定" in content


def test_the_verify_page_refuses_in_plain_sentences() -> None:
    client = client_for(None)
    empty = client.post("/recognition/verify/", {"document": ""}).content.decode()
    assert "请选择文书文件，或粘贴文书内容" in empty
    binary = client.post(
        "/recognition/verify/", {"file": SimpleUploadedFile("x.json", b"\xff\xfe")}
    ).content.decode()
    assert "须为 UTF-8 编码的 JSON" in binary
    large = client.post(
        "/recognition/verify/", {"file": SimpleUploadedFile("x.json", b" " * 70_000)}
    ).content.decode()
    assert "65536" in large
    forged = client.post(
        "/recognition/verify/",
        {"document": json.dumps({"payload": {}, "signature": {"alg": "Ed25519", "kid": "x"}})},
    ).content.decode()
    assert "无法确认发文机关" in forged and "(unknown key)" not in forged


# --- the certificate check and the desk --------------------------------------------------------


def test_the_certificate_check_names_regions_and_agreements(title, make_account) -> None:  # type: ignore[no-untyped-def]
    zigong = make_account("cw_zigong", "caseworker", "510300")
    client_for(zigong).post(
        "/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "510302"}
    )
    page = (
        client_for(None)
        .post("/recognition/certificate/", {"number": "NJ-2021-0001", "name": "刘建国"})
        .content.decode()
    )
    result = page.split('id="certificate-result"')[1]
    assert "职称" in result and "有效" in result and "自流井区" in result
    assert "《川南经济区职称资格互认协议》第 2 条" in result and "chuannan" not in result
    assert "table-cards" in result


def test_the_desk_picks_regions_by_name_and_refuses_in_sentences(title, make_account) -> None:  # type: ignore[no-untyped-def]
    client = client_for(make_account("cw_zigong", "caseworker", "510300"))
    form = client.get("/recognition/desk/").content.decode()
    assert 'data-picker="regions"' in form and "自贡市" in form  # the caseworker's region
    assert "本地区还没有认定记录" in form
    outside = client.post(
        "/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "500103"}
    ).content.decode()
    assert (
        "渝中区不在您的管辖范围内" in outside and "[" not in outside.split("error-summary")[1][:400]
    )
    client.post("/recognition/desk/", {"number": "NJ-2021-0001", "host_region": "510302"})
    listed = client.get("/recognition/desk/").content.decode()
    assert 'class="table table-cards' in listed and 'data-label="结论"' in listed
    assert "予以认可" in listed and "《川南经济区职称资格互认协议》第 2 条" in listed


def test_the_desk_is_for_caseworkers_in_words(title) -> None:  # type: ignore[no-untyped-def]
    page = client_for(title.person.account).get("/recognition/desk/")
    assert page.status_code == 403 and "本页仅限经办人员使用" in page.content.decode()


def test_the_home_page_links_the_public_tools(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    home = client_for(None).get("/").content.decode()
    for url in ("/recognition/precheck/", "/recognition/certificate/", "/recognition/verify/"):
        assert f'href="{url}"' in home


# --- the selectors behind the words --------------------------------------------------------------


def test_region_names_and_the_masked_summary(title) -> None:  # type: ignore[no-untyped-def]
    assert region_names([]) == {} and region_names([None, "999999"]) == {}
    assert region_names(["500000", "510700"]) == {"500000": "重庆市", "510700": "绵阳市"}
    summary = credential_summary("NJ-2021-0001")
    assert summary is not None and summary.holder == "刘**" and summary.level == "中级"
    assert credential_summary("NOPE") is None
