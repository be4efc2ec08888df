"""The monthly extracts (月度抽取): one Parquet file per table and month.

Layout: ``<root>/<table>/<YYYY-MM>/part.parquet``. Every file carries its ``month`` column,
so a table is read as one glob and filtered by month. Region columns hold six-digit
GB/T 2260 county codes; occupations are 职业分类大典 codes (``2-02-10-03``), industries
GB/T 4754 sections (``C``). No names, ID numbers or phones are extracted.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

TABLES: dict[str, pa.Schema] = {
    # 就业登记: registrations that started in the month, with the person's previous county.
    "registrations": pa.schema(
        [
            ("id", pa.int64()),
            ("person_id", pa.int64()),
            ("month", pa.string()),
            ("start_date", pa.date32()),
            ("region", pa.string()),
            ("prev_region", pa.string()),
            ("industry", pa.string()),
            ("occupation", pa.string()),
            ("bachelor", pa.bool_()),
            ("title_mid", pa.bool_()),
            ("card", pa.bool_()),
            ("graduate", pa.bool_()),
        ]
    ),
    # 招聘岗位: postings opened in the month.
    "postings": pa.schema(
        [
            ("id", pa.int64()),
            ("month", pa.string()),
            ("open_date", pa.date32()),
            ("close_date", pa.date32()),
            ("days_open", pa.int32()),
            ("region", pa.string()),
            ("industry", pa.string()),
            ("occupation", pa.string()),
            ("headcount", pa.int32()),
            ("duplicate", pa.bool_()),
            ("status", pa.string()),
        ]
    ),
    # 求职登记: seekers who registered in the month.
    "seekers": pa.schema(
        [
            ("id", pa.int64()),
            ("person_id", pa.int64()),
            ("month", pa.string()),
            ("registered_on", pa.date32()),
            ("region", pa.string()),
            ("occupation_group", pa.string()),
            ("education_rank", pa.int16()),
        ]
    ),
    # 求职申请: applications made in the month.
    "applications": pa.schema(
        [
            ("id", pa.int64()),
            ("month", pa.string()),
            ("posting_id", pa.int64()),
            ("seeker_id", pa.int64()),
            ("status", pa.string()),
            ("region", pa.string()),
            ("industry", pa.string()),
            ("occupation", pa.string()),
        ]
    ),
    # 参保缴费: insurance periods covering the month, one row per person and period.
    "insurance": pa.schema(
        [
            ("person_id", pa.int64()),
            ("month", pa.string()),
            ("region", pa.string()),
            ("industry", pa.string()),
        ]
    ),
    # 证书: titles, skill certificates and talent cards issued in the month.
    "credentials": pa.schema(
        [
            ("person_id", pa.int64()),
            ("month", pa.string()),
            ("kind", pa.string()),
            ("region", pa.string()),
            ("level_rank", pa.int16()),
        ]
    ),
    # 人员状况: every person at the end of the month (a stock, not a flow).
    "persons": pa.schema(
        [
            ("person_id", pa.int64()),
            ("month", pa.string()),
            ("region", pa.string()),
            ("age", pa.int16()),
            ("education_rank", pa.int16()),
            ("employed", pa.bool_()),
            ("work_region", pa.string()),
            ("insured", pa.bool_()),
            ("talent", pa.bool_()),
            ("skilled", pa.bool_()),
            ("seeking", pa.bool_()),
        ]
    ),
}


def month_path(root: Path, table: str, month: str) -> Path:
    """Where one table's extract for one month lives."""
    return root / table / month / "part.parquet"


def table_glob(root: Path, table: str) -> str:
    return str(root / table / "*" / "part.parquet")


def months_present(root: Path, table: str = "persons") -> list[str]:
    """The months for which ``table`` has been extracted, oldest first."""
    folder = root / table
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob("*/part.parquet"))
