"""Build the labelled postings of the occupation-coding benchmark (职业自动编码评测集).

``postings.txt`` holds, one occupation a line, titles as employers write them, skills and a
duty sentence, written by hand from job-board habits; this script varies them into postings
(decorations such as 急招 / （双休）, a benefit sentence, some postings without skills or
description) and labels each with the occupation's code, looked up by its exact official
name in ``bashu/core/data/occupations.csv``. A fixed seed: rerunning writes the same files.

About 27 % of the lines, chosen by a hash of the line, go to ``held_out.csv`` (评测留出集);
the rest to ``tuning.csv``. ``python bench/coding/build.py``

``--batch 2`` reads ``postings_2.txt`` (a second batch, written after the first tuning) and
writes every line of it to ``held_out_2.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OCCUPATIONS = HERE.parent.parent / "bashu" / "core" / "data" / "occupations.csv"
PREFIXES = ["", "", "", "急招", "诚聘", "高薪招聘", "【急聘】", "招", "直招"]
SUFFIXES = [
    "",
    "",
    "",
    "（双休）",
    "+五险一金",
    "（包吃住）",
    "（长白班）",
    "（应届可）",
    "-成都",
    "（重庆渝北）",
    "/月休4天",
]
BENEFITS = [
    "五险一金，年底双薪。",
    "包吃住，月休四天。",
    "工作地点：成都市武侯区。",
    "工作地点重庆两江新区，提供员工宿舍。",
    "有相关经验者优先，可接受应届生。",
    "薪资面议，多劳多得。",
    "节假日福利，定期体检。",
    "",
]


def codes_by_name() -> dict[str, str]:
    with OCCUPATIONS.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"] == "detailed"]
    found: dict[str, str] = {}
    for row in rows:
        if row["name"] in found:
            raise SystemExit(f"two codes for {row['name']}")
        found[row["name"]] = row["code"]
    return found


def main() -> None:
    batch = sys.argv[2] if sys.argv[1:2] == ["--batch"] else "1"
    codes = codes_by_name()
    rng = random.Random(20261202 + int(batch) - 1)
    lines: list[dict[str, str]] = []
    source = "postings.txt" if batch == "1" else f"postings_{batch}.txt"
    for raw in (HERE / source).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, titles, skills, duty, weight = raw.split("|")
        code = codes[name]  # KeyError: a name not in the classification
        title_list, skill_list = titles.split("/"), skills.split("/")
        for index in range(3 + 2 * int(weight)):
            title = title_list[index % len(title_list)]
            if rng.random() < 0.5:
                title = rng.choice(PREFIXES) + title + rng.choice(SUFFIXES)
            shown = rng.sample(skill_list, k=min(len(skill_list), rng.randint(0, 4)))
            description = "" if rng.random() < 0.15 else duty + "。" + rng.choice(BENEFITS)
            lines.append(
                {
                    "title": title,
                    "description": description,
                    "skills": "、".join(shown),
                    "code": code,
                }
            )
    header = ["title", "description", "skills", "code"]
    if batch != "1":
        with (HERE / f"held_out_{batch}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(lines)
        print(f"{len(lines)} lines, all held out")
        return
    held = [x for x in lines if hashlib.sha256(repr(x).encode()).digest()[0] < 70]
    tuning = [x for x in lines if x not in held]
    for file, part in (("held_out.csv", held), ("tuning.csv", tuning)):
        with (HERE / file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(part)
    print(f"{len(lines)} lines: {len(held)} held out, {len(tuning)} tuning")


if __name__ == "__main__":
    main()
