"""English words for the classification's Chinese ones (职业英文检索词), plain Python.

The occupational classification (职业分类大典) has Chinese names only; an English reader
types "welder", not 焊工. ``core/data/occupation_english.csv`` lists common English job
words with the Chinese word each means; the pickers (``bashu.core.selectors``) and the job
search (``bashu.jobs.text``) look an English word up here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bashu.core.loaders import data_file_load

OCCUPATION_ENGLISH = Path(__file__).resolve().parent / "data" / "occupation_english.csv"


@lru_cache(maxsize=1)
def occupation_english() -> dict[str, str]:
    """English job word → the Chinese word of the classification it means (welder → 焊工)."""
    return {row["english"]: row["name"] for row in data_file_load(OCCUPATION_ENGLISH)}


def occupation_words_for(english: str, *, prefix: bool = False) -> list[str]:
    """The Chinese words an English word means: ``welder`` and ``welders`` give 焊工, and
    with ``prefix`` (a picker, as the reader types) so does ``weld``; none for a word not
    listed, shorter than three letters or not English."""
    word = english.strip().lower()
    if len(word) < 3 or not (word.isascii() and word.isalpha()):
        return []
    return sorted(
        {
            name
            for key, name in occupation_english().items()
            if (prefix and key.startswith(word))
            or (word.startswith(key) and len(word) - len(key) <= 2)
        }
    )
