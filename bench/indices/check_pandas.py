"""Check that the pandas indices equal DuckDB's on random sample extracts.

Usage: .venv/bin/python bench/indices/check_pandas.py [--persons 3000] [--seeds 1 2 3]

Writes 25 months (2023-12..2025-12) of :func:`indices.sample.sample_write` into a temporary
folder, removes the postings and seekers of one county in 2025-03 (so that the heat index
meets a county with no demand and no seekers), then computes every index with DuckDB
(``indices.compute``) and with :mod:`pandas_impl` over several windows of months — the
benchmark's (the year and the month before), two years to mid-year (the shortage catalogue
as ``bashu indices_refresh`` asks for it, growth against the same months) and a pair of
months (sentiment) — and compares them: same columns, same rows after sorting by the keys,
numbers within 1e-9, NULLs equal. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas_impl

from indices import INDEX_NAMES, compute, connect
from indices.compute import KEYS
from indices.sample import sample_write
from indices.schema import month_path

MONTHS = ["2024-12", *[f"2025-{m:02d}" for m in range(1, 13)]]
WINDOWS = {
    "2024-12..2025-12": MONTHS,
    "2024-01..2025-06": [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)][:18],
    "2025-05..2025-06": ["2025-05", "2025-06"],
}
WRITTEN = ["2023-12", *[f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]]
EMPTY_COUNTY, EMPTY_MONTH = "510104", "2025-03"


def frame(table: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """A result as a DataFrame sorted by the keys (NULLs last), with a fresh index."""
    df = table.to_pandas() if isinstance(table, pa.Table) else table
    return df.sort_values(KEYS, na_position="last", kind="stable").reset_index(drop=True)


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def differences(a: pa.Table | pd.DataFrame, b: pa.Table | pd.DataFrame, tol: float = 1e-9):
    """What differs between two results (empty when equal): columns, row count, then per
    column the number of differing rows and the first one."""
    a, b = frame(a), frame(b)
    if list(a.columns) != list(b.columns):
        return [f"columns differ: {list(a.columns)} vs {list(b.columns)}"]
    if len(a) != len(b):
        return [f"rows differ: {len(a)} vs {len(b)}"]
    found = []
    for name in a.columns:
        x, y = a[name], b[name]
        x_null, y_null = x.isna().to_numpy(), y.isna().to_numpy()
        if _numeric(x) and _numeric(y):
            xv = x.astype("float64").to_numpy(na_value=np.nan)
            yv = y.astype("float64").to_numpy(na_value=np.nan)
            same = (x_null & y_null) | (~x_null & ~y_null & (np.abs(xv - yv) <= tol))
        else:
            xo, yo = x.astype(object).to_numpy(), y.astype(object).to_numpy()
            same = (x_null & y_null) | (~x_null & ~y_null & (xo == yo))
        same = np.asarray(same, dtype=bool)
        if not same.all():
            i = int(np.flatnonzero(~same)[0])
            row = a.loc[i, KEYS].tolist()
            found.append(
                f"{name}: {int((~same).sum())} of {len(same)} rows differ, "
                f"first at {row}: {x.iloc[i]!r} vs {y.iloc[i]!r}"
            )
    return found


def _empty_county(root: Path) -> None:
    """No postings and no seekers in one county for one month."""
    for table in ("postings", "seekers"):
        path = month_path(root, table, EMPTY_MONTH)
        data = pq.read_table(path)
        keep = pc.invert(pc.fill_null(pc.equal(data["region"], EMPTY_COUNTY), False))
        pq.write_table(data.filter(keep), path)


def check(persons: int, seed: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="bashu-check-pandas-") as tmp:
        root = Path(tmp)
        sample_write(root, WRITTEN, persons=persons, seed=seed)
        _empty_county(root)
        ok = True
        for window, months in WINDOWS.items():
            expected = compute(connect("duckdb"), root, months, names=INDEX_NAMES)
            actual = pandas_impl.compute(root, months, names=INDEX_NAMES)
            for name in INDEX_NAMES:
                found = differences(expected[name], actual[name])
                rows = expected[name].num_rows
                hidden = sum(expected[name]["suppressed"].to_pylist())
                status = "equal" if not found else "DIFFERENT"
                print(
                    f"seed {seed} {window} {name:<16} {rows:>6} rows ({hidden} suppressed): "
                    f"{status}"
                )
                for line in found:
                    print(f"    {line}")
                ok = ok and not found
        return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    ok = all(check(args.persons, seed) for seed in args.seeds)
    print("pandas = DuckDB" if ok else "pandas ≠ DuckDB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
