"""Static files: only what the pages load goes through ``collectstatic``.

``STATICFILES_DIRS`` points at whole ``node_modules/*/dist`` folders (51 MB for ECharts, with
source maps and six builds), and django-ninja ships ReDoc beside the Swagger UI it serves;
``collectstatic`` would hash and compress every file (minutes, with brotli). These finders
list only ``settings.STATIC_VENDOR_FILES`` from the prefixed folders and skip the app files
matching ``settings.STATIC_SKIP``; finding a file by name (the development server) is
unchanged. A test checks that every ``{% static 'vendor/…' %}`` in a template is listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatch
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder, FileSystemFinder


class VendorFinder(FileSystemFinder):
    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, Any]]:
        for path, storage in super().list(ignore_patterns):
            prefix = getattr(storage, "prefix", None)
            if not prefix or f"{prefix}/{path}" in settings.STATIC_VENDOR_FILES:
                yield path, storage


class AppFinder(AppDirectoriesFinder):
    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, Any]]:
        for path, storage in super().list(ignore_patterns):
            if not any(fnmatch(path, pattern) for pattern in settings.STATIC_SKIP):
                yield path, storage
