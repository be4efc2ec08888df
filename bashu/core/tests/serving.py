"""Run the real production server (gunicorn, config/gunicorn.conf.py) in tests.

Subprocesses on a free loopback port, each with its own BASHU_DATA_DIR; stopped by their own
process id. Used by the serving and backup tests.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BIN = Path(sys.executable).parent
REPO = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(
    data_dir: Path, *, database_url: str | None, profile: str = "local", **extra: str
) -> dict[str, str]:
    """A clean environment for a ``bashu`` or gunicorn subprocess of the given profile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASHU_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = f"config.settings.{profile}"
    env["BASHU_DATA_DIR"] = str(data_dir)
    if profile == "production":
        env["BASHU_SECRET_KEY"] = secrets.token_urlsafe(50)
        # Any channel but the console (which production refuses); no code is sent here.
        env["BASHU_MESSAGE_BACKEND"] = "bashu.accounts.messaging.LocmemBackend"
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def bashu(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``bashu`` in a subprocess; with ``check``, a failure shows its output."""
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(BIN / "bashu"), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"bashu {args[0]} exited {result.returncode}\n{result.stdout}\n{result.stderr[-4000:]}"
        )
    return result


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@dataclass
class Server:
    url: str
    access_log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """One GET; a redirect is returned, not followed."""
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310 - loopback
        try:
            with _NO_REDIRECTS.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@contextmanager
def serve(env: dict[str, str], *, workers: int = 1, threads: int = 4) -> Iterator[Server]:
    """gunicorn with the project's configuration; yields once it answers, stops it after."""
    port = free_port()
    data_dir = Path(env["BASHU_DATA_DIR"])
    access_log = data_dir / "access.log"
    env = {
        **env,
        "BASHU_BIND": f"127.0.0.1:{port}",
        "BASHU_WORKERS": str(workers),
        "BASHU_THREADS": str(threads),
        "BASHU_ACCESS_LOG": str(access_log),
    }
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--config", "config/gunicorn.conf.py"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", access_log, process)
    try:
        for _ in range(600):  # up to a minute on a busy machine
            if process.poll() is not None:
                raise RuntimeError((data_dir / "server.log").read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
