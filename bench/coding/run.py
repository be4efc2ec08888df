"""Measure automatic occupation coding (bashu.jobs.coding) on the labelled postings.

Top-1 and top-3 accuracy at the detailed (X-XX-XX-XX) and minor-group (X-XX-XX) level,
accuracy by major group, on the held-out lines (measured first) and the tuning lines, and
the share of postings above the confirmation threshold with their accuracy. Writes
``bench/results/coding-<date>.md``; ``--record-first`` also writes
``bench/coding/held-out-first.md``, the held-out figures of a first run, kept as they came.

``.venv/bin/python bench/coding/run.py``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bashu.jobs import coding  # noqa: E402

MAJORS = {
    "1": "负责人",
    "2": "专业技术人员",
    "3": "办事人员",
    "4": "社会生产服务和生活服务人员",
    "5": "农林牧渔",
    "6": "生产制造",
    "7": "军队人员",
    "8": "不便分类",
}


def minor(code: str) -> str:
    return code[:7]


def measure(path: Path) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, float] = defaultdict(float)
    by_major: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    for row in rows:
        answer = coding.occupation_infer(
            title=row["title"],
            description=row["description"],
            skills=[s for s in row["skills"].split("、") if s],
        )
        ranked = [
            c.code for c in ([answer.best] if answer.best else []) + list(answer.alternatives)
        ]
        truth = row["code"]
        best = ranked[0] if ranked else ""
        top1 = best == truth
        counts["top1"] += top1
        counts["top3"] += truth in ranked[:3]
        counts["minor1"] += minor(best) == minor(truth)
        counts["minor3"] += minor(truth) in {minor(c) for c in ranked[:3]}
        if not answer.needs_confirmation:
            counts["sure"] += 1
            counts["sure_right"] += top1
        entry = by_major[truth[0]]
        entry[0] += 1
        entry[1] += top1
        entry[2] += minor(best) == minor(truth)
        if not top1:
            misses.append((row["title"], truth, best, f"{answer.confidence:.2f}"))
    elapsed = time.perf_counter() - started
    n = len(rows)

    def pct(x: float, d: float) -> str:
        return f"{100 * x / d:.1f} %" if d else "—"

    lines = [
        f"{n} postings, {1000 * elapsed / n:.2f} ms each",
        "",
        "| level | top-1 | top-3 |",
        "| --- | --- | --- |",
        f"| detailed (X-XX-XX-XX) | {pct(counts['top1'], n)} | {pct(counts['top3'], n)} |",
        f"| minor group (X-XX-XX) | {pct(counts['minor1'], n)} | {pct(counts['minor3'], n)} |",
        "",
        f"At or above the confirmation threshold ({coding.CONFIRM_BELOW}): "
        f"{pct(counts['sure'], n)} of postings, top-1 detailed {pct(counts['sure_right'], counts['sure'])}; "
        f"the rest go to a caseworker (职业待确认).",
        "",
        "| major group | postings | top-1 detailed | top-1 minor |",
        "| --- | --- | --- | --- |",
    ]
    for major in sorted(by_major):
        total, right, right_minor = by_major[major]
        lines.append(
            f"| {major} {MAJORS[major]} | {total} | {pct(right, total)} | {pct(right_minor, total)} |"
        )
    return lines, misses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--record-first",
        choices=["1", "2"],
        help="also keep this held-out batch's figures as its first run (held-out[-2]-first.md)",
    )
    parser.add_argument("--misses", type=int, default=0, help="print this many tuning misses")
    args = parser.parse_args()
    # held-out first, as they come; tuning last
    held, _misses = measure(HERE / "held_out.csv")
    held_2, _misses_2 = measure(HERE / "held_out_2.csv")
    tuning, tuning_misses = measure(HERE / "tuning.csv")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    machine = (
        f"{platform.node()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    head = [f"# Occupation coding — {today}", "", f"Machine: {machine}.", ""]
    report = [*head, "## Held-out 1 (bench/coding/held_out.csv)", "", *held]
    report += ["", "## Held-out 2 (bench/coding/held_out_2.csv)", "", *held_2]
    report += ["", "## Tuning (bench/coding/tuning.csv)", "", *tuning, ""]
    out = HERE.parent / "results" / f"coding-{today}.md"
    out.write_text("\n".join(report), encoding="utf-8")
    if args.record_first:
        name = "held-out-first.md" if args.record_first == "1" else "held-out-2-first.md"
        figures = held if args.record_first == "1" else held_2
        (HERE / name).write_text(
            "\n".join([*head, "## Held-out, first run, as it came", "", *figures, ""]),
            encoding="utf-8",
        )
    print("\n".join(report))
    for miss in tuning_misses[: args.misses]:
        print(*miss)


if __name__ == "__main__":
    main()
