"""The local profile of ``make run``: the production server on the loopback, plain http.

Production in everything but two things, both explicit: the secret is generated once into
BASHU_DATA_DIR when BASHU_SECRET_KEY is unset, and the HTTPS-only settings follow BASHU_TLS
(off unless set). See docs/adr/0008-serving.md.
"""

from __future__ import annotations

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.SECRET_KEY or env.local_secret_key()
