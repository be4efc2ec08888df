"""scripts/screenshots.py's server: DEBUG off, so the pages are what the public sees (the
site's own 404 page, not Django's debug page listing every route), with the static files
served from the apps and ``node_modules`` by ``runserver --insecure`` (no collectstatic)."""

from config.settings.base import *  # noqa: F403

DEBUG = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
