"""Monthly extracts (月度抽取): the month's facts from the database to Parquet.

One file per table and month under ``<DATA_DIR>/extracts/<table>/<YYYY-MM>/part.parquet``
(layout in :mod:`indices.schema`). Rows are streamed from a server-side cursor and written
in batches, so a month of ten million persons never sits in memory. A file is written beside
its final name and renamed, so re-running a month replaces it whole or not at all. No
names, ID numbers or phones leave the database.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bashu.analytics.models import ExtractFile
from bashu.core.models import EducationLevel, Industry
from bashu.core.months import Month
from bashu.jobs.models import Application, JobPosting, SeekerProfile
from bashu.people.models import Employer, EmploymentRegistration, GraduateOutcome, Person
from bashu.recognition.models import ProfessionalTitle, SkillCertificate, TalentCard
from bashu.transfers.models import InsurancePeriod
from indices import load
from indices.schema import TABLES, month_path

BATCH = 200_000
MIDDLE_TITLE_RANK = 3  # 中级
BACHELOR_RANK = 5  # 本科
SEEKING_DAYS = 180


def extracts_root() -> Path:
    return Path(settings.DATA_DIR) / "extracts"


def month_parse(label: str) -> Month:
    """The month ``bashu extract --month`` names (``bashu.core.months.Month``), or a
    ValueError naming the argument."""
    try:
        return Month.parse(label)
    except ValueError:
        raise ValueError(f"month: 须为 YYYY-MM 格式 (format YYYY-MM): {label!r}") from None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _t(model: Any) -> str:
    return str(model._meta.db_table)


def _section_sql(alias: str) -> str:
    """The GB/T 4754 section of an industry code (a division's parent)."""
    return f"CASE WHEN {alias}.level = 'section' THEN {alias}.code ELSE {alias}.parent_id END"


def _rows(sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(10_000)
            if not batch:
                return
            yield from batch


def _write(
    root: Path,
    table: str,
    month: Month,
    rows: Iterator[tuple[Any, ...]],
    convert: Callable[[tuple[Any, ...]], tuple[Any, ...]],
) -> int:
    schema = TABLES[table]
    path = month_path(root, table, month.label)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("part.parquet.tmp")
    count = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        columns: list[list[Any]] = [[] for _ in schema.names]
        for row in rows:
            for column, value in zip(columns, convert(row), strict=True):
                column.append(value)
            count += 1
            if len(columns[0]) >= BATCH:
                writer.write_table(pa.Table.from_arrays(columns, schema=schema))
                columns = [[] for _ in schema.names]
        writer.write_table(pa.Table.from_arrays(columns, schema=schema))
    tmp.replace(path)
    return count


def _registrations(root: Path, m: Month) -> int:
    reg, person, edu = _t(EmploymentRegistration), _t(Person), _t(EducationLevel)
    graduate_years = int(load()["talent_flow"]["graduate_years"])
    sql = f"""
        SELECT r.id, r.person_id, r.start_date, r.region_id,
          (SELECT r2.region_id FROM {reg} r2
            WHERE r2.person_id = r.person_id
              AND (r2.start_date < r.start_date OR (r2.start_date = r.start_date AND r2.id < r.id))
            ORDER BY r2.start_date DESC, r2.id DESC LIMIT 1) AS prev_region,
          {_section_sql("i")} AS industry, r.occupation_id,
          COALESCE(el.rank, 0) >= %s AS bachelor,
          EXISTS (SELECT 1 FROM {_t(ProfessionalTitle)} pt WHERE pt.person_id = r.person_id
                  AND pt.level_id >= %s AND pt.issued_on <= r.start_date AND pt.status = 'valid'),
          EXISTS (SELECT 1 FROM {_t(TalentCard)} tc WHERE tc.person_id = r.person_id
                  AND tc.issued_on <= r.start_date AND tc.expires_on >= r.start_date
                  AND tc.status = 'valid'),
          EXISTS (SELECT 1 FROM {_t(GraduateOutcome)} g WHERE g.person_id = r.person_id
                  AND g.graduation_year > %s AND g.graduation_year <= %s)
        FROM {reg} r
        JOIN {person} p ON p.id = r.person_id
        LEFT JOIN {edu} el ON el.code = p.education_id
        LEFT JOIN {_t(Employer)} e ON e.id = r.employer_id
        LEFT JOIN {_t(Industry)} i ON i.code = e.industry_id
        WHERE r.start_date >= %s AND r.start_date < %s
        ORDER BY r.id"""
    year = m.first_day().year
    params = [
        BACHELOR_RANK,
        MIDDLE_TITLE_RANK,
        year - graduate_years,
        year,
        m.first_day(),
        (m + 1).first_day(),
    ]

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return (
            r[0],
            r[1],
            m.label,
            _date(r[2]),
            r[3],
            r[4],
            r[5],
            r[6],
            bool(r[7]),
            bool(r[8]),
            bool(r[9]),
            bool(r[10]),
        )

    return _write(root, "registrations", m, _rows(sql, params), convert)


def _postings(root: Path, m: Month) -> int:
    sql = f"""
        SELECT p.id, p.open_date, p.close_date, p.region_id, {_section_sql("i")},
               p.occupation_id, p.headcount, p.duplicate_of_id IS NOT NULL, p.status
        FROM {_t(JobPosting)} p
        LEFT JOIN {_t(Industry)} i ON i.code = p.industry_id
        WHERE p.open_date >= %s AND p.open_date < %s
        ORDER BY p.id"""

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        opened, closed = _date(r[1]), _date(r[2])
        days = (closed - opened).days if opened and closed else None
        return (r[0], m.label, opened, closed, days, r[3], r[4], r[5], r[6], bool(r[7]), r[8])

    return _write(root, "postings", m, _rows(sql, [m.first_day(), (m + 1).first_day()]), convert)


def _seekers(root: Path, m: Month) -> int:
    sql = f"""
        SELECT s.id, s.person_id, s.registered_on, s.region_id, s.occupation_groups,
               COALESCE(el.rank, 0)
        FROM {_t(SeekerProfile)} s
        LEFT JOIN {_t(EducationLevel)} el ON el.code = s.education_id
        WHERE s.registered_on >= %s AND s.registered_on < %s
        ORDER BY s.id"""

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        groups = (r[4] or "").split()
        return (r[0], r[1], m.label, _date(r[2]), r[3], groups[0] if groups else None, r[5])

    return _write(root, "seekers", m, _rows(sql, [m.first_day(), (m + 1).first_day()]), convert)


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _applications(root: Path, m: Month) -> int:
    sql = f"""
        SELECT a.id, a.posting_id, a.seeker_id, a.status, p.region_id, {_section_sql("i")},
               p.occupation_id
        FROM {_t(Application)} a
        JOIN {_t(JobPosting)} p ON p.id = a.posting_id
        LEFT JOIN {_t(Industry)} i ON i.code = p.industry_id
        WHERE a.created_at >= %s AND a.created_at < %s
        ORDER BY a.id"""

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return (r[0], m.label, r[1], r[2], r[3], r[4], r[5], r[6])

    params = [_aware(m.first_day()), _aware((m + 1).first_day())]
    return _write(root, "applications", m, _rows(sql, params), convert)


def _insurance(root: Path, m: Month) -> int:
    sql = f"""
        SELECT ip.person_id, ip.region_id, {_section_sql("i")}
        FROM {_t(InsurancePeriod)} ip
        LEFT JOIN {_t(Employer)} e ON e.id = COALESCE(ip.employer_id, (
            SELECT r.employer_id FROM {_t(EmploymentRegistration)} r
            WHERE r.person_id = ip.person_id AND r.start_date <= %s
              AND (r.end_date IS NULL OR r.end_date >= %s)
            ORDER BY r.start_date DESC, r.id DESC LIMIT 1))
        LEFT JOIN {_t(Industry)} i ON i.code = e.industry_id
        WHERE ip.first_month <= %s AND ip.last_month >= %s
        ORDER BY ip.id"""

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return (r[0], m.label, r[1], r[2])

    # The period's employer, else the employer of the registration in force that month.
    params = [m.first_day(), m.first_day(), m.first_day(), m.first_day()]
    return _write(root, "insurance", m, _rows(sql, params), convert)


def _credentials(root: Path, m: Month) -> int:
    sql = f"""
        SELECT person_id, 'title', region_id, level_id FROM {_t(ProfessionalTitle)}
          WHERE issued_on >= %s AND issued_on < %s
        UNION ALL
        SELECT person_id, 'skill', region_id, level_id FROM {_t(SkillCertificate)}
          WHERE issued_on >= %s AND issued_on < %s
        UNION ALL
        SELECT person_id, 'card', region_id, 0 FROM {_t(TalentCard)}
          WHERE issued_on >= %s AND issued_on < %s"""

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return (r[0], m.label, r[1], r[2], r[3])

    bounds = [m.first_day(), (m + 1).first_day()] * 3
    return _write(root, "credentials", m, _rows(sql, bounds), convert)


def _persons(root: Path, m: Month) -> int:
    """Every person at the end of the month: the stock the rates are measured against."""
    end = m.last_day()
    reg = _t(EmploymentRegistration)
    sql = f"""
        SELECT p.id, p.region_id, p.birth_date, COALESCE(el.rank, 0), w.region,
               ins.person_id IS NOT NULL, tal.person_id IS NOT NULL,
               sk.person_id IS NOT NULL, sp.person_id IS NOT NULL
        FROM {_t(Person)} p
        LEFT JOIN {_t(EducationLevel)} el ON el.code = p.education_id
        LEFT JOIN (SELECT person_id, MAX(region_id) AS region FROM {reg}
                   WHERE start_date <= %s AND (end_date IS NULL OR end_date >= %s)
                   GROUP BY person_id) w ON w.person_id = p.id
        LEFT JOIN (SELECT DISTINCT person_id FROM {_t(InsurancePeriod)}
                   WHERE first_month <= %s AND last_month >= %s) ins ON ins.person_id = p.id
        LEFT JOIN (SELECT person_id FROM {_t(ProfessionalTitle)}
                   WHERE level_id >= %s AND issued_on <= %s AND status = 'valid'
                   UNION
                   SELECT person_id FROM {_t(TalentCard)}
                   WHERE issued_on <= %s AND expires_on >= %s AND status = 'valid'
                   ) tal ON tal.person_id = p.id
        LEFT JOIN (SELECT DISTINCT person_id FROM {_t(SkillCertificate)}
                   WHERE issued_on <= %s AND status = 'valid') sk ON sk.person_id = p.id
        LEFT JOIN (SELECT person_id FROM {_t(SeekerProfile)}
                   WHERE registered_on > %s AND registered_on <= %s) sp ON sp.person_id = p.id
        ORDER BY p.id"""
    params = [
        end,
        end,
        m.first_day(),
        m.first_day(),
        MIDDLE_TITLE_RANK,
        end,
        end,
        end,
        end,
        end - dt.timedelta(days=SEEKING_DAYS),
        end,
    ]

    def convert(r: tuple[Any, ...]) -> tuple[Any, ...]:
        born = _date(r[2]) or end
        age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
        education = int(r[3])
        return (
            r[0],
            m.label,
            r[1],
            age,
            education,
            r[4] is not None,
            r[4],
            bool(r[5]),
            education >= BACHELOR_RANK or bool(r[6]),
            bool(r[7]),
            bool(r[8]),
        )

    return _write(root, "persons", m, _rows(sql, params), convert)


EXTRACTS: dict[str, Callable[[Path, Month], int]] = {
    "registrations": _registrations,
    "postings": _postings,
    "seekers": _seekers,
    "applications": _applications,
    "insurance": _insurance,
    "credentials": _credentials,
    "persons": _persons,
}


def extract_month(
    *,
    month: str,
    root: Path | None = None,
    tables: Sequence[str] | None = None,
    progress: Callable[[str, int, float], None] | None = None,
) -> dict[str, int]:
    """Write one month of every extract table (or of ``tables``); return rows per table.

    Re-running a month replaces its files; other months are untouched.
    """
    m = month_parse(month)
    if m.first_day() > timezone.localdate():
        raise ValueError(f"month: 不能是将来的月份 (must not be in the future): {month}")
    root = root or extracts_root()
    names = list(tables or EXTRACTS)
    unknown = [t for t in names if t not in EXTRACTS]
    if unknown:
        raise ValueError(f"tables: 未知的数据表 (unknown table) {unknown}; known: {list(EXTRACTS)}")
    counts = {}
    for name in names:
        started = time.perf_counter()
        counts[name] = EXTRACTS[name](root, m)
        seconds = time.perf_counter() - started
        ExtractFile.objects.update_or_create(
            month=m.label,
            table=name,
            defaults={
                "rows": counts[name],
                "path": str(month_path(root, name, m.label)),
                "seconds": round(seconds, 3),
            },
        )
        if progress:
            progress(name, counts[name], seconds)
    return counts
