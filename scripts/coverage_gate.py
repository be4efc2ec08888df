"""The per-file coverage gate, run by ``make test`` after pytest has written ``.coverage``.

Rules, the rules' periods, the pure analytics and every service and selector are what the
platform decides with, so each must be covered completely (100 % of its lines):

- ``bashu/recognition/rules.py``, ``bashu/transfers/rules.py``, ``bashu/transfers/periods.py``;
- every module under ``indices/`` (its tests aside);
- every ``services*.py`` / ``selectors*.py`` module, and every module of a ``services/`` or
  ``selectors/`` package.

A file that is not there yet is named in ``[tool.bashu.coverage] exceptions`` of
``pyproject.toml`` with the figure it has today. The figure only goes up: the gate fails when
a listed file drops below it, and says so when it has risen (raise the figure, or drop the
entry at 100 %). An entry for a file that is no longer required or no longer measured fails
too, so the list stays true.

    python scripts/coverage_gate.py [--data-file .coverage]
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from pathlib import Path, PurePosixPath

from coverage import Coverage
from coverage.exceptions import NoDataError, NoSource

ROOT = Path(__file__).resolve().parent.parent
FIXED = {
    "bashu/recognition/rules.py",
    "bashu/transfers/rules.py",
    "bashu/transfers/periods.py",
}
LAYER_NAMES = ("services", "selectors")


def required(path: str) -> bool:
    """Whether ``path`` (relative, POSIX) must be covered completely."""
    parts = PurePosixPath(path)
    if "tests" in parts.parts or "migrations" in parts.parts:
        return False
    if path in FIXED or parts.parts[0] == "indices":
        return True
    if parts.name.startswith(LAYER_NAMES):
        return True
    return any(directory in LAYER_NAMES for directory in parts.parts[:-1])


def floor1(percent: float) -> float:
    """A figure to one decimal, rounded down (so a listed figure is never above the truth)."""
    return math.floor(percent * 10) / 10


def measured(data_file: Path) -> dict[str, float]:
    """Line coverage per measured file, in percent, keyed by path relative to the root."""
    cov = Coverage(data_file=str(data_file), config_file=str(ROOT / "pyproject.toml"))
    cov.load()
    figures: dict[str, float] = {}
    for filename in cov.get_data().measured_files():
        path = Path(filename).resolve()
        try:
            relative = path.relative_to(ROOT).as_posix()
        except ValueError:
            continue
        try:
            _name, statements, _excluded, missing, _text = cov.analysis2(str(path))
        except NoSource:  # measured, then removed or moved: not part of the code any more
            continue
        figures[relative] = (
            100.0 if not statements else 100.0 * (len(statements) - len(missing)) / len(statements)
        )
    return figures


def exceptions_read() -> dict[str, float]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config.get("tool", {}).get("bashu", {}).get("coverage", {}).get("exceptions", {})
    return {str(path): float(figure) for path, figure in listed.items()}


def gate(figures: dict[str, float], exceptions: dict[str, float]) -> tuple[list[str], list[str]]:
    """``(failures, notes)``: what breaks the gate, and figures that may be raised."""
    failures: list[str] = []
    notes: list[str] = []
    for path in sorted(p for p in figures if required(p)):
        percent = figures[path]
        floor = exceptions.get(path)
        if floor is None:
            if percent < 100.0:
                failures.append(f"{path}: {percent:.1f} % covered; 100 % required")
        elif percent < floor:
            failures.append(f"{path}: {percent:.1f} % covered, below its listed {floor:.1f} %")
        elif percent >= 100.0:
            notes.append(f"{path}: 100 % now; drop it from the exceptions")
        elif floor1(percent) > floor:
            notes.append(f"{path}: {floor1(percent):.1f} % now; raise its figure from {floor:.1f}")
    for path in sorted(exceptions):
        if path not in figures:
            failures.append(f"{path}: listed as an exception but not measured (moved? drop it)")
        elif not required(path):
            failures.append(f"{path}: listed as an exception but not required to be complete")
    return failures, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-file", type=Path, default=ROOT / ".coverage")
    parser.add_argument(
        "--list",
        action="store_true",
        help="print the required files below 100 %% as TOML lines for the exception list",
    )
    args = parser.parse_args(argv)
    try:
        figures = measured(args.data_file)
    except NoDataError as error:
        print(f"coverage gate: no coverage data ({error}); run pytest with --cov first")
        return 2
    if args.list:
        for path in sorted(p for p in figures if required(p) and figures[p] < 100.0):
            print(f'"{path}" = {floor1(figures[path])}')
        return 0
    failures, notes = gate(figures, exceptions_read())
    for note in notes:
        print(f"coverage gate: {note}")
    for failure in failures:
        print(f"coverage gate: FAIL {failure}")
    required_count = sum(1 for p in figures if required(p))
    if failures:
        print(f"coverage gate: {len(failures)} failure(s) among {required_count} required files")
        return 1
    print(f"coverage gate: {required_count} required files at 100 % or at their listed figure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
