"""Fair-hiring screen (公平就业审查): discriminatory restrictions in a posting.

The phrases, their categories, the action (refuse or flag for review) and the legal rule
are data (``data/fair_hiring_phrases.csv``), dated by the day the rule took effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from bashu.core.loaders import data_file_load
from bashu.jobs.text import DATA, normalise


@dataclass(frozen=True)
class Phrase:
    phrase: str
    category: str
    action: str  # "refuse" or "flag"
    rule: str
    source: str
    effective_from: dt.date


@dataclass(frozen=True)
class Finding:
    field: str
    phrase: str
    category: str
    action: str
    rule: str


@lru_cache(maxsize=1)
def phrases() -> tuple[Phrase, ...]:
    return tuple(
        Phrase(
            phrase=normalise(row["phrase"]).strip(),
            category=row["category"],
            action=row["action"],
            rule=row["rule"],
            source=row["source"],
            effective_from=dt.date.fromisoformat(row["effective_from"]),
        )
        for row in data_file_load(DATA / "fair_hiring_phrases.csv")
    )


def screen(fields: dict[str, str], *, on: dt.date) -> list[Finding]:
    """Every restricting phrase found in the given text fields, under the rules in force ``on``."""
    findings = []
    for field, text in fields.items():
        haystack = normalise(text)
        for phrase in phrases():
            if phrase.effective_from <= on and phrase.phrase in haystack:
                findings.append(
                    Finding(field, phrase.phrase, phrase.category, phrase.action, phrase.rule)
                )
    return findings
