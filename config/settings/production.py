"""Production settings: no debug, a real secret, HTTPS only (docs/adr/0008-serving.md)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import CONTENT_SECURITY_POLICY

DEBUG = False
if not env.SECRET_KEY:
    raise ImproperlyConfigured("BASHU_SECRET_KEY must be set in production.")
SECRET_KEY = env.SECRET_KEY
if not env.MESSAGE_BACKEND or env.MESSAGE_BACKEND.endswith(".ConsoleBackend"):
    raise ImproperlyConfigured(
        "BASHU_MESSAGE_BACKEND must name the SMS gateway's backend in production: the console "
        "backend writes one-time codes to the log."
    )
if env.TLS is False:
    raise ImproperlyConfigured(
        "Production serves over HTTPS only; for plain http on the loopback use "
        "config.settings.local (make run)."
    )

# HTTPS, directly or behind a proxy that terminates TLS. gunicorn trusts X-Forwarded-Proto
# only from forwarded_allow_ips (config/gunicorn.conf.py), so Django needs no proxy header.
TLS = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
