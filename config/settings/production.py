"""Production settings: no debug, a real secret, secure cookies."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = False
if not env.SECRET_KEY:
    raise ImproperlyConfigured("BASHU_SECRET_KEY must be set in production.")
SECRET_KEY = env.SECRET_KEY
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
