"""Fair-hiring screen (公平就业审查): discriminatory restrictions in a posting.

What is screened is data, dated by the day its rule took effect, each row with its protected
ground (``category``), its action (refuse, or flag for a caseworker's review) and its legal rule:

- ``data/fair_hiring_phrases.csv``: fixed phrases (限男性, 乙肝携带者勿扰);
- ``data/fair_hiring_patterns.csv``: regular expressions for what employers actually write
  (招聘女性, "男，25-35岁", 乙肝携带者勿投, 35周岁以下), each with an example it must find;
- ``data/fair_hiring_neutral.csv``: negations and neutral uses (男女不限, 不限户籍, 女装销售,
  妇产科护士, 乙肝疫苗接种, 年满18周岁), blanked before the patterns run.

The loader refuses a pattern that does not compile or could backtrack catastrophically (no
unbounded or nested quantifier, ``bashu.core.loaders.REGEX_MAX_REPEAT``), so scanning stays
linear in the length of the posting. Decisions written down in the data:

- an age floor above 18 (``35岁以上优先``) is an age criterion too: flagged like a ceiling;
  16 and 18 are the legal working ages (《劳动法》第十五条), left alone;
- 未婚 in 未婚妈妈 (a help-line, a service) is not a marital-status restriction;
- 少数民族优先 is the care 《就业促进法》第二十八条 asks for, left alone;
- 孕期哺乳期女性勿扰 is childbearing, not sex: it excludes on pregnancy and nursing
  (《妇女权益保障法》第四十三条), quoted whole; 女性勿扰 standing alone is sex.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bashu.core.loaders import data_file_load
from bashu.jobs.text import DATA, normalise

#: What a neutral span is replaced with: neither a word character nor a digit, so no
#: pattern matches across or into it.
_BLANK = "\x00"


@dataclass(frozen=True)
class Rule:
    """One phrase or pattern of the data, compiled."""

    name: str
    regex: re.Pattern[str]
    category: str
    action: str  # "refuse" or "flag"
    rule: str
    source: str
    effective_from: dt.date


@dataclass(frozen=True)
class Finding:
    field: str
    phrase: str  # the text as the employer wrote it (the quote)
    category: str
    action: str
    rule: str


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The fixed phrases (as literal patterns) and the patterns, compiled once."""
    phrases = tuple(
        Rule(
            name=f"phrase:{row['phrase']}",
            regex=re.compile(re.escape(normalise(row["phrase"]).strip())),
            category=row["category"],
            action=row["action"],
            rule=row["rule"],
            source=row["source"],
            effective_from=dt.date.fromisoformat(row["effective_from"]),
        )
        for row in data_file_load(DATA / "fair_hiring_phrases.csv")
    )
    patterns = tuple(
        Rule(
            name=row["name"],
            regex=re.compile(row["pattern"]),
            category=row["category"],
            action=row["action"],
            rule=row["rule"],
            source=row["source"],
            effective_from=dt.date.fromisoformat(row["effective_from"]),
        )
        for row in data_file_load(DATA / "fair_hiring_patterns.csv")
    )
    return phrases + patterns


@lru_cache(maxsize=1)
def neutral() -> re.Pattern[str]:
    """Every neutral use as one alternation."""
    rows = data_file_load(DATA / "fair_hiring_neutral.csv")
    return re.compile("|".join(f"(?:{row['pattern']})" for row in rows))


def _normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` character by character, with the offset in ``text`` that each
    character of the result came from (NFKC may turn one character into several)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def _blank_neutral(text: str) -> str:
    return neutral().sub(lambda match: _BLANK * len(match.group()), text)


def _spans(text: str, on: dt.date) -> list[tuple[int, int, Rule]]:
    """Per ground, the longest matches that do not overlap one another (限男 inside 仅限男性
    is one finding, not two), in the order they appear."""
    found = [
        (match.start(), match.end(), rule)
        for rule in rules()
        if rule.effective_from <= on
        for match in rule.regex.finditer(text)
        if match.group().strip()
    ]
    found.sort(key=lambda span: (span[0] - span[1], span[0]))  # longest first
    taken: dict[str, bytearray] = {}  # per ground, the characters already quoted
    kept: list[tuple[int, int, Rule]] = []
    for start, end, rule in found:
        covered = taken.setdefault(rule.category, bytearray(len(text)))
        if not any(covered[start:end]):
            covered[start:end] = b"\x01" * (end - start)
            kept.append((start, end, rule))
    return sorted(kept, key=lambda span: (span[0], span[1]))


def screen(fields: dict[str, str], *, on: dt.date) -> list[Finding]:
    """Every restriction found in the given text fields under the rules in force ``on``: all
    of them, one per field, ground and span, each quoting the words as written."""
    findings = []
    for field, text in fields.items():
        normalised, origin = _normalised_with_offsets(text or "")
        for start, end, rule in _spans(_blank_neutral(normalised), on):
            quote = text[origin[start] : origin[end - 1] + 1].strip()
            findings.append(Finding(field, quote, rule.category, rule.action, rule.rule))
    return findings
