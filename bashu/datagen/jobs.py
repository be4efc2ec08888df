"""Synthetic data for the joint job zone: postings, seekers with known truth, applications,
employment intentions and fairs, calibrated to seed 002.

One stage after the persons: written in one transaction per table group (a failure rolls the
stage back and the next run repeats it), streamed into COPY, deterministic per seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bashu.core.loaders import data_file_load
from bashu.core.models import Industry, Region
from bashu.datagen import geography
from bashu.datagen.models import GenerationRun
from bashu.datagen.plan import Plan, assumptions, largest_remainder, published_figures
from bashu.datagen.writer import bulk_insert, reset_sequence
from bashu.jobs.models import Application, JobPosting, SeekerProfile, TalentRow, talent_place
from bashu.people.models import Employer, EmploymentRegistration, Person

PROFILES = Path(__file__).resolve().parent.parent / "jobs" / "data" / "occupation_profiles.json"


@lru_cache(maxsize=1)
def profiles() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = data_file_load(PROFILES)
    return data


@dataclass(frozen=True)
class JobsPlan:
    postings: int
    cq2021_headcount: dict[str, int]  # section → headcount
    shared_firms: int
    shared_postings: int
    intentions: int
    seekers: int
    section_shares: dict[str, float]  # the seed's shape of demand by industry section


def make_jobs_plan(plan: Plan) -> JobsPlan:
    figures = published_figures()
    assume = assumptions()
    s = plan.jobs_scale or plan.scale
    demand = round(figures["cq_demand_2021"].value * s)
    shares = {
        "C": figures["cq_demand_2021_manufacturing"].value,
        "O": figures["cq_demand_2021_resident_services"].value,
        "F": figures["cq_demand_2021_wholesale_retail"].value,
    }
    rest = 1 - sum(shares.values())
    others = {
        "E": 8,
        "G": 6,
        "H": 7,
        "I": 3,
        "L": 4,
        "K": 2,
        "M": 2,
        "Q": 2,
        "P": 1.5,
        "R": 1,
        "A": 1,
        "J": 1,
        "N": 0.5,
        "D": 0.5,
        "B": 0.3,
    }
    weights = {**shares, **{k: rest * v / sum(others.values()) for k, v in others.items()}}
    return JobsPlan(
        postings=round(figures["joint_postings"].value * s),
        cq2021_headcount=largest_remainder(demand, weights),
        shared_firms=max(1, round(figures["shared_zone_firms"].value * s)),
        shared_postings=round(figures["shared_zone_postings"].value * s),
        intentions=round(figures["employment_intentions"].value * s),
        seekers=round(assume["seekers_at_full_scale"] * s),
        section_shares=weights,
    )


#: Share of applications made at a fair (assumption); an intention follows a day to weeks later.
FAIR_APPLICATION_SHARE = 0.25
GAP = dt.timedelta(days=7)


class JobsGenerator:
    POSTING_COLUMNS = (
        "id",
        "employer_id",
        "title",
        "description",
        "occupation_id",
        "industry_id",
        "region_id",
        "salary_min",
        "salary_max",
        "education_id",
        "experience_years",
        "skills",
        "headcount",
        "open_date",
        "close_date",
        "status",
        "review_flags",
        "source",
        "source_id",
        "duplicate_of_id",
        "shared_zone",
        "created_at",
        "updated_at",
    )

    def __init__(self, plan: Plan, run: GenerationRun, *, today: dt.date):
        self.plan = plan
        self.jobs = make_jobs_plan(plan)
        self.run = run
        self.today = today
        self.now = timezone.now()
        self.rng = random.Random(f"{plan.seed}:jobs")
        self.profiles = profiles()
        section_of = dict(
            Industry.objects.filter(level="division").values_list("code", "parent_id")
        )
        self.by_section: dict[str, list[str]] = defaultdict(list)
        self.by_division: dict[str, list[str]] = defaultdict(list)
        for code, profile in self.profiles.items():
            for division in profile["industries"]:
                self.by_section[section_of[division]].append(code)
                self.by_division[division].append(code)
        self.section_of = section_of
        self.divisions: dict[str, list[str]] = defaultdict(list)
        for division, section in section_of.items():
            self.divisions[section].append(division)
        self._index_employers()

    def _index_employers(self) -> None:
        # Employers by (place, section), the place a county, a prefecture or a province, so
        # that a posting of a section goes to an employer of that section, as near as there is.
        self.employers: dict[tuple[str, str], array[int]] = defaultdict(lambda: array("q"))
        self.employers_in: dict[str, array[int]] = defaultdict(lambda: array("q"))
        self.division_of: dict[int, str] = {}
        rows = Employer.objects.filter(id__gte=self.run.employer_id_base).values_list(
            "id", "region_id", "industry_id"
        )
        self.counties: dict[str, list[str]] = defaultdict(list)
        for employer_id, county, division in rows.iterator(chunk_size=50_000):
            section = self.section_of[division]
            for place in (county, county[:4], county[:2]):
                self.employers[(place, section)].append(employer_id)
            self.employers_in[county].append(employer_id)
            self.division_of[employer_id] = division
        prefecture_of = dict(
            Region.objects.filter(level="county", code__regex=r"^(50|51)").values_list(
                "code", "parent_id"
            )
        )
        for county in self.employers_in:
            self.counties[county[:2]].append(county)
        self.county_weights: dict[str, list[float]] = {}
        for province in self.counties:
            self.counties[province].sort()
            self.county_weights[province] = geography.county_weights(
                self.counties[province], prefecture_of, postings=True
            )

    def _posting_county(self, province: str) -> str:
        return self.rng.choices(self.counties[province], weights=self.county_weights[province])[0]

    def _occupation_for(self, employer: int, section: str) -> str:
        """An occupation an employer of its division would post (its profile lists the
        division), else one of its section."""
        pool = (
            self.by_division.get(self.division_of.get(employer, ""))
            or self.by_section.get(section)
            or list(self.profiles)
        )
        return self.rng.choice(pool)

    # --- postings -------------------------------------------------------------------------

    def _employer(self, county: str, section: str) -> int:
        """An employer of ``section`` in the county, else in its prefecture, its province,
        and only then any employer of the county."""
        pool = (
            self.employers.get((county, section))
            or self.employers.get((county[:4], section))
            or self.employers.get((county[:2], section))
            or self.employers_in[county]
        )
        return pool[self.rng.randrange(len(pool))]

    def _text(self, occupation: str) -> tuple[str, str, list[str], int, int, str, int]:
        p = self.profiles[occupation]
        rng = self.rng
        title = rng.choice(p["titles"])
        skills = list(p["core_skills"]) + rng.sample(
            [s for s in p["skills"] if s not in p["core_skills"]],
            k=min(2, len(p["skills"]) - len(p["core_skills"])),
        )
        duties = rng.sample(p["duties"], k=min(3, len(p["duties"])))
        requirements = rng.sample(p["requirements"], k=min(2, len(p["requirements"])))
        description = (
            "岗位职责：" + "；".join(duties) + "。任职要求：" + "；".join(requirements) + "。"
        )
        low, high = p["salary"]
        salary_min = int(rng.uniform(low * 0.9, (low + high) / 2) // 100 * 100)
        salary_max = max(
            salary_min + 500, int(rng.uniform((low + high) / 2, high * 1.1) // 100 * 100)
        )
        exp_low, exp_high = p["experience_years"]
        return (
            title,
            description,
            skills,
            salary_min,
            salary_max,
            p["education"],
            rng.randint(exp_low, max(exp_low, min(exp_high, exp_low + 3))),
        )

    def postings(self) -> dict[str, int]:
        """Write every posting; return how many of each kind."""
        rng = self.rng
        first_id = (JobPosting.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.first_posting_id = first_id
        self.open_by_key: dict[tuple[str, str], array[int]] = defaultdict(
            lambda: array("q")
        )  # (province, occupation)
        self.open_region: dict[int, str] = {}
        counts = {"cq2021": 0, "other": 0, "duplicates": 0, "shared_zone": 0}
        shared_employers = self._shared_employers()
        rows: list[tuple[Any, ...]] = []
        next_id = first_id

        def add(
            employer: int,
            occupation: str,
            section: str,
            county: str,
            open_date: dt.date,
            headcount: int,
            *,
            shared: bool = False,
            duplicate_of: int | None = None,
            text: tuple[str, str, list[str], int, int, str, int] | None = None,
        ) -> tuple[Any, ...]:
            nonlocal next_id
            title, description, skills, smin, smax, education, experience = text or self._text(
                occupation
            )
            # The posting's industry is its employer's.
            division = self.division_of.get(employer) or rng.choice(self.divisions[section])
            close_date = open_date + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
            is_open = close_date >= self.today
            source = "chongqing" if county.startswith("50") else "sichuan"
            if duplicate_of is not None:
                source = "sichuan" if source == "chongqing" else "chongqing"
            row = (
                next_id,
                employer,
                title,
                description,
                occupation,
                division,
                county,
                smin,
                smax,
                education,
                experience,
                json.dumps(skills, ensure_ascii=False),
                headcount,
                open_date,
                close_date,
                "open" if is_open else "closed",
                "[]",
                source,
                f"g{self.plan.seed}-{next_id}",
                duplicate_of,
                shared,
                self.now,
                self.now,
            )
            if is_open and duplicate_of is None:
                self.open_by_key[(county[:2], occupation)].append(next_id)
                self.open_region[next_id] = county
            rows.append(row)
            next_id += 1
            return row

        # 1. Chongqing's 2021 public-market demand: headcount per section, exactly.
        for section, quota in sorted(self.jobs.cq2021_headcount.items()):
            while quota > 0:
                headcount = min(quota, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10)))
                county = self._posting_county("50")
                open_date = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))
                employer = self._employer(county, section)
                add(
                    employer,
                    self._occupation_for(employer, section),
                    section,
                    county,
                    open_date,
                    headcount,
                )
                quota -= headcount
                counts["cq2021"] += 1
        # 2. The rest of the joint postings, 2020–today, both provinces, recent ones open.
        # Chongqing's 2021 postings are exactly the block above, so the rest avoid that year
        # there; cross-posted duplicates count towards the 1.88M like any posting.
        remaining = max(0, self.jobs.postings - counts["cq2021"])
        shared_left = self.jobs.shared_postings
        # Demand by section in the seed's shape (Chongqing 2021: 制造业 47.89 %, 居民服务
        # 16.45 %, 批发和零售 6.59 %, the rest spread), for both provinces.
        shares = {k: v for k, v in self.jobs.section_shares.items() if self.by_section.get(k)}
        span = (self.today - dt.date(2020, 1, 1)).days
        duplicate_share = assumptions()["duplicate_share"]
        open_days = int(assumptions()["open_posting_days"])
        while remaining > 0:
            province = "51" if rng.random() < 0.723 else "50"
            section = rng.choices(list(shares), weights=list(shares.values()))[0]
            recent = rng.random() < 0.35
            open_date = self.today - dt.timedelta(days=rng.randrange(open_days if recent else span))
            if province == "50" and open_date.year == 2021:
                open_date = open_date.replace(year=2022)
            county = self._posting_county(province)
            employer = self._employer(county, section)
            shared = shared_left > 0 and (recent or shared_left >= remaining)
            if shared:
                employer = shared_employers[rng.randrange(len(shared_employers))]
                county = self._county_of(employer)
                section = self.section_of[self.division_of[employer]]
                if county.startswith("50") and open_date.year == 2021:
                    open_date = open_date.replace(year=2022)
                shared_left -= 1
            occupation = self._occupation_for(employer, section)
            row = add(
                employer,
                occupation,
                section,
                county,
                open_date,
                rng.choice((1, 1, 2, 3, 5)),
                shared=shared,
            )
            remaining -= 1
            counts["other"] += 1
            counts["shared_zone"] += int(shared)
            if remaining > 0 and recent and rng.random() < duplicate_share:
                text = (
                    row[2].replace("(", "（").replace(")", "）"),
                    row[3],
                    json.loads(row[11]),
                    row[7],
                    row[8],
                    row[9],
                    row[10],
                )
                add(
                    employer,
                    occupation,
                    section,
                    county,
                    open_date,
                    row[12],
                    duplicate_of=row[0],
                    text=text,
                )
                remaining -= 1
                counts["duplicates"] += 1
            if len(rows) >= 20_000:
                bulk_insert(JobPosting._meta.db_table, self.POSTING_COLUMNS, rows)
                rows.clear()
        bulk_insert(JobPosting._meta.db_table, self.POSTING_COLUMNS, rows)
        reset_sequence(JobPosting._meta.db_table)
        return counts

    def _shared_employers(self) -> list[int]:
        pool = [e for county in sorted(self.employers_in) for e in self.employers_in[county]]
        self.rng.shuffle(pool)
        chosen = pool[: self.jobs.shared_firms]
        self._employer_county = dict(
            Employer.objects.filter(pk__in=chosen).values_list("pk", "region_id")
        )
        return chosen

    def _county_of(self, employer_id: int) -> str:
        return self._employer_county[employer_id]

    # --- seekers, truth, applications -----------------------------------------------------

    def seekers(self) -> int:
        rng = self.rng
        person_ids = self._seeker_persons()
        first_id = (SeekerProfile.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        occupations = [
            code
            for (province, code), ids in self.open_by_key.items()
            for _ in range(min(len(ids), 50))
        ] or list(self.profiles)
        profiles_rows, truth_rows = [], []
        self.seeker_rows: list[tuple[int, str, str]] = []  # (seeker id, county, true occupation)
        persons: dict[int, str] = {}
        educations: dict[int, str | None] = {}
        for start in range(0, len(person_ids), 5000):
            for pk, region, education in Person.objects.filter(
                pk__in=person_ids[start : start + 5000]
            ).values_list("pk", "region_id", "education_id"):
                persons[pk] = region
                educations[pk] = education
        seeker_id = first_id
        self.first_seeker_id = first_id
        # Registered 2020–today (求职登记日期), most of them recently: a profile is an
        # active search, the older ones are the few still looking.
        seeker_span = (self.today - dt.date(2020, 1, 1)).days + 1

        def registered_on() -> dt.date:
            roll = rng.random()
            days = 180 if roll < 0.6 else 365 if roll < 0.85 else seeker_span
            return self.today - dt.timedelta(days=rng.randrange(days))

        for person_id in person_ids:
            county = persons.get(person_id)
            if county is None:
                continue
            true = rng.choice(occupations)
            p = self.profiles[true]
            extra = [s for s in p["skills"] if s not in p["core_skills"]]
            true_skills = list(p["core_skills"]) + rng.sample(
                extra, k=min(len(extra), rng.randint(2, 5))
            )
            roll = rng.random()
            if roll < 0.7:
                desired = [true]
            elif roll < 0.9:
                desired = ["-".join(true.split("-")[:2])]
            else:
                siblings = [
                    c
                    for c in self.profiles
                    if c.rsplit("-", 1)[0] == true.rsplit("-", 1)[0] and c != true
                ]
                desired = [rng.choice(siblings)] if siblings else [true]
            shown = rng.sample(
                true_skills, k=max(1, round(len(true_skills) * rng.uniform(0.6, 1.0)))
            )
            years = rng.randint(0, 15)
            title = rng.choice(p["titles"])
            cv = (
                f"{years}年{title}相关工作经验。熟悉{'、'.join(shown)}。{rng.choice(p['duties'])}。"
            )
            low, high = p["salary"]
            groups = " ".join(sorted({"-".join(c.split("-")[:2]) for c in desired}))
            # A Sichuan prefecture (e.g. 510100) or, in Chongqing, the own district.
            home = county[:4] + "00" if county.startswith("51") else county
            desired_regions = [home] if rng.random() < 0.6 else []
            profiles_rows.append(
                (
                    seeker_id,
                    person_id,
                    county,
                    json.dumps(desired),
                    json.dumps(desired_regions),
                    groups,
                    int(rng.uniform(low, (low + high) / 2) // 100 * 100),
                    json.dumps(shown, ensure_ascii=False),
                    educations.get(person_id),
                    years,
                    cv,
                    rng.random() < 0.6,
                    registered_on(),
                    self.now,
                )
            )
            truth_rows.append((seeker_id, true, json.dumps(true_skills, ensure_ascii=False)))
            self.seeker_rows.append((seeker_id, county, true))
            seeker_id += 1
        bulk_insert(
            SeekerProfile._meta.db_table,
            (
                "id",
                "person_id",
                "region_id",
                "desired_occupations",
                "desired_regions",
                "occupation_groups",
                "salary_expectation",
                "skills",
                "education_id",
                "experience_years",
                "cv",
                "discoverable",
                "registered_on",
                "updated_at",
            ),
            profiles_rows,
        )
        reset_sequence(SeekerProfile._meta.db_table)
        # Where employers find them (what SeekerProfile.save writes for one profile).
        bulk_insert(
            TalentRow._meta.db_table,
            ("seeker_id", "occupation_group", "place", "updated_at"),
            (
                (row[0], group, talent_place(row[2]), row[13])
                for row in profiles_rows
                if row[11]
                for group in row[5].split()
            ),
        )
        bulk_insert("datagen_seekertruth", ("seeker_id", "occupation_id", "skills"), truth_rows)
        return len(profiles_rows)

    def _seeker_persons(self) -> list[int]:
        """Who looks for work: persons of working age, out of work more often than not
        (assumption: seven seekers in ten have no job in force, the rest want a change).
        Candidates are every k-th person (three per seeker wanted), read in batches."""
        wanted = self.jobs.seekers
        base, total = self.run.person_id_base, self.plan.persons
        stride = max(1, total // max(1, 3 * wanted))
        candidates = list(range(base, base + total, stride))
        youngest = self.today.year - 18
        oldest = self.today.year - 59
        idle: list[int] = []
        working: list[int] = []
        for start in range(0, len(candidates), 5000):
            batch = candidates[start : start + 5000]
            employed = set(
                EmploymentRegistration.objects.filter(
                    person_id__in=batch, end_date__isnull=True
                ).values_list("person_id", flat=True)
            )
            for pk, born in Person.objects.filter(pk__in=batch).values_list("pk", "birth_date"):
                if oldest <= born.year <= youngest:
                    (working if pk in employed else idle).append(pk)
        n_idle = min(len(idle), round(wanted * 0.7))
        chosen = idle[:n_idle] + working[: wanted - n_idle]
        if len(chosen) < wanted:  # a small scale: whoever is left
            chosen += idle[n_idle : n_idle + wanted - len(chosen)]
        return sorted(chosen)

    def applications(self) -> dict[str, int]:
        """Applications from seekers to open postings of their occupation; exactly the calibrated
        number of them reach an employment intention (offer or hire)."""
        rng = self.rng
        target = self.jobs.intentions
        wanted = target * int(assumptions()["applications_per_intention"])
        app_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        intention_rows: list[tuple[Any, ...]] = []
        seen: set[tuple[int, int]] = set()
        candidates = [s for s in self.seeker_rows if self.open_by_key.get((s[1][:2], s[2]))]
        if not candidates:
            return {"applications": 0, "intentions": 0}
        first_id = (Application.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        app_id = first_id
        attempts = 0
        fairs = [f for f in getattr(self, "fair_rows", []) if f[2] and f[3]]
        county_of = {row[0]: row[1] for row in self.seeker_rows}
        while len(app_rows) < wanted and attempts < wanted * 5:
            attempts += 1
            fair_id: int | None = None
            if fairs and rng.random() < FAIR_APPLICATION_SHARE:
                # At a fair: a registered seeker applies to a posting the fair carried.
                fair_id, fair_start, registered, fair_postings = fairs[rng.randrange(len(fairs))]
                seeker_id = registered[rng.randrange(len(registered))]
                county = county_of[seeker_id]
                posting_id, posting_region = fair_postings[rng.randrange(len(fair_postings))]
                at = fair_start + dt.timedelta(minutes=rng.randrange(3 * 24 * 60))
            else:
                seeker_id, county, occupation = candidates[rng.randrange(len(candidates))]
                pool = self.open_by_key[(county[:2], occupation)]
                posting_id = pool[rng.randrange(len(pool))]
                posting_region = self.open_region[posting_id]
                # Applied in the last four weeks (the postings are open ones).
                at = self.now - dt.timedelta(minutes=rng.randrange(28 * 24 * 60))
            if (posting_id, seeker_id) in seen:
                continue
            seen.add((posting_id, seeker_id))
            intention = (
                len(intention_rows) < target
                and (wanted - len(app_rows)) <= (target - len(intention_rows)) * 3
                and rng.random() < 0.5
            ) or (wanted - len(app_rows)) <= (target - len(intention_rows))
            status = (
                rng.choice(("offer", "hired"))
                if intention
                else rng.choice(("applied", "viewed", "interview", "rejected"))
            )
            app_rows.append((app_id, posting_id, seeker_id, fair_id, status, at, self.now))
            event_rows.append((app_id, "applied", at, ""))
            if status != "applied":
                event_rows.append((app_id, status, self.now, ""))
            if intention:
                intention_rows.append(
                    (app_id, posting_id, fair_id, posting_region, county, min(self.now, at + GAP))
                )
            app_id += 1
        bulk_insert(
            Application._meta.db_table,
            ("id", "posting_id", "seeker_id", "fair_id", "status", "created_at", "updated_at"),
            app_rows,
        )
        reset_sequence(Application._meta.db_table)
        bulk_insert("jobs_applicationevent", ("application_id", "status", "at", "note"), event_rows)
        bulk_insert(
            "jobs_employmentintention",
            ("application_id", "posting_id", "fair_id", "region_id", "seeker_region_id", "at"),
            intention_rows,
        )
        return {"applications": len(app_rows), "intentions": len(intention_rows)}

    def fairs(self) -> int:
        """Four 川渝合作专场 a year (seed 002: 每年开展川渝合作专场不少于4场), 2021 to this year."""
        from bashu.jobs.models import JobFair

        count = 0
        self.fair_rows: list[tuple[int, dt.datetime, list[int], list[tuple[int, str]]]] = []
        seekers = list(
            SeekerProfile.objects.filter(id__gte=self.first_seeker_id)
            .order_by("id")
            .values_list("id", "registered_on")
        )
        registrations: list[tuple[int, int, dt.datetime]] = []
        for year in range(2021, self.today.year + 1):
            for quarter in range(4):
                start = dt.datetime(year, 3 * quarter + 1, 15, 9, 0, tzinfo=dt.UTC)
                if start.date() > self.today:
                    break
                host = "510100" if (year + quarter) % 2 else "500000"
                fair = JobFair.objects.create(
                    name=f"“重庆英才·职等你来”川渝合作专场（{year}年第{quarter + 1}场）",
                    kind="online",
                    region_id=host,
                    cross_region=True,
                    starts_at=start,
                    ends_at=start + dt.timedelta(days=3),
                    venue="线上直播招聘",
                    description="川渝两地人社部门联合举办的网络直播招聘专场",
                )
                # The postings open at the fair, from both provinces (a 川渝 fair).
                ids = list(
                    JobPosting.objects.filter(
                        open_date__lte=start.date() + dt.timedelta(days=3),
                        close_date__gte=start.date(),
                        duplicate_of__isnull=True,
                    )
                    .order_by("id")
                    .values_list("pk", "employer_id", "region_id")[:200]
                )
                fair.postings.add(*[i for i, _, _ in ids])
                fair.employers.add(*{e for _, e, _ in ids})
                # Seekers registered by then sign up (招聘会报名), a few in a hundred.
                eligible = [sid for sid, on in seekers if on <= start.date()]
                registered = sorted(
                    self.rng.sample(eligible, k=min(len(eligible), max(10, len(seekers) // 30)))
                )
                registrations += [
                    (fair.pk, sid, start - dt.timedelta(days=3)) for sid in registered
                ]
                self.fair_rows.append((fair.pk, start, registered, [(i, r) for i, _, r in ids]))
                count += 1
        bulk_insert("jobs_fairregistration", ("fair_id", "seeker_id", "at"), registrations)
        return count


def generate_jobs(plan: Plan, run: GenerationRun, *, today: dt.date) -> dict[str, int]:
    """The job-zone stage of a run (once; a failure rolls the stage back)."""
    if run.jobs_done or not PROFILES.exists():
        return {}
    with transaction.atomic():
        generator = JobsGenerator(plan, run, today=today)
        counts = generator.postings()
        counts["seekers"] = generator.seekers()
        counts["fairs"] = generator.fairs()
        counts.update(generator.applications())
        GenerationRun.objects.filter(pk=run.pk).update(jobs_done=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE jobs_jobposting")
    return counts
