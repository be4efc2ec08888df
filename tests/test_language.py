"""The main pages speak one language at a time (issue 13 item 6).

Every main page is rendered on a small demo (``bashu demo`` at a tenth of its scale, with its
accounts per role) in English and in Chinese. In English its visible text (text, page title,
``placeholder``, ``title``, ``aria-label``, ``alt``) has no Chinese character outside data; in
Chinese it has no English word outside data and a short list of names and abbreviations.

Data is what the records and the reference tables hold, shown as recorded: names of places,
people (masked: 张**), employers, jobs, occupations, industries, title series, fairs, agencies,
and the texts people wrote (descriptions, CVs, notes). The test collects those strings from
the database and accepts a run of Chinese only when it is made wholly of them. An element that
declares another language (``lang="en"`` on the switch to English, ``lang="zh-hans"`` on 中文)
is data too: a template marks a datum it cannot otherwise tell apart that way.

A failure lists, per page and language, the leftover words: a missing or wrong ``.po`` entry,
or a template string not wrapped in gettext.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from bashu.core.models import Industry, Occupation, Region, TitleSeries, User

pytestmark = pytest.mark.django_db

#: Chinese text: ideographs, with CJK and full-width punctuation that may sit between them.
HAN_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
MASKED_NAME = re.compile(r"[\u3400-\u9fff][*＊]+")
#: A token of Latin letters, digits and joiners; one with a digit is a code (GBC-2026-0001).
LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'_-]*")
WHITESPACE = re.compile(r"\s+")


def latin_words(text: str) -> list[str]:
    """The words in Latin letters of ``text``, without codes and single letters."""
    return [
        token.strip("-_'’")
        for token in LATIN_TOKEN.findall(text)
        if re.search(r"[A-Za-z]", token) and not re.search(r"[0-9]", token) and len(token) > 1
    ]


#: Names and abbreviations a Chinese page may show in Latin letters.
LATIN_ALLOWED = {
    "API",
    "CSV",
    "DID",
    "Excel",
    "HR",
    "ID",
    "Java",
    "JSON",
    "PDF",
    "PNG",
    "QR",
    "URL",
    "USCC",
    "VC",  # W3C VC, the signed credential's format
    "XLSX",
    "xlsx",
    "csv",
    "json",
    "parquet",
    "Parquet",
    "OpenAPI",
}

#: The accounts ``bashu demo`` creates.
DEMO_USERNAMES = ("admin", "chengdu", "chongqing", "employer", "seeker", "analyst")

SKIPPED_TAGS = {"script", "style", "template", "noscript", "svg"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
#: Elements that start a new line of text (inline ones, like <mark> in a highlighted title, do not).
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
    "section", "select", "summary", "table", "tbody", "td", "textarea", "th", "thead", "title",
    "tr", "ul",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """The text a person sees or hears on a page in ``language`` (its ``<html lang>``), without
    scripts, styles and elements that declare another language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.language = ""
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content skipped?

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.language = values.get("lang", "")
        other_language = bool(values.get("lang")) and tag != "html"
        skip = self._skipping() or tag in SKIPPED_TAGS or other_language
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if not skip:
            shown = [values[name] for name in SHOWN_ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in {"submit", "button"}:
                shown.append(values.get("value", ""))
            self.parts.extend(f"\n{value}\n" for value in shown)
        if tag not in VOID_TAGS:
            self._stack.append(skip)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, str]:
    """``(language, text)`` of a rendered page."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.language, "".join(parser.parts)


class Data:
    """The strings the records and reference tables hold, to tell them from interface text."""

    #: Free texts are recognised by any stretch of this many characters (a search excerpt
    #: starts and ends mid-sentence; a description is shown with its line breaks).
    WINDOW = 12

    def __init__(self, names: Iterable[str], texts: Iterable[str]) -> None:
        names = {WHITESPACE.sub(" ", s).strip() for s in names if s and s.strip()}
        # Names of Chinese only are matched run by run; a name mixing in Latin letters, digits
        # or other punctuation (Java开发工程师, “重庆英才·职等你来”…) is matched whole like a
        # free text.
        self.names = {s for s in names if HAN_RUN.fullmatch(s)}
        self.longest = max((len(s) for s in self.names), default=1)
        texts = {WHITESPACE.sub(" ", t).strip() for t in texts if t and t.strip()}
        texts |= names - self.names
        self.short = sorted((t for t in texts if len(t) < self.WINDOW), key=len, reverse=True)
        self.windows = {
            t[i : i + self.WINDOW] for t in texts for i in range(len(t) - self.WINDOW + 1)
        }
        self.latin = {w for s in (*names, *texts) for w in latin_words(s)}

    def strip(self, text: str) -> str:
        """``text`` without free texts (any stretch of them) and masked names."""
        text = WHITESPACE.sub(" ", text)
        data = bytearray(len(text))
        for i in range(len(text) - self.WINDOW + 1):
            if text[i : i + self.WINDOW] in self.windows:
                data[i : i + self.WINDOW] = b"\x01" * self.WINDOW
        text = "".join(" " if marked else char for char, marked in zip(text, data, strict=True))
        for short in self.short:
            text = text.replace(short, " ")
        return MASKED_NAME.sub(" ", text)

    def _made_of_names(self, run: str) -> bool:
        """Whether ``run`` is a sequence of data names and punctuation."""
        reachable = [True] + [False] * len(run)
        for end in range(1, len(run) + 1):
            if PUNCTUATION.match(run[end - 1]) and reachable[end - 1]:
                reachable[end] = True
                continue
            for start in range(max(0, end - self.longest), end):
                if reachable[start] and run[start:end] in self.names:
                    reachable[end] = True
                    break
        return reachable[-1]

    def chinese_outside(self, text: str) -> list[str]:
        runs = HAN_RUN.findall(self.strip(text))
        return sorted(
            {run for run in runs if IDEOGRAPH.search(run) and not self._made_of_names(run)}
        )

    def english_outside(self, text: str) -> list[str]:
        words = latin_words(self.strip(text))
        return sorted({w for w in words if w not in LATIN_ALLOWED and w not in self.latin})


def _shipped_names(value: Any, key: str = "") -> Iterator[str]:
    """Names in a shipped data file: ``name`` values, values keyed by a region's code (an
    agreement's equivalents, 天府英才卡A卡), and an agreement's clauses, quoted as published."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _shipped_names(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _shipped_names(v, key)
    elif isinstance(value, str) and (
        key in {"name", "title", "text"} or re.fullmatch(r"[A-Z]|\d{6}", key)
    ):
        yield value


def _data() -> Data:
    from bashu.jobs.models import JobFair, JobPosting, SeekerProfile
    from bashu.people.models import Employer, Person
    from bashu.recognition.models import (
        AgencyLicence,
        CardService,
        ExpertTeam,
        ProfessionalTitle,
        SkillCertificate,
        TalentCard,
    )
    from bashu.transfers.models import Archive, ArchiveMove, Case, CaseEvent

    def values(model: Any, *fields: str) -> Iterator[str]:
        for row in model.objects.values_list(*fields):
            for value in row:
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):  # skills
                    yield from (v for v in value if isinstance(v, str))

    shipped = [
        name
        for path in sorted(Path(settings.BASE_DIR, "bashu").glob("*/data/*.json"))
        for name in _shipped_names(json.loads(path.read_text(encoding="utf-8")))
    ]

    names = [
        "巴蜀",  # the brand
        "中文",  # the language switch
        "成都市人才服务中心",  # the example of a receiving agency in the archive form's help
        *shipped,  # agreements, benefit tables: their names as published
        *values(Region, "name"),
        *values(Occupation, "name"),
        *values(Industry, "name"),
        *values(TitleSeries, "name"),
        *values(Employer, "name"),
        *values(Person, "name"),
        *values(JobPosting, "title"),
        *values(JobFair, "name", "venue"),
        *values(ProfessionalTitle, "specialty", "committee"),
        *values(CardService, "name"),
        *values(ExpertTeam, "name"),
        *values(Archive, "custodian"),
        *values(ArchiveMove, "from_custodian", "to_custodian"),
        *values(JobPosting, "skills"),
        *values(SeekerProfile, "skills"),
        *values(ProfessionalTitle, "certificate_number"),
        *values(SkillCertificate, "certificate_number"),
        *values(TalentCard, "number"),
        *values(AgencyLicence, "number"),
        *values(User, "username"),
        *values(Employer, "uscc"),
    ]
    texts = [
        *values(JobPosting, "description"),
        *values(JobFair, "description"),
        *values(SeekerProfile, "cv"),
        *values(Case, "reason"),
        *values(CaseEvent, "note"),
    ]
    return Data(names, texts)


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> dict[str, Any]:
    """``bashu demo`` at a tenth of its scale; the addresses of one record of each page."""
    from bashu.jobs.models import JobPosting
    from bashu.transfers.models import Case

    settings.DATA_DIR = tmp_path
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"
    call_command("demo", scale=0.0001, seed=1, stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    posting = JobPosting.objects.filter(status="open").order_by("id").first()
    case = (
        Case.objects.filter(competent_region__code__startswith="5101").order_by("id").first()
        or Case.objects.order_by("id").first()
    )
    assert posting is not None and case is not None
    return {"users": users, "posting": posting.pk, "case": case.pk}


def main_pages(demo: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(demo account or None, address) of every main page."""
    return [
        (None, "/"),
        (None, "/jobs/"),
        (None, "/jobs/?q=工程师"),
        (None, f"/jobs/{demo['posting']}/"),
        (None, "/fairs/"),
        (None, "/indices/"),
        (None, "/recognition/precheck/"),
        (None, "/recognition/certificate/"),
        (None, "/recognition/verify/"),
        (None, "/signup/"),
        (None, "/signup/seeker/"),
        (None, "/signup/employer/"),
        (None, "/login/"),
        (None, "/password/reset/"),
        (None, "/no-such-page/"),
        ("seeker", "/seeker/"),
        ("seeker", "/seeker/profile/"),
        ("seeker", "/services/"),
        ("seeker", "/services/insurance-transfer/"),
        ("seeker", "/services/archive-transfer/"),
        ("seeker", "/me/"),
        ("seeker", "/messages/"),
        ("seeker", "/messages/settings/"),
        ("seeker", "/jobs/alerts/"),
        ("seeker", "/jobs/?q=工程师"),
        ("employer", "/employer/"),
        ("employer", "/employer/postings/new/"),
        ("employer", "/me/"),
        ("employer", "/messages/"),
        ("chengdu", "/cases/"),
        ("chengdu", f"/cases/{demo['case']}/"),
        ("chengdu", "/recognition/desk/"),
        ("chengdu", "/jobs/review/"),
        ("chengdu", "/me/"),
        ("analyst", "/indices/"),
    ]


def answer_pages(demo: dict[str, Any]) -> list[tuple[str | None, str, dict[str, str]]]:
    """(demo account or None, address, form) of the pages a submission answers with: the public
    tools' answers, a form's errors, a check-your-answers page."""
    from bashu.recognition.models import ProfessionalTitle

    title = ProfessionalTitle.objects.select_related("person", "series", "level").first()
    assert title is not None
    pages: list[tuple[str | None, str, dict[str, str]]] = [
        (
            None,
            "/recognition/precheck/",
            {
                "kind": "title",
                "series": title.series.name,
                "title_level": title.level.name,
                "issuing_region": "510100",
                "host_region": "500000",
            },
        ),
        (
            None,
            "/recognition/certificate/",
            {"number": title.certificate_number, "name": title.person.name},
        ),
        ("employer", "/employer/postings/new/", {"title": ""}),
        ("seeker", "/seeker/profile/", {}),
        ("seeker", "/services/insurance-transfer/", {"to_region": "510104"}),
        ("chengdu", "/recognition/desk/", {"number": title.certificate_number}),
    ]
    # The verify page with a signed credential, as its holder downloads it.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(demo["users"]["admin"])
    document = client.get(f"/api/v1/recognition/credentials/{title.certificate_number}/document")
    assert document.status_code == 200, document.content
    pages.append((None, "/recognition/verify/", {"document": document.content.decode()}))
    return pages


def _render(
    demo: dict[str, Any],
    username: str | None,
    path: str,
    language: str,
    form: dict[str, str] | None = None,
) -> str:
    client = Client(HTTP_HOST="127.0.0.1")
    if username is not None:
        client.force_login(demo["users"][username])
    client.cookies["django_language"] = language
    if form is None:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    else:
        response = client.post(path, form, HTTP_ACCEPT_LANGUAGE=language)
    expected = 404 if path == "/no-such-page/" else 200
    assert response.status_code == expected, (username, path, response.status_code)
    return response.content.decode()


def test_main_pages_speak_one_language(demo: dict[str, Any]) -> None:
    data = _data()
    failures: list[str] = []
    pages = [(username, path, None) for username, path in main_pages(demo)]
    for username, path, form in [*pages, *answer_pages(demo)]:
        who = username or "anonymous"
        if form is not None:
            who += " POST"
        for language, check in (("en", data.chinese_outside), ("zh-hans", data.english_outside)):
            page_language, text = visible_text(_render(demo, username, path, language, form))
            text = text.replace(path, " ")  # the 404 page names the address asked for
            assert page_language == language, (path, page_language)
            leftover = check(text)
            if leftover:
                failures.append(f"{language} {who} {path}: {' | '.join(leftover)}")
    assert not failures, "Interface text in the other language:\n" + "\n".join(failures)


# --- the checker itself ------------------------------------------------------------------------


def test_the_checker_tells_data_from_interface_text() -> None:
    data = Data(["成都市", "武侯区", "焊工", "Java开发工程师"], ["负责焊接岗位的日常工作。"])
    language, text = visible_text(
        '<html lang="en"><head><title>Jobs · 巴蜀</title><script>var a="脚本";</script></head>'
        '<body><p>成都市武侯区 · 焊工</p><p>张** applied</p><input placeholder="搜索">'
        '<button lang="zh-hans">中文</button><p>负责焊接岗位的日常工作。</p>'
        "<p>Posted 已投递</p><p>成都市、武侯区</p></body></html>"
    )
    assert language == "en"
    assert sorted(data.chinese_outside(text)) == sorted(["巴蜀", "已投递", "搜索"])
    _, chinese = visible_text(
        '<html lang="zh-hans"><body><p>Java开发工程师 · 下载 PDF</p>'
        '<button lang="en">English</button><p>Revoked</p></body></html>'
    )
    assert data.english_outside(chinese) == ["Revoked"]


# --- the API's error messages ------------------------------------------------------------------

#: Requests the API refuses: missing and malformed fields, a bound exceeded, a missing record.
API_REFUSALS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("post", "/api/v1/accounts/seekers", {}),
    (
        "post",
        "/api/v1/accounts/seekers",
        {"name": "张三", "resident_id": "510104199001011230", "phone": "123", "password": "x"},
    ),
    (
        "post",
        "/api/v1/accounts/employers",
        {
            "uscc": "91510100MA61234567",
            "name": "成都某某有限公司",
            "contact_name": "李四",
            "phone": "13800000000",
            "password": "a-long-passphrase",
        },
    ),
    (
        "post",
        "/api/v1/recognition/precheck",
        {"kind": "title", "issuing_region": "510100", "host_region": "500000"},
    ),
    ("get", "/api/v1/jobs/search?limit=10000", None),
    ("get", "/api/v1/jobs/postings/99999999", None),
]


def _messages(body: Any) -> Iterator[str]:
    """The sentences of an API error: its detail and each error's message."""
    yield str(body.get("detail", ""))
    for error in body.get("errors", []):
        yield str(error.get("message", ""))


def test_api_errors_speak_one_language() -> None:
    data = Data(
        [
            *Region.objects.values_list("name", flat=True),
            *TitleSeries.objects.values_list("name", flat=True),
            # the levels a refusal lists as the vocabulary to use
            *("员级", "助理级", "中级", "副高级", "正高级", "学徒工", "首席技师"),
        ],
        [],
    )
    failures = []
    for method, path, body in API_REFUSALS:
        for language, check in (("en", data.chinese_outside), ("zh-hans", data.english_outside)):
            client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE=language)
            if method == "post":
                response = client.post(path, json.dumps(body), content_type="application/json")
            else:
                response = client.get(path)
            assert response.status_code >= 400, (path, response.status_code)
            leftover = check("\n".join(_messages(response.json())))
            if leftover:
                failures.append(f"{language} {method.upper()} {path}: {' | '.join(leftover)}")
    assert not failures, "API errors in the other language:\n" + "\n".join(failures)
