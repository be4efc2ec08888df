"""Calibrated synthetic data (合成数据): persons, employers, registrations, graduates, credentials.

Deterministic for a seed: every chunk draws from ``Random(f"{seed}:{stage}:{chunk}")`` and
its category counts come from the plan, so the output never depends on timing, and a run
that failed resumes at the first unfinished chunk with identical results.
Streams in chunks (never a whole table in memory) and writes with COPY on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bashu.core.identity import resident_id_complete, uscc_complete
from bashu.core.models import EducationLevel, Industry, Occupation, Region, TitleSeries
from bashu.datagen import geography
from bashu.datagen.jobs import generate_jobs, profiles
from bashu.datagen.models import GenerationRun
from bashu.datagen.names import GIVEN, SURNAMES, employer_name
from bashu.datagen.plan import GRADUATE_OUTCOMES, Plan, assumptions, make_plan
from bashu.datagen.recognition import generate_recognition
from bashu.datagen.transfers import generate_transfers
from bashu.datagen.writer import bulk_insert, reset_sequence
from bashu.people.models import Employer, Person
from bashu.recognition.numbers import credential_number_new

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Bijective scramble of a per-(area, birth year) counter into (day of year, sequence code):
# 365,000 slots per area and year; 104729 is prime and shares no factor with 365,000.
SLOTS = 365_000
SCRAMBLE = 104_729
SECTION_WEIGHTS = {  # GB/T 4754-2017 sections: E 建筑业, F 批发和零售业, G 交通运输…
    "A": 3,
    "B": 0.5,
    "C": 30,
    "D": 0.5,
    "E": 8,
    "F": 15,
    "G": 5,
    "H": 6,
    "I": 5,
    "J": 1.5,
    "K": 3,
    "L": 5,
    "M": 3,
    "N": 1,
    "O": 8,
    "P": 3,
    "Q": 3,
    "R": 2,
    "S": 0.3,
    "T": 0.01,
}
SIZE_WEIGHTS = {"micro": 70, "small": 22, "medium": 6, "large": 2}
EDUCATION_WEIGHTS: dict[str, dict[str, float]] = {
    "plain": {
        "primary": 15,
        "junior_secondary": 38,
        "senior_secondary": 17,
        "secondary_vocational": 8,
        "junior_college": 11,
        "bachelor": 9,
        "master": 1.6,
        "doctorate": 0.4,
    },
    "migrant": {
        "primary": 22,
        "junior_secondary": 52,
        "senior_secondary": 14,
        "secondary_vocational": 8,
        "junior_college": 4,
    },
    "title": {"junior_college": 25, "bachelor": 55, "master": 15, "doctorate": 5},
    "graduate": {"junior_college": 45, "bachelor": 48, "master": 6, "doctorate": 1},
}
TITLE_LEVEL_WEIGHTS = {1: 10, 2: 35, 3: 38, 4: 13, 5: 4}
SKILL_LEVEL_WEIGHTS = {1: 0.5, 2: 35, 3: 30, 4: 22, 5: 8, 6: 4, 7: 0.3, 8: 0.2}
# Where graduates employed outside the circle go (relative weights; 广东, 浙江, 江苏, 北京, 上海 lead).
OUTSIDE_WEIGHTS = {
    "440000": 30,
    "330000": 15,
    "320000": 12,
    "110000": 10,
    "310000": 10,
    "610000": 6,
    "520000": 5,
    "530000": 4,
    "420000": 4,
    "430000": 4,
}


#: How likely a move from each province crosses the border, relative to the assumed rate
#: (0.723 × 0.75 + 0.277 × 1.65 ≈ 1: the average is the assumption).
CROSSING_WEIGHT = {"51": 0.75, "50": 1.65}


@dataclass
class Reference:
    """What the generator draws from, read once per run (small: hundreds of rows)."""

    counties: dict[str, list[str]]  # province prefix → county codes
    county_weights: dict[str, list[float]]  # same order
    move_weights: dict[str, list[float]]  # where people move to work: the centres draw more
    prefecture_of: dict[str, str]  # county → prefecture (or province for Chongqing)
    divisions_by_section: dict[str, list[str]]
    occupations: list[str]
    skill_occupations: list[str]
    title_series: list[str]
    education_codes: set[str]
    outside: list[str]


def load_reference() -> Reference:
    counties: dict[str, list[str]] = defaultdict(list)
    prefecture_of: dict[str, str] = {}
    for code, parent in Region.objects.filter(level="county", code__regex=r"^(50|51)").values_list(
        "code", "parent_id"
    ):
        counties[code[:2]].append(code)
        prefecture_of[code] = parent
    divisions: dict[str, list[str]] = defaultdict(list)
    for code, parent in Industry.objects.filter(level="division").values_list("code", "parent_id"):
        divisions[parent].append(code)
    # The occupations it has a profile for (occupation_profiles.json: 121 common ones), not
    # all 1,639 of the 大典: the draws stay where postings and seekers are generated, and
    # adding reference rows does not change what a seed generates.
    occupations = list(
        Occupation.objects.filter(level="detailed", code__in=list(profiles())).values_list(
            "code", flat=True
        )
    )
    outside = [c for c in OUTSIDE_WEIGHTS if Region.objects.filter(code=c).exists()]
    return Reference(
        counties={k: sorted(v) for k, v in counties.items()},
        county_weights={
            k: geography.county_weights(sorted(v), prefecture_of) for k, v in counties.items()
        },
        move_weights={
            k: geography.county_weights(sorted(v), prefecture_of, postings=True)
            for k, v in counties.items()
        },
        prefecture_of=prefecture_of,
        divisions_by_section=dict(divisions),
        occupations=sorted(occupations),
        skill_occupations=sorted(c for c in occupations if c[0] in "456"),
        title_series=list(TitleSeries.objects.values_list("code", flat=True)),
        education_codes=set(EducationLevel.objects.values_list("code", flat=True)),
        outside=outside,
    )


def _pick(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _org_code(n: int) -> str:
    """Nine characters of the USCC alphabet encoding ``n``: unique per employer."""
    chars = []
    for _ in range(9):
        n, r = divmod(n, 31)
        chars.append(USCC_ALPHABET[r])
    return "".join(reversed(chars))


def _name(rng: random.Random) -> str:
    surname = SURNAMES[min(int(rng.expovariate(1 / 18)), len(SURNAMES) - 1)]
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + f"{rng.randrange(10**9):09d}"


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


@dataclass
class Counters:
    """Per (area, birth year) counters for unique resident IDs; rebuilt from the database on resume."""

    by_area_year: dict[tuple[str, int], int] = field(default_factory=dict)

    def next_identity(self, area: str, year: int) -> tuple[dt.date, str]:
        k = self.by_area_year.get((area, year), 0)
        self.by_area_year[(area, year)] = k + 1
        if k >= SLOTS:
            raise OverflowError(f"more than {SLOTS} persons born in {year} in {area}")
        # Offset each cell so the first person of every (area, year) is not born on 1 January.
        offset = zlib.crc32(f"{area}{year}".encode()) % SLOTS
        slot = ((k + offset) * SCRAMBLE) % SLOTS
        day, seq = divmod(slot, 1000)
        birth = dt.date(year, 1, 1) + dt.timedelta(days=day % (366 if year % 4 == 0 else 365))
        return birth, f"{seq:03d}"

    @classmethod
    def from_database(cls) -> Counters:
        """Counts of existing persons per (area, birth year), so new numbers continue after them.

        One grouped query; the same on a fresh start and on resume, which keeps runs deterministic.
        """
        counters = cls()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(resident_id, 1, 6), substr(resident_id, 7, 4), COUNT(*) "
                "FROM people_person GROUP BY 1, 2"
            )
            for area, year, n in cursor.fetchall():
                counters.by_area_year[(area, int(year))] = n
        return counters


def _free_identities(persons: list[list[Any]], counters: Counters) -> None:
    """Replace any resident ID already taken (by a person not made by this scheme) with the next free slot."""
    wanted = [row[1] for row in persons]
    taken = set()
    for start in range(0, len(wanted), 5000):
        taken |= set(
            Person.objects.filter(resident_id__in=wanted[start : start + 5000]).values_list(
                "resident_id", flat=True
            )
        )
    seen: set[str] = set()
    for row in persons:
        while row[1] in taken or row[1] in seen:
            area, year = row[1][:6], int(row[1][6:10])
            birth, seq = counters.next_identity(area, year)
            row[1] = resident_id_complete(area + birth.strftime("%Y%m%d") + seq)
            row[3], row[4] = ("M" if int(seq[-1]) % 2 else "F"), birth
        seen.add(row[1])


PERSON_COLUMNS = (
    "id",
    "resident_id",
    "name",
    "sex",
    "birth_date",
    "household_region_id",
    "household_type",
    "education_id",
    "phone",
    "region_id",
    "created_at",
    "updated_at",
)
REGISTRATION_COLUMNS = (
    "person_id",
    "employer_id",
    "region_id",
    "occupation_id",
    "start_date",
    "end_date",
    "created_at",
)
OUTCOME_COLUMNS = ("person_id", "graduation_year", "region_id", "status", "destination_id")
TITLE_COLUMNS = (
    "person_id",
    "series_id",
    "level_id",
    "specialty",
    "region_id",
    "committee",
    "issued_on",
    "certificate_number",
    "status",
    "revocation_reason",
)
SKILL_COLUMNS = (
    "person_id",
    "occupation_id",
    "level_id",
    "region_id",
    "issued_on",
    "certificate_number",
    "status",
    "revocation_reason",
)


class Generator:
    """Runs (or resumes) one plan; see the module docstring."""

    def __init__(
        self,
        plan: Plan,
        *,
        today: dt.date | None = None,
        progress: Callable[[int], object] | None = None,
    ):
        self.plan = plan
        # Dates are relative to the run's day (open postings must be open today); the data is
        # deterministic for (seed, scale, today).
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda n: None)
        self.ref = load_reference()
        self.assume = assumptions()
        self.now = timezone.now()
        self.employers_by_county: dict[str, array[int]] = {}
        self.numbers = self._rng("numbers", 0)
        self.rows: dict[str, int] = defaultdict(int)

    # --- stages -------------------------------------------------------------------------

    def run(self) -> GenerationRun:
        started = time.perf_counter()
        run = self._run_row()
        if (
            run.status == GenerationRun.Status.DONE
            and run.jobs_done
            and run.recognition_done
            and run.transfers_done
        ):
            return run
        employer_chunks = -(-self.plan.employers // self.plan.chunk_size)
        for chunk in range(run.employer_chunks_done, employer_chunks):
            with transaction.atomic():
                self.rows["employers"] += self._employer_chunk(run, chunk)
                GenerationRun.objects.filter(pk=run.pk).update(employer_chunks_done=chunk + 1)
        if connection.vendor == "postgresql":
            reset_sequence(Employer._meta.db_table)
        self._index_employers(run)
        counters = Counters.from_database()
        categories = self.plan.chunk_categories()
        self.progress(run.person_chunks_done * self.plan.chunk_size)
        for chunk in range(run.person_chunks_done, self.plan.person_chunks):
            with transaction.atomic():
                written = self._person_chunk(run, chunk, categories[chunk], counters)
                GenerationRun.objects.filter(pk=run.pk).update(person_chunks_done=chunk + 1)
            start, end = self.plan.chunk_bounds(chunk)
            self.progress(end - start)
            for key, n in written.items():
                self.rows[key] += n
        if connection.vendor == "postgresql":
            reset_sequence(Person._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        run.refresh_from_db()
        for key, n in generate_jobs(self.plan, run, today=self.today).items():
            self.rows[key] += n
        for key, n in generate_recognition(self.plan, run, today=self.today).items():
            self.rows[key] += n
        for key, n in generate_transfers(self.plan, run, today=self.today).items():
            self.rows[key] += n
        run.refresh_from_db()
        totals = dict(run.rows_written)
        for key, n in self.rows.items():
            totals[key] = totals.get(key, 0) + n
        run.rows_written = totals
        run.status = GenerationRun.Status.DONE
        run.seconds = (run.seconds or 0) + time.perf_counter() - started
        run.finished_at = timezone.now()
        run.save()
        return run

    def _run_row(self) -> GenerationRun:
        with transaction.atomic():
            run = (
                GenerationRun.objects.select_for_update()
                .filter(seed=self.plan.seed, scale=Decimal(str(self.plan.scale)))
                .first()
            )
            if run is not None:
                return run
            person_base = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            employer_base = (Employer.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            return GenerationRun.objects.create(
                seed=self.plan.seed,
                scale=Decimal(str(self.plan.scale)),
                person_id_base=person_base,
                employer_id_base=employer_base,
            )

    def _rng(self, stage: str, chunk: int) -> random.Random:
        return random.Random(f"{self.plan.seed}:{stage}:{chunk}")

    def _county(self, rng: random.Random, province: str) -> str:
        return rng.choices(self.ref.counties[province], weights=self.ref.county_weights[province])[
            0
        ]

    def _work_county(self, rng: random.Random, province: str) -> str:
        """Where someone moving for work goes: weighted towards the centres' jobs."""
        return rng.choices(self.ref.counties[province], weights=self.ref.move_weights[province])[0]

    def _employer_chunk(self, run: GenerationRun, chunk: int) -> int:
        rng = self._rng("employers", chunk)
        start = chunk * self.plan.chunk_size
        end = min(start + self.plan.chunk_size, self.plan.employers)
        share_sc = self.assume["sichuan_share_of_labour_force"]

        def rows() -> Iterator[tuple[Any, ...]]:
            for index in range(start, end):
                province = "51" if rng.random() < share_sc else "50"
                county = self._county(rng, province)
                section = _pick(rng, SECTION_WEIGHTS)
                division = rng.choice(self.ref.divisions_by_section[section])
                employer_id = run.employer_id_base + index
                uscc = uscc_complete("91" + county + _org_code(employer_id)[:9])
                name = employer_name(rng, division)
                yield (
                    employer_id,
                    uscc,
                    name,
                    county,
                    division,
                    _pick(rng, SIZE_WEIGHTS),
                    self.now,
                    self.now,
                )

        return bulk_insert(
            Employer._meta.db_table,
            ("id", "uscc", "name", "region_id", "industry_id", "size", "created_at", "updated_at"),
            rows(),
        )

    def _index_employers(self, run: GenerationRun) -> None:
        """Employer ids by county (compact arrays), to hire from; read back from the database."""
        by_county: dict[str, array[int]] = defaultdict(lambda: array("q"))
        ids = (
            Employer.objects.filter(id__gte=run.employer_id_base)
            .order_by("id")
            .values_list("id", "region_id")
        )
        for employer_id, county in ids.iterator(chunk_size=50_000):
            by_county[county].append(employer_id)
        self.employers_by_county = dict(by_county)
        # Per province, parallel arrays of employer ids and their county's index.
        self.county_codes = sorted(self.employers_by_county)
        self.province_pool: dict[str, tuple[array[int], array[int]]] = {}
        for index, county in enumerate(self.county_codes):
            pool_ids, where = self.province_pool.setdefault(county[:2], (array("q"), array("H")))
            pool_ids.extend(self.employers_by_county[county])
            where.extend([index] * len(self.employers_by_county[county]))

    def _employer_in(self, rng: random.Random, county: str) -> tuple[int, str]:
        """An employer in ``county``; at small scales a county may have none, then one in its province."""
        pool = self.employers_by_county.get(county)
        if pool:
            return pool[rng.randrange(len(pool))], county
        ids, where = self.province_pool[county[:2]]
        pick = rng.randrange(len(ids))
        return ids[pick], self.county_codes[where[pick]]

    def _move(self, rng: random.Random, county: str) -> str:
        """The county of the next job, per the stated move assumptions."""
        a = self.assume
        province = county[:2]
        # The border is crossed at the assumed rate on average, but from each side in
        # proportion to the other side's size, so that the flows across it about balance
        # (Sichuan has 2.6 times Chongqing's people; the two flows differ by under 20 %).
        cross = a["move_other_province"] * CROSSING_WEIGHT[province]
        if rng.random() < cross:
            return self._work_county(rng, "50" if province == "51" else "51")
        roll = rng.random() * (1 - a["move_other_province"])
        if roll < a["move_same_county"]:
            return county
        if roll < a["move_same_county"] + a["move_same_prefecture"]:
            siblings = [
                c
                for c in self.ref.counties[province]
                if self.ref.prefecture_of[c] == self.ref.prefecture_of[county]
            ]
            return rng.choice(siblings)
        return self._work_county(rng, province)

    # --- persons ------------------------------------------------------------------------

    def _person_chunk(
        self, run: GenerationRun, chunk: int, counts: dict[str, int], counters: Counters
    ) -> dict[str, int]:
        rng = self._rng("persons", chunk)
        # Certificate numbers from a stream of their own: random, yet the rest of the data
        # is what it was before numbers stopped being sequential.
        self.numbers = self._rng("numbers", chunk)
        start, _end = self.plan.chunk_bounds(chunk)
        labels = [label for label, n in sorted(counts.items()) for _ in range(n)]
        rng.shuffle(labels)
        persons: list[list[Any]] = []
        registrations: list[tuple[Any, ...]] = []
        outcomes: list[tuple[Any, ...]] = []
        titles: list[tuple[Any, ...]] = []
        skills: list[tuple[Any, ...]] = []
        for offset, label in enumerate(labels):
            person_id = run.person_id_base + start + offset
            province, role, detail = label.split(":")
            self._person(
                rng,
                counters,
                person_id,
                province,
                role,
                detail,
                persons,
                registrations,
                outcomes,
                titles,
                skills,
            )
        _free_identities(persons, counters)
        return {
            "persons": bulk_insert(Person._meta.db_table, PERSON_COLUMNS, persons),
            "registrations": bulk_insert(
                "people_employmentregistration", REGISTRATION_COLUMNS, registrations
            ),
            "graduate_outcomes": bulk_insert("people_graduateoutcome", OUTCOME_COLUMNS, outcomes),
            "titles": bulk_insert("recognition_professionaltitle", TITLE_COLUMNS, titles),
            "skill_certificates": bulk_insert(
                "recognition_skillcertificate", SKILL_COLUMNS, skills
            ),
        }

    def _person(
        self,
        rng: random.Random,
        counters: Counters,
        person_id: int,
        province: str,
        role: str,
        detail: str,
        persons: list[list[Any]],
        registrations: list[tuple[Any, ...]],
        outcomes: list[tuple[Any, ...]],
        titles: list[tuple[Any, ...]],
        skills: list[tuple[Any, ...]],
    ) -> None:
        home = self._county(rng, province)
        if role == "graduate":
            year = rng.choice((1997, 1998, 1998, 1999))
            education = _pick(rng, EDUCATION_WEIGHTS["graduate"])
        else:
            # Migrant workers are adults with a job (born by 2006); titled professionals older.
            low = 1966 if detail == "title" else 1962
            high = {"title": 2000, "migrant": 2006}.get(detail if detail == "title" else role, 2010)
            year = rng.randint(low, high)
            education = _pick(
                rng,
                EDUCATION_WEIGHTS[
                    "title" if detail == "title" else ("migrant" if role == "migrant" else "plain")
                ],
            )
        birth, seq = counters.next_identity(home, year)
        resident_id = resident_id_complete(home + birth.strftime("%Y%m%d") + seq)
        sex = "M" if int(seq[-1]) % 2 else "F"
        rural = role == "migrant" or (
            role == "other"
            and detail != "title"
            and rng.random() < self.assume["rural_share_of_non_migrants"]
        )
        persons.append(
            [
                person_id,
                resident_id,
                _name(rng),
                sex,
                birth,
                home,
                "rural" if rural else "urban",
                education,
                _phone(rng),
                home,
                self.now,
                self.now,
            ]
        )
        if role == "graduate":
            self._graduate(rng, person_id, province, detail, registrations, outcomes)
            return
        # Rural residents who are not migrant workers farm their own land: no employment
        # registration. So "rural with a registration" is exactly the migrant-worker figure.
        if role == "migrant" or (not rural and rng.random() < self.assume["employment_rate_other"]):
            first_county = home
            if role == "migrant" and rng.random() < 0.6:  # migrants mostly work away from home
                first_county = (
                    self._work_county(rng, province)
                    if rng.random() < 0.85
                    else self._work_county(rng, "50" if province == "51" else "51")
                )
            self._career(rng, person_id, birth, first_county, registrations)
        if detail == "title":
            level = _pick(rng, TITLE_LEVEL_WEIGHTS)
            issued = _date_between(
                rng, max(dt.date(birth.year + 23, 1, 1), dt.date(1995, 1, 1)), self.today
            )
            series = rng.choice(self.ref.title_series)
            titles.append(
                (
                    person_id,
                    series,
                    level,
                    "",
                    province + "0000",
                    f"{'四川省' if province == '51' else '重庆市'}职称评审委员会",
                    issued,
                    credential_number_new(kind="title", region=province, rng=self.numbers),
                    "valid",
                    "",
                )
            )
        elif detail == "skill":
            level = _pick(rng, SKILL_LEVEL_WEIGHTS)
            issued = _date_between(
                rng, max(dt.date(birth.year + 18, 1, 1), dt.date(2005, 1, 1)), self.today
            )
            skills.append(
                (
                    person_id,
                    rng.choice(self.ref.skill_occupations),
                    level,
                    province + "0000",
                    issued,
                    credential_number_new(kind="skill", region=province, rng=self.numbers),
                    "valid",
                    "",
                )
            )

    def _career(
        self,
        rng: random.Random,
        person_id: int,
        birth: dt.date,
        county: str,
        registrations: list[tuple[Any, ...]],
    ) -> None:
        earliest = max(dt.date(birth.year + 18, 7, 1), dt.date(2010, 1, 1))
        if earliest >= self.today:
            return
        start = _date_between(rng, earliest, self.today)
        jobs = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
        recent = self.today - dt.timedelta(days=365)
        for job in range(jobs):
            employer_id, work_county = self._employer_in(rng, county)
            last = job == jobs - 1
            end: dt.date | None = None
            if not last or rng.random() < 0.15:
                end = start + dt.timedelta(days=rng.randint(90, 1500))
                if end >= self.today:
                    end = None
            if (
                end is None
                and start < recent
                and rng.random() < self.assume["recent_job_change_share"]
            ):
                # Changed jobs in the last twelve months: the job ends and the next one,
                # maybe elsewhere, starts (labour turnover, which the flow indices measure).
                end = _date_between(rng, recent, self.today - dt.timedelta(days=7))
                registrations.append(
                    (
                        person_id,
                        employer_id,
                        work_county,
                        rng.choice(self.ref.occupations),
                        start,
                        end,
                        self.now,
                    )
                )
                start = end + dt.timedelta(days=rng.randint(1, 7))
                employer_id, work_county = self._employer_in(rng, self._move(rng, work_county))
                end = None
            registrations.append(
                (
                    person_id,
                    employer_id,
                    work_county,
                    rng.choice(self.ref.occupations),
                    start,
                    end,
                    self.now,
                )
            )
            if end is None:
                return
            start = end + dt.timedelta(days=rng.randint(1, 120))
            if start >= self.today:
                return
            county = self._move(rng, work_county)

    def _graduate(
        self,
        rng: random.Random,
        person_id: int,
        province: str,
        outcome: str,
        registrations: list[tuple[Any, ...]],
        outcomes: list[tuple[Any, ...]],
    ) -> None:
        assert outcome in GRADUATE_OUTCOMES  # noqa: S101
        school = self._county(rng, province)
        other = "50" if province == "51" else "51"
        if outcome in ("own", "other_zone"):
            county = self._county(rng, province if outcome == "own" else other)
            employer_id, work_county = self._employer_in(rng, county)
            start = _date_between(rng, dt.date(2020, 7, 1), dt.date(2020, 10, 1))
            registrations.append(
                (
                    person_id,
                    employer_id,
                    work_county,
                    rng.choice(self.ref.occupations),
                    start,
                    None,
                    self.now,
                )
            )
            outcomes.append((person_id, 2020, school, "employed", work_county))
        elif outcome == "outside":
            destination = rng.choices(
                self.ref.outside, weights=[OUTSIDE_WEIGHTS[c] for c in self.ref.outside]
            )[0]
            outcomes.append((person_id, 2020, school, "employed", destination))
        elif outcome == "study":
            outcomes.append((person_id, 2020, school, "further_study", None))
        else:
            outcomes.append((person_id, 2020, school, "not_employed", None))


def generate(
    *,
    scale: float,
    seed: int,
    progress: Callable[[int], object] | None = None,
    chunk_size: int = 20_000,
    today: dt.date | None = None,
    jobs_scale: float | None = None,
) -> GenerationRun:
    """Generate (or resume) the calibrated data set for ``scale`` and ``seed``.

    ``jobs_scale`` sizes the job zone on its own (a benchmark needs the 1.88M postings of
    scale 1.0 without 67M persons); it defaults to ``scale``.
    """
    plan = make_plan(scale=scale, seed=seed, chunk_size=chunk_size, jobs_scale=jobs_scale)
    return Generator(plan, progress=progress, today=today).run()
