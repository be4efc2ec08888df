"""The load server's settings: ``make run``'s profile (config.settings.local: DEBUG off,
gunicorn, whitenoise, the PostgreSQL pool) with one deployment fact changed.

The load generator sends each simulated user's address in ``X-Forwarded-For``, as a reverse
proxy in front of the portal would; the server believes that one hop. Rate limits
(BASHU_RATE_LIMITS) and the sign-in lockout (django-axes) keep their production values and
count per simulated user. Nothing is disabled.

Used as ``DJANGO_SETTINGS_MODULE=load_settings`` with ``PYTHONPATH=bench/load`` (bench/load/run.sh).
"""

from __future__ import annotations

from config.settings.local import *  # noqa: F403

# One reverse proxy in front (the load generator plays it); see bashu.core.throttling.client_address.
BASHU_TRUSTED_PROXIES = 1

# The static files, collected once for every load database (collectstatic compresses them all,
# minutes of CPU): /work/bashu-load-data/static beside the per-database data directories.
STATIC_ROOT = DATA_DIR.parent / "static"  # noqa: F405
