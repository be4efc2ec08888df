"""Template filters of the job pages: reference rows and feed names in the reader's language.

``{% load jobs_words %}``, then ``{{ posting.education|in_language }}`` (学历: ``name`` in
Chinese, ``name_en`` in English) and ``{{ sources|source_names }}`` (``sichuan`` →
四川公共招聘网).
"""

from __future__ import annotations

from typing import Any

from django import template

from bashu.core.selectors import localized_name
from bashu.jobs.selectors import source_names

register = template.Library()


@register.filter
def in_language(row: Any) -> str:
    return localized_name(row)


@register.filter(name="source_names")
def source_names_filter(sources: Any) -> str:
    return "、".join(source_names(list(sources or [])))
