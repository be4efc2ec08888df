"""Screenshots of every main page at desktop and phone width, in Chinese and in English.

Usage (a database with ``bashu demo`` loaded; ``--demo`` loads it first)::

    DATABASE_URL=postgres://… BASHU_DATA_DIR=… .venv/bin/python scripts/screenshots.py [--demo]

It starts Django's development server on a free port of the loopback with DEBUG off
(``config.settings.screenshots``: the public's pages, the site's own 404; static files served
from the apps and ``node_modules`` by ``runserver --insecure``), signs the demo accounts in,
opens each page in Debian's headless chromium (``/usr/bin/chromium``, driven by Playwright)
at 1366×900 and 390×844 in both languages, and writes the visible part of each page (the
viewport, not the whole page: the files stay small) to
``docs/screenshots/<page>-<width>-<lang>.png``, with an index ``docs/screenshots/README.md``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {1366: {"width": 1366, "height": 900}, 390: {"width": 390, "height": 844}}
LANGUAGES = ("zh", "en")
COOKIE_LANGUAGE = {"zh": "zh-hans", "en": "en"}


@dataclass(frozen=True)
class Shot:
    name: str  # file name stem
    title: str  # what the index calls it
    path: str
    account: str | None = None  # a demo account's username


def _pages() -> list[Shot]:
    """The main pages, with one record of each kind from the demo database."""
    from bashu.jobs.models import JobPosting
    from bashu.transfers.models import Case

    posting = JobPosting.objects.filter(status="open").order_by("id").first()
    case = (
        Case.objects.filter(competent_region__code__startswith="5101")
        .order_by("-received_at")
        .first()
    )
    shots = [
        Shot("home", "Home 首页", "/"),
        Shot("jobs", "Job search 找工作", "/jobs/?q=工程师"),
        Shot("fairs", "Job fairs 招聘会", "/fairs/"),
        Shot("precheck", "Recognition pre-check 互认预查", "/recognition/precheck/"),
        Shot("certificate", "Certificate check 证书查验", "/recognition/certificate/"),
        Shot("verify", "Verify a document 验证电子证书", "/recognition/verify/"),
        Shot("indices", "Indices dashboard 就业指数", "/indices/", "analyst"),
        Shot("signup", "Sign up 注册", "/signup/"),
        Shot("signup-seeker", "Seeker sign-up 求职者注册", "/signup/seeker/"),
        Shot("login", "Log in 登录", "/login/"),
        Shot("seeker", "Seeker dashboard 我的求职", "/seeker/", "seeker"),
        Shot("profile", "Seeker profile form 求职档案", "/seeker/profile/", "seeker"),
        Shot("hall", "Service hall 办事大厅", "/services/", "seeker"),
        Shot(
            "insurance-transfer",
            "Insurance transfer form 失业保险关系转移",
            "/services/insurance-transfer/",
            "seeker",
        ),
        Shot("me", "My account 我的账户", "/me/", "seeker"),
        Shot("employer", "Employer dashboard 招聘管理", "/employer/", "employer"),
        Shot("posting-form", "Posting form 发布岗位", "/employer/postings/new/", "employer"),
        Shot("queue", "Case queue 一窗受理", "/cases/", "chengdu"),
        Shot("review", "Posting review queue 岗位审核", "/jobs/review/", "chengdu"),
        Shot("desk", "Recognition desk 互认办理", "/recognition/desk/", "chengdu"),
        Shot("not-found", "Not found 页面不存在", "/no-such-page/"),
    ]
    if posting is not None:
        shots.insert(2, Shot("posting", "A posting 岗位详情", f"/jobs/{posting.pk}/"))
    if case is not None:
        shots.insert(-4, Shot("case", "A case 案件", f"/cases/{case.pk}/", "chengdu"))
    return shots


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.screenshots"}
    server = subprocess.Popen(  # noqa: S603 - our own command
        [
            str(ROOT / ".venv" / "bin" / "bashu"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--insecure",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the development server did not start") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the development server did not answer")


def _session(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from bashu.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _index(shots: list[Shot]) -> str:
    lines = [
        "# Screenshots",
        "",
        "Every main page of the portal on the demo data (`bashu demo`), at desktop width",
        "(1366×900) and phone width (390×844), in Chinese and in English: the visible part of the",
        "page as it opens. Made by `scripts/screenshots.py`; run it again after a change to a page.",
        "",
        "| page | address | 1366 中文 | 1366 English | 390 中文 | 390 English |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for shot in shots:
        cells = [
            f"[{width} {language}]({shot.name}-{width}-{language}.png)"
            for width in WIDTHS
            for language in LANGUAGES
        ]
        lines.append(f"| {shot.title} | `{shot.path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="migrate and load `bashu demo` first")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("BASHU_DEBUG", "true")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    if args.demo:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("demo")
        call_command("headlines_refresh")
    shots = _pages()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # The sessions are made before Playwright starts: its event loop forbids the ORM.
    sessions = {name: _session(name) for name in {s.account for s in shots if s.account}}
    server = _serve(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for width, viewport in WIDTHS.items():
                for language in LANGUAGES:
                    for shot in shots:
                        context = browser.new_context(
                            locale="zh-CN", viewport=viewport, is_mobile=width < 992
                        )
                        cookies = [
                            {
                                "name": "django_language",
                                "value": COOKIE_LANGUAGE[language],
                                "url": base,
                            }
                        ]
                        if shot.account:
                            cookies.append(
                                {
                                    "name": settings.SESSION_COOKIE_NAME,
                                    "value": sessions[shot.account],
                                    "url": base,
                                }
                            )
                        context.add_cookies(cookies)  # type: ignore[arg-type]
                        page = context.new_page()
                        page.goto(base + shot.path)
                        page.wait_for_load_state("networkidle")
                        page.wait_for_timeout(600)  # charts draw after load
                        target = args.out / f"{shot.name}-{width}-{language}.png"
                        page.screenshot(path=str(target))
                        context.close()
                        print(target)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    (args.out / "README.md").write_text(_index(shots), encoding="utf-8")


if __name__ == "__main__":
    main()
