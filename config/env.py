"""The one place that reads the process environment.

Every setting that can vary between machines is read here, typed, with its default,
so the rest of the code never calls ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


#: Database. ``sqlite:///path`` (the default, embedded) or ``postgres://user@host:port/name``.
DATABASE_URL: str = os.environ.get("DATABASE_URL", "")

#: Everything else the platform writes: search indexes, extracts, signing keys.
#: Two instances with different data directories never share a file.
DATA_DIR: Path = Path(os.environ.get("BASHU_DATA_DIR", str(BASE_DIR / "var"))).resolve()

#: The province this node is run for; its chain checkpoints go to the other province's log
#: (docs/adr/0009-audit-anchoring.md).
NODE_REGION: str = os.environ.get("BASHU_NODE_REGION", "510000")

DEBUG: bool = _bool("BASHU_DEBUG", default=True)
SECRET_KEY: str = os.environ.get("BASHU_SECRET_KEY", "")

#: Is the portal reached over HTTPS (directly or through a proxy that terminates TLS)?
#: ``None`` when unset: production then assumes HTTPS and refuses ``false``; the local profile
#: (``make run``, plain http on the loopback) assumes it is not. See docs/adr/0008-serving.md.
TLS: bool | None = None if os.environ.get("BASHU_TLS") is None else _bool("BASHU_TLS", True)

#: The production server (config/gunicorn.conf.py): where it listens, how many worker
#: processes and threads per process. Each thread holds at most one database connection.
BIND: str = os.environ.get("BASHU_BIND", "127.0.0.1:8000")
#: Two processes per core, two threads each: on 2 cores, 4 × 2 answered the load test's 200
#: users with p95 171 ms where 2 × 4 gave 271 ms (one process's threads share one interpreter
#: lock; bench/results/load-1m-b and load-1m-c, 2026-12-02).
WORKERS: int = int(os.environ.get("BASHU_WORKERS", "4"))
THREADS: int = int(os.environ.get("BASHU_THREADS", "2"))
#: Where the server writes its access log (``-`` is standard output).
ACCESS_LOG: str = os.environ.get("BASHU_ACCESS_LOG", "-")
#: Where the portal is reached from outside, for absolute links in signed documents (the
#: status list a verifiable credential names).
PUBLIC_URL: str = os.environ.get("BASHU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

#: Proxies in front of the server that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TRUSTED_PROXIES: int = int(os.environ.get("BASHU_TRUSTED_PROXIES", "0") or 0)

ALLOWED_HOSTS: list[str] = [
    h for h in os.environ.get("BASHU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
LOG_LEVEL: str = os.environ.get("BASHU_LOG_LEVEL", "INFO")

#: The channel one-time codes are sent by (bashu/accounts/messaging.py): the SMS gateway's
#: backend class. Unset means the console backend, which writes codes to the log; production
#: refuses it.
MESSAGE_BACKEND: str = os.environ.get("BASHU_MESSAGE_BACKEND", "")


def database_url() -> str:
    """The database URL, defaulting to an SQLite file inside the data directory."""
    return DATABASE_URL or f"sqlite:///{DATA_DIR / 'bashu.sqlite3'}"


def local_secret_key() -> str:
    """The local profile's secret: generated once into ``DATA_DIR/secret_key`` (mode 0600).

    Only for ``config.settings.local``; production refuses to start without BASHU_SECRET_KEY.
    Written to a private temporary file and linked into place, so two processes starting at
    once agree on one key and nobody ever reads a half-written file.
    """
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = DATA_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, secrets.token_urlsafe(64).encode())
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first; use its key
        finally:
            tmp.unlink()
    return path.read_text().strip()


#: Notifications (docs/adr/0015-notifications.md): the portal's address for links in outbound
#: messages, Django's e-mail backend (SMTP in production: ``EMAIL_HOST`` etc. are Django's
#: defaults unless set) and the sender.
SITE_URL: str = os.environ.get("BASHU_SITE_URL", "")
EMAIL_BACKEND: str = os.environ.get(
    "BASHU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FROM: str = os.environ.get("BASHU_EMAIL_FROM", "noreply@bashu.localhost")
