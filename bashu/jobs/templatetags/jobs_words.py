"""Template filters of the job pages: reference rows and feed names in the reader's language.

``{% load jobs_words %}``, then ``{{ posting.education|in_language }}`` (学历: ``name`` in
Chinese, ``name_en`` in English), ``{{ sources|source_names }}`` (``sichuan`` →
四川公共招聘网) and ``{{ match|match_percent }}`` (匹配度, calibrated).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from bashu.core.selectors import localized_name
from bashu.jobs.matching.score import shown_percent
from bashu.jobs.selectors import source_names

register = template.Library()


@register.filter
def in_language(row: Any) -> str:
    return localized_name(row)


@register.filter(name="source_names")
def source_names_filter(sources: Any) -> str:
    return gettext("、").join(source_names(list(sources or [])))


@register.filter
def match_percent(match: Any) -> int:
    """A match's 匹配度 as the page shows it: calibrated (``score.shown_percent``)."""
    return shown_percent(float(match.score))
