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
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bashu.jobs import fairness  # noqa: E402
from bashu.jobs.text import DATA  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus.csv"
#: The batch written after the last tuning and committed before it was screened: its lines'
#: notes start with this. Older batches, once looked at, are noted ``held-out-<n>, tuned …``.
HELD_OUT = "held-out-7"
#: The batch's first measurement, written once by ``--record-first`` and never again: the
#: held-out figure reported, whatever tuning on the batch came after.
FIRST = Path(__file__).resolve().parent / f"{HELD_OUT}-first.md"
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
    parser.add_argument(
        "--record-first",
        action="store_true",
        help=f"write the held-out batch's first measurement to {FIRST.name} (refused if it exists)",
    )
    args = parser.parse_args()

    with args.corpus.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    fairness.rules()
    fairness.neutral()  # compile outside the timing

    started = time.perf_counter()
    counts, misses = _measure(lines, args.on)
    elapsed = time.perf_counter() - started
    held_out = [line for line in lines if line["note"].startswith(HELD_OUT)]
    held_counts, held_misses = _measure(held_out, args.on)
    # a line tuned on says so in its note (``held-out-<n>, tuned …``); ``held-out-<n>; <doubt>`` is not
    tuned_on = any("tuned" in line["note"] for line in held_out)
    if args.record_first:
        if FIRST.exists():
            parser.error(f"{FIRST.name} exists: a batch is measured for the first time only once")
        FIRST.write_text(
            "\n".join(
                [
                    f"First measurement of `{HELD_OUT}` ({len(held_out)} lines), "
                    f"{dt.datetime.now(tz=CST).isoformat(timespec='minutes')}, "
                    f"corpus at commit {_commit()}, before any tuning on these lines.",
                    "",
                    *_table(held_counts),
                    "",
                    *_miss_table(held_misses),
                ]
            )
            + "\n",
            encoding="utf-8",
        )
    first = FIRST.read_text(encoding="utf-8").splitlines() if FIRST.exists() else []
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
        f"## Held-out batch, first measurement ({len(held_out)} lines, note `{HELD_OUT}`)",
        "",
        "Written after the patterns were tuned on the rest, committed before the screen was run "
        "on them, and measured once, as they came: this is the reported held-out figure, the one "
        "to expect on postings nobody has read yet. It is copied from "
        f"`bench/fairness/{FIRST.name}`, written by that first run.",
        "",
        *(first or ["Not measured yet: run with `--record-first`."]),
        "",
        f"## Held-out batch now ({len(held_out)} lines)",
        "",
        (
            "The same lines with today's patterns. The patterns were tuned on this batch's misses "
            "after its first measurement (notes `…, tuned`), so this flatters them: report the "
            "first measurement above."
            if tuned_on
            else "Not tuned on since its first measurement: the same figure."
        ),
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
    report += _miss_table(misses)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"fairness-{dt.datetime.now(tz=CST).date().isoformat()}.md"
    path.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(line for line in report if not line.startswith("| missed")))
    print(f"\n{len(misses)} misses and false positives; written to {path}")


def _miss_table(misses: list[tuple[str, str, str, str]]) -> list[str]:
    if not misses:
        return ["None."]
    return [
        "| kind | ground | text | quoted |",
        "|---|---|---|---|",
        *(f"| {k} | {g} | {t} | {q} |" for k, g, t, q in sorted(misses)),
    ]


def _commit() -> str:
    """The last commit that changed the corpus: the batch's lines were there, unmeasured."""
    # fixed arguments, no input of anyone's; git as the developer's PATH finds it
    done = subprocess.run(  # noqa: S603
        ["git", "log", "-1", "--format=%h", "--", str(CORPUS)],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


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
