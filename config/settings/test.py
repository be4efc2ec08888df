"""Settings for the test suite: fast password hashing, an isolated data directory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="bashu-test-"))
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Tests of concurrent writers open more threads than one server thread's pool holds; the
    # pool itself is exercised against a real server (bashu/core/tests/test_trust_serving.py).
    DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks for it at start-up
