"""The one place that reads the process environment.

Every setting that can vary between machines is read here, typed, with its default,
so the rest of the code never calls ``os.environ``.
"""

from __future__ import annotations

import os
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

DEBUG: bool = _bool("BASHU_DEBUG", default=True)
SECRET_KEY: str = os.environ.get("BASHU_SECRET_KEY", "")
ALLOWED_HOSTS: list[str] = [
    h for h in os.environ.get("BASHU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
LOG_LEVEL: str = os.environ.get("BASHU_LOG_LEVEL", "INFO")


def database_url() -> str:
    """The database URL, defaulting to an SQLite file inside the data directory."""
    return DATABASE_URL or f"sqlite:///{DATA_DIR / 'bashu.sqlite3'}"
