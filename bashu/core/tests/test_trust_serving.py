"""Serving like production: the real server, its headers, its access log, its settings.

Each test here runs ``bashu`` or gunicorn as a subprocess (settings are per process), on
SQLite files in a temporary BASHU_DATA_DIR; the PostgreSQL test uses its own database.
"""

from __future__ import annotations

import re
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from bashu.core.tests.serving import Server, bashu, environment, serve
from conftest import requires_postgresql

ID = "510114198608170076"
BIRTH = "19860817"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``collectstatic`` once (hashing and compressing takes a while); servers link to it."""
    data_dir = tmp_path_factory.mktemp("collected")
    bashu(
        "collectstatic",
        "--no-input",
        "--verbosity",
        "0",
        env=environment(data_dir, database_url=None),
    )
    return data_dir / "static"


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory, static_root: Path) -> Server:
    """``make run``'s profile: migrated SQLite, collected static files, gunicorn."""
    data_dir = tmp_path_factory.mktemp("served")
    env = environment(data_dir, database_url=None)
    bashu("migrate", "--no-input", env=env)
    (data_dir / "static").symlink_to(static_root)
    with serve(env, workers=2, threads=2) as server:
        yield server  # type: ignore[misc]


def test_local_profile_serves_with_debug_off_and_static_files(local_server: Server) -> None:
    status, _headers, body = local_server.get("/")
    assert status == 200
    css = re.search(rb'href="(/static/web/bashu\.[0-9a-f]{12}\.css)"', body)
    assert css, "hashed static names (the manifest storage, DEBUG off)"
    status, headers, _ = local_server.get(css.group(1).decode())
    assert status == 200 and "immutable" in headers["Cache-Control"]
    status, _, body = local_server.get("/no-such-page/")
    assert status == 404 and b"URLconf" not in body and b"Traceback" not in body


def test_local_profile_generates_a_private_secret_once(local_server: Server) -> None:
    secret = Path(local_server.access_log.parent / "secret_key")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_text().strip()) >= 50
    env = environment(secret.parent, database_url=None)
    shown = bashu(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
    )
    assert shown.stdout.strip() == secret.read_text().strip()


def test_security_headers(local_server: Server) -> None:
    _, headers, _ = local_server.get("/")
    csp = headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    )
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    # Plain http on the loopback: no HSTS, which would pin the browser to https://127.0.0.1.
    assert "Strict-Transport-Security" not in headers


def test_personal_api_answers_are_not_stored(local_server: Server) -> None:
    _, headers, _ = local_server.get(f"/api/v1/validate/resident-id/{ID}")
    assert headers["Cache-Control"] == "no-store, private"
    _, headers, _ = local_server.get("/api/v1/regions")
    assert "no-store" not in headers.get("Cache-Control", "")


def test_access_log_never_holds_an_id(local_server: Server) -> None:
    paths = [
        f"/jobs/?q=ID{ID}",
        f"/jobs/?q=%20{ID}",
        f"/jobs/?q=%E8%BA%AB{ID}",
        "/api/v1/validate/resident-id/510114-19860817-0076",
        "/api/v1/validate/resident-id/5101%201419%208608%201700%2076",
        "/jobs/?q=13812345678&page=1",
        "/jobs/?q=028-12345678",
    ]
    for path in paths:
        local_server.get(path, Referer=f"{local_server.url}/people/?q={ID}")
    log = local_server.access_log.read_text()
    assert log.count("GET /") >= len(paths), log
    digits = re.sub(r"\D", "", re.sub(r"%[0-9A-Fa-f]{2}", "", log))
    for secret in (BIRTH, "13812345678", "2812345678"):
        assert secret not in digits, log


def test_production_check_deploy_is_clean(tmp_path: Path) -> None:
    env = environment(tmp_path, database_url=None, profile="production")
    result = bashu("check", "--deploy", "--fail-level", "DEBUG", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_refuses_the_console_message_backend(tmp_path: Path) -> None:
    """The console channel writes one-time codes to the log: fine on a laptop, never in production."""
    for backend in ("", "bashu.accounts.messaging.ConsoleBackend"):
        env = environment(tmp_path, database_url=None, profile="production")
        env["BASHU_MESSAGE_BACKEND"] = backend
        result = bashu("check", env=env, check=False)
        assert result.returncode != 0
        assert "BASHU_MESSAGE_BACKEND" in result.stderr


def test_production_server_is_https_only(tmp_path: Path, static_root: Path) -> None:
    """Plain http is redirected; over HTTPS (a proxy on this machine says so) HSTS is sent
    and cookies are Secure."""
    env = environment(tmp_path, database_url=None, profile="production")
    (tmp_path / "static").symlink_to(static_root)
    with serve(env, workers=1, threads=2) as server:
        status, headers, _ = server.get("/")
        https_status, https_headers, _ = server.get("/", **{"X-Forwarded-Proto": "https"})
    assert status == 301 and headers["Location"].startswith("https://")
    assert https_status == 200
    hsts = https_headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert "upgrade-insecure-requests" in https_headers["Content-Security-Policy"]
    assert "Secure" in https_headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"BASHU_SECRET_KEY": ""}, "BASHU_SECRET_KEY"), ({"BASHU_TLS": "false"}, "HTTPS only")],
)
def test_production_refuses_to_start_unsafe(
    tmp_path: Path, extra: dict[str, str], message: str
) -> None:
    env = {**environment(tmp_path, database_url=None, profile="production"), **extra}
    result = bashu("check", env=env, check=False)
    assert result.returncode != 0 and message in result.stderr


@requires_postgresql
def test_connections_are_bounded_under_parallel_load(tmp_path: Path, static_root: Path) -> None:
    """60 parallel requests on 2 workers x 3 threads: all answered, at most 6 connections.

    (With a connection per request thread and conn_max_age=60, 20 parallel requests exhausted
    PostgreSQL and 5 of them answered 500.)
    """
    base = settings.DATABASES["default"]
    name = f"{base['NAME']}_serving"
    admin = psycopg.connect(
        host=base["HOST"] or "127.0.0.1", port=base["PORT"] or 5432, user=base["USER"],
        password=base["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = "postgres://{}@{}:{}/{}".format(
            base["USER"], base["HOST"] or "127.0.0.1", base["PORT"] or 5432, name
        )
        env = environment(tmp_path, database_url=url)
        bashu("migrate", "--no-input", env=env)
        (tmp_path / "static").symlink_to(static_root)
        with serve(env, workers=2, threads=3) as server:
            seen: list[int] = []
            done = threading.Event()

            def watch() -> None:
                while not done.is_set():
                    row = admin.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
                    ).fetchone()
                    seen.append(row[0] if row else 0)
                    done.wait(0.05)

            watcher = threading.Thread(target=watch)
            watcher.start()
            paths = ["/fairs/", "/api/v1/regions?level=county", "/api/v1/jobs/fairs"] * 20
            with ThreadPoolExecutor(max_workers=60) as pool:
                statuses = list(pool.map(lambda p: server.get(p)[0], paths))
            done.set()
            watcher.join()
        assert statuses == [200] * len(paths), statuses
        assert seen and max(seen) <= 2 * 3, seen
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


TEMPLATES = sorted(Path(settings.BASE_DIR, "bashu").glob("*/templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_satisfy_the_content_security_policy(template: Path) -> None:
    """script-src and style-src are 'self': no inline script, style, style attribute or
    on* handler (JSON data islands are not scripts)."""
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"))  # comments
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, (template, tag)
    assert not re.search(r"<style\b", text), template
    assert not re.search(r"\sstyle\s*=", text), template
    assert not re.search(r"\son[a-z]+\s*=", text), template


def test_every_vendor_file_a_template_loads_is_collected() -> None:
    loaded = {
        name
        for template in TEMPLATES
        for name in re.findall(r"""\{%\s*static\s+['"](vendor/[^'"]+)['"]""", template.read_text())
    }
    assert loaded and loaded <= settings.STATIC_VENDOR_FILES
