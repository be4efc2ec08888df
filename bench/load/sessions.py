"""Open sessions for the load accounts (bench/load/run.sh, stage load, just before locust).

A real population of signed-in users is mostly people who signed in a while ago and are
still using their session; only a few sign in during any few minutes. So the load test's
signed-in users resume a session opened here (as Django's ``login()`` would store it: the
user, the backend and the password hash; the platform's idle and absolute lifetimes start at
its first request), and a share of them (``LOAD_SIGN_IN_SHARE`` in the locustfile) sign in
with the password through the sign-in page, measured apart.

Usage: DJANGO_SETTINGS_MODULE=... DATABASE_URL=... .venv/bin/python bench/load/sessions.py \
       LOAD_DATA.json SESSIONS.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from bashu.core.models import User  # noqa: E402

#: The backend that authenticates a password sign-in (after axes' standalone check).
BACKEND = "bashu.accounts.backends.IdentifierBackend"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    if BACKEND not in settings.AUTHENTICATION_BACKENDS:
        raise SystemExit(f"{BACKEND} is not in AUTHENTICATION_BACKENDS")
    data = json.loads(args.data.read_text(encoding="utf-8"))
    names = [row["username"] for rows in data["accounts"].values() for row in rows]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    sessions: dict[str, str] = {}
    for name in names:
        user = users[name]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = BACKEND
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[name] = store.session_key or ""
    args.output.write_text(json.dumps(sessions, indent=1), encoding="utf-8")
    print(f"{len(sessions)} sessions → {args.output}")


if __name__ == "__main__":
    main()
