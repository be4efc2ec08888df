"""The generator: exact calibrated counts, valid identities, determinism and resume."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django.db import connection

from bashu.core.identity import resident_id_check, resident_id_complete, uscc_check
from bashu.datagen import generate as generate_module
from bashu.datagen.generate import Counters, generate
from bashu.datagen.models import GenerationRun
from bashu.datagen.plan import largest_remainder, make_plan
from bashu.datagen.report import calibration_measure
from bashu.people.models import Employer, EmploymentRegistration, GraduateOutcome, Person
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle, SkillCertificate, TalentCard
from bashu.recognition.numbers import credential_number_is_new_form

pytestmark = pytest.mark.django_db

SCALE = 0.0003  # 20,100 persons: small enough for a test, large enough for every category


def _digest() -> str:
    """A fingerprint of everything generated, independent of insertion order."""
    h = hashlib.sha256()
    for row in (
        Person.objects.order_by("id")
        .values_list("id", "resident_id", "name", "birth_date", "region_id", "household_type")
        .iterator()
    ):
        h.update(repr(row).encode())
    for row in (
        EmploymentRegistration.objects.order_by("person_id", "start_date", "employer_id")
        .values_list("person_id", "employer_id", "region_id", "start_date", "end_date")
        .iterator()
    ):
        h.update(repr(row).encode())
    for row in GraduateOutcome.objects.order_by("person_id").values_list(
        "person_id", "status", "destination_id"
    ):
        h.update(repr(row).encode())
    from bashu.jobs.models import Application, JobPosting, SeekerProfile

    for row in JobPosting.objects.order_by("id").values_list(
        "title", "region_id", "salary_min", "open_date", "headcount", "duplicate_of_id"
    ):
        h.update(repr(row).encode())
    for row in SeekerProfile.objects.order_by("id").values_list("region_id", "skills", "cv"):
        h.update(repr(row).encode())
    h.update(str(Application.objects.count()).encode())
    from bashu.transfers.models import Case, InsurancePeriod

    for row in InsurancePeriod.objects.order_by("person_id", "first_month").values_list(
        "person_id", "region_id", "first_month", "last_month", "base"
    ):
        h.update(repr(row).encode())
    for row in Case.objects.order_by("id").values_list(
        "kind", "applicant_id", "window_region_id", "competent_region_id", "state", "received_at"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def _wipe() -> None:
    from bashu.datagen.models import SeekerTruth
    from bashu.jobs.models import (
        Application,
        ApplicationEvent,
        EmploymentIntention,
        FairRegistration,
        JobFair,
        JobPosting,
        SeekerProfile,
    )
    from bashu.transfers.models import Archive, Case, InsurancePeriod

    for transfer_model in (Case, Archive, InsurancePeriod):
        transfer_model.objects.all().delete()
    for job_model in (
        EmploymentIntention,
        ApplicationEvent,
        Application,
        FairRegistration,
        SeekerTruth,
        SeekerProfile,
        JobFair,
    ):
        job_model.objects.all().delete()
    from bashu.recognition.models import (
        Expert,
        ExpertTeam,
        RecognitionDecision,
        ServiceDelivery,
        TalentCard,
    )

    for model in (ServiceDelivery, RecognitionDecision, TalentCard, Expert, ExpertTeam):
        model.objects.all().delete()
    JobPosting.objects.filter(duplicate_of__isnull=False).delete()
    JobPosting.objects.all().delete()
    for model in (
        EmploymentRegistration,
        GraduateOutcome,
        ProfessionalTitle,
        SkillCertificate,
        Person,
        Employer,
        GenerationRun,
    ):
        model.objects.all().delete()


def test_largest_remainder_is_exact() -> None:
    assert largest_remainder(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert sum(largest_remainder(1_000_003, {"x": 0.723, "y": 0.277}).values()) == 1_000_003


def test_plan_chunks_add_up_exactly() -> None:
    plan = make_plan(scale=0.01, seed=1, chunk_size=20_000)
    chunks = plan.chunk_categories()
    assert [sum(c.values()) for c in chunks] == [
        plan.chunk_bounds(i)[1] - plan.chunk_bounds(i)[0] for i in range(len(chunks))
    ]
    for key, total in plan.categories.items():
        assert sum(c.get(key, 0) for c in chunks) == total


def test_generated_counts_match_the_plan_and_identities_are_valid() -> None:
    run = generate(scale=SCALE, seed=3, chunk_size=5_000)
    plan = make_plan(scale=SCALE, seed=3)
    assert run.status == GenerationRun.Status.DONE
    assert Person.objects.count() == plan.persons == round(67_000_000 * SCALE)
    assert Employer.objects.count() == plan.employers
    measured = {m.key: m for m in calibration_measure(scale=SCALE)}
    for key in ("labour_force", "migrant_workers", "titled_professionals", "skilled_workers"):
        assert measured[key].deviation < 0.001, key  # counts are exact quotas
    assert measured["sc_graduates_2020"].generated == pytest.approx(471_600, rel=0.01)
    assert measured["sc_graduates_in_province"].generated == pytest.approx(0.7510, abs=0.01)
    # Every number is valid and unique (the unique index would have refused duplicates).
    for resident_id in Person.objects.values_list("resident_id", flat=True)[:3000]:
        assert resident_id_check(resident_id, today=run.started_at.date()).valid
    for uscc in Employer.objects.values_list("uscc", flat=True)[:1000]:
        assert uscc_check(uscc).valid
    # Certificate and card numbers are random with a check character, never sequential.
    numbers = [
        *ProfessionalTitle.objects.values_list("certificate_number", flat=True)[:1000],
        *SkillCertificate.objects.values_list("certificate_number", flat=True)[:1000],
        *TalentCard.objects.values_list("number", flat=True),
    ]
    assert TalentCard.objects.exists()
    assert all(credential_number_is_new_form(n) for n in numbers)
    # Moves between regions exist, in both directions across the border.
    pairs = set()
    for person_id in EmploymentRegistration.objects.values_list("person_id", flat=True).distinct()[
        :5000
    ]:
        regions = list(
            EmploymentRegistration.objects.filter(person_id=person_id)
            .order_by("start_date")
            .values_list("region_id", flat=True)
        )
        pairs.update((a[:2], b[:2]) for a, b in itertools.pairwise(regions))
    assert {("51", "50"), ("50", "51")} <= pairs
    _check_transfers()


def _check_transfers() -> None:
    """Insurance periods never overlap per person, some people paid in both provinces,
    about one person in eight has a file on record, and a year of cases covers every kind."""
    from bashu.transfers.models import Archive, Case, CaseEvent, InsurancePeriod
    from bashu.transfers.periods import Month, Period, overlapping_pairs

    by_person: dict[int, list[Period]] = {}
    for person_id, region, first, last in InsurancePeriod.objects.values_list(
        "person_id", "region_id", "first_month", "last_month"
    ):
        by_person.setdefault(person_id, []).append(Period(region, Month.of(first), Month.of(last)))
    persons = Person.objects.count()
    assert len(by_person) == pytest.approx(0.30 * persons, rel=0.1)
    assert all(not overlapping_pairs(ps) for ps in by_person.values())
    both = sum(1 for ps in by_person.values() if len({p.region[:2] for p in ps}) == 2)
    assert both > 0
    assert Archive.objects.count() == pytest.approx(0.12 * persons, rel=0.15)
    assert Case.objects.count() == round(persons * 0.02)
    assert set(Case.objects.values_list("kind", flat=True)) == {
        "policy_claim",
        "unemployment_benefit",
        "insurance_transfer",
        "archive_transfer",
        "title_recognition",
    }
    assert (
        CaseEvent.objects.filter(to_state="done").count()
        == Case.objects.filter(state="done").count()
    )


def test_same_seed_gives_the_same_data_and_a_resumed_run_matches(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    generate(scale=0.0001, seed=5, chunk_size=2_000)
    expected = _digest()
    _wipe()
    # Fail in the middle of the third person chunk, then resume.
    original = generate_module.Generator._person_chunk
    calls = {"n": 0}

    def failing(self, run, chunk, counts, counters):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated crash")
        return original(self, run, chunk, counts, counters)

    monkeypatch.setattr(generate_module.Generator, "_person_chunk", failing)
    with pytest.raises(RuntimeError):
        generate(scale=0.0001, seed=5, chunk_size=2_000)
    run = GenerationRun.objects.get()
    assert run.status == GenerationRun.Status.STARTED and run.person_chunks_done == 2
    assert Person.objects.count() == 4_000  # the failed chunk left nothing behind
    monkeypatch.setattr(generate_module.Generator, "_person_chunk", original)
    generate(scale=0.0001, seed=5, chunk_size=2_000)
    assert _digest() == expected
    # A finished run is not repeated.
    generate(scale=0.0001, seed=5, chunk_size=2_000)
    assert Person.objects.count() == 6_700


def test_numbers_already_taken_are_skipped() -> None:
    # A person registered by hand holds exactly the number the generator would give next
    # for 510104 / 1990 (the counters start after the one existing person of that cell).
    counters = Counters()
    counters.by_area_year[("510104", 1990)] = 1
    birth, seq = counters.next_identity("510104", 1990)
    taken = resident_id_complete(f"510104{birth:%Y%m%d}{seq}")
    PersonFactory(area="510104", resident_id=taken, birth_date=birth)
    plan = make_plan(scale=0.0001, seed=9, chunk_size=2_000)
    generate(scale=0.0001, seed=9, chunk_size=2_000)
    assert Person.objects.count() == plan.persons + 1
    assert Person.objects.filter(resident_id=taken).count() == 1
    # The generator did draw that cell, so the collision really happened and was resolved.
    assert Person.objects.filter(resident_id__startswith="5101041990").count() >= 2


@pytest.mark.skipif("postgresql" not in connection.settings_dict["ENGINE"], reason="COPY path")
def test_postgresql_sequences_move_past_generated_ids() -> None:
    generate(scale=0.0001, seed=11, chunk_size=2_000)
    person = PersonFactory(area="510104", birth_date=__import__("datetime").date(1950, 1, 1))
    assert (
        person.pk
        > Person.objects.exclude(pk=person.pk).order_by("-id").values_list("id", flat=True)[0]
    )


def test_occupations_drawn_are_those_with_a_profile() -> None:
    """Given the whole 大典 (1,639 detailed occupations) in the reference tables, when the
    generator reads its reference, then it draws only from the occupations it has profiles
    for, so the full classification does not spread postings, careers and skill certificates
    over occupations it cannot describe."""
    from bashu.core.models import Occupation
    from bashu.datagen.jobs import profiles

    assert Occupation.objects.filter(level="detailed").count() > len(profiles())
    reference = generate_module.load_reference()
    assert reference.occupations == sorted(profiles())
    assert set(reference.skill_occupations) == {c for c in profiles() if c[0] in "456"}
