"""Fair-hiring screen benchmark: precision and recall per protected ground on a labelled corpus.

``bench/fairness/corpus.csv`` holds posting sentences (column ``text``) with the grounds a
reviewer expects the screen to find (``expected``, separated by ``|``, empty for none) and a
``note``. Each line is screened by the real ``bashu.jobs.fairness.screen``; a ground counts as
found on a line when at least one finding of that category is reported there. Writes
``bench/results/fairness-<date>.md`` with the figures, the machine, and every miss. Pure
Python, no database. Run: ``.venv/bin/python bench/fairness/run.py``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bashu.jobs import fairness  # noqa: E402
from bashu.jobs.text import DATA  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus.csv"
TARGET = 0.95
#: The platform's day: Chengdu and Chongqing are on China Standard Time.
CST = dt.timezone(dt.timedelta(hours=8))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=dt.datetime.now(tz=CST).date())
    args = parser.parse_args()

    with args.corpus.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    fairness.rules()
    fairness.neutral()  # compile outside the timing

    started = time.perf_counter()
    counts, misses = _measure(lines, args.on)
    elapsed = time.perf_counter() - started
    held_out = [line for line in lines if line["note"] == "held-out"]
    held_counts, _misses = _measure(held_out, args.on)
    plain, plain_hits = _plain_text(args.on)

    negatives = sum(1 for line in lines if not line["expected"])
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    report = [
        f"# Fair-hiring screen — {args.on.isoformat()}",
        "",
        f"- corpus: `{args.corpus.relative_to(ROOT)}`, {len(lines)} lines "
        f"({len(lines) - negatives} with at least one ground, {negatives} with none)",
        f"- rules: {len(fairness.rules())} phrases and patterns in force, "
        f"neutral uses from `bashu/jobs/data/fair_hiring_neutral.csv`",
        f"- screened on {args.on.isoformat()} in {elapsed * 1000:.0f} ms "
        f"({elapsed / len(lines) * 1e6:.0f} µs a line)",
        f"- machine: {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "",
        "A ground counts as found on a line when the screen reports at least one finding of "
        f"that category there. Target: precision and recall ≥ {TARGET} for every ground.",
        "",
        "## Whole corpus",
        "",
        *_table(counts),
        "",
        f"## Held-out lines only ({len(held_out)} lines, note `held-out`)",
        "",
        "Written after the patterns were tuned on the rest and measured as they came; the "
        "figure to expect on postings nobody has read yet.",
        "",
        *_table(held_counts),
        "",
        "## Ordinary posting text",
        "",
        f"Every title, duty, requirement and skill of `bashu/jobs/data/occupation_profiles.json` "
        f"(what the data generator writes postings from), {plain} strings, none of them a restriction: "
        f"{len(plain_hits)} findings.",
        *[f"- {text}: {quotes}" for text, quotes in plain_hits],
        "",
        "## Misses and false positives (whole corpus)",
        "",
    ]
    if misses:
        report += ["| kind | ground | text | quoted |", "|---|---|---|---|"]
        report += [f"| {k} | {g} | {t} | {q} |" for k, g, t, q in sorted(misses)]
    else:
        report.append("None.")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"fairness-{dt.datetime.now(tz=CST).date().isoformat()}.md"
    path.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(line for line in report if not line.startswith("| missed")))
    print(f"\n{len(misses)} misses and false positives; written to {path.relative_to(ROOT)}")


Counts = tuple[Counter[str], Counter[str], Counter[str]]


def _measure(
    lines: list[dict[str, str]], on: dt.date
) -> tuple[Counts, list[tuple[str, str, str, str]]]:
    """True positives, false positives and misses per ground; each miss with its quote."""
    true_positive: Counter[str] = Counter()
    false_positive: Counter[str] = Counter()
    false_negative: Counter[str] = Counter()
    misses: list[tuple[str, str, str, str]] = []  # kind, ground, text, what was quoted
    for line in lines:
        expected = {g for g in line["expected"].split("|") if g}
        findings = fairness.screen({"description": line["text"]}, on=on)
        found = {f.category for f in findings}
        for ground in expected | found:
            if ground in expected and ground in found:
                true_positive[ground] += 1
            elif ground in found:
                false_positive[ground] += 1
                quotes = "、".join(f.phrase for f in findings if f.category == ground)
                misses.append(("false positive", ground, line["text"], quotes))
            else:
                false_negative[ground] += 1
                misses.append(("missed", ground, line["text"], ""))
    return (true_positive, false_positive, false_negative), misses


def _plain_text(on: dt.date) -> tuple[int, list[tuple[str, str]]]:
    """The occupation profiles' texts, screened: any finding there is a false positive."""
    profiles = json.loads((DATA / "occupation_profiles.json").read_text(encoding="utf-8"))
    texts = [
        text
        for profile in profiles.values()
        for key in ("titles", "duties", "requirements", "skills")
        for text in profile.get(key, [])
    ]
    hits = []
    for text in texts:
        findings = fairness.screen({"description": text}, on=on)
        if findings:
            hits.append((text, "、".join(f.phrase for f in findings)))
    return len(texts), hits


def _table(counts: Counts) -> list[str]:
    true_positive, false_positive, false_negative = counts
    grounds = sorted(set(true_positive) | set(false_positive) | set(false_negative))
    rows = [
        "| ground | lines | true pos. | false pos. | missed | precision | recall | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for ground in [*grounds, "overall"]:
        if ground == "overall":
            tp, fp, fn = (sum(c.values()) for c in (true_positive, false_positive, false_negative))
        else:
            tp, fp, fn = true_positive[ground], false_positive[ground], false_negative[ground]
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        verdict = "meets" if min(precision, recall) >= TARGET else "**misses**"
        rows.append(
            f"| {ground} | {tp + fn} | {tp} | {fp} | {fn} | {precision:.3f} | {recall:.3f} "
            f"| {verdict} |"
        )

    return rows


if __name__ == "__main__":
    main()
