"""Query-count guards (NetBox style): every list page and list API of the job zone answers
with the same number of queries for N rows as for 2N. A loop that reads a related row per
item (1 + N queries, as ``/api/v1/jobs/fairs`` once did: 241 queries for 40 fairs) fails.

Each test builds N rows, counts the queries of one request, adds N more and counts again.
The search index is written directly (``index.index_update``), not by the worker, so the
tests stay inside one rolled-back transaction.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bashu.core.models import Role, User
from bashu.jobs import search as index
from bashu.jobs import selectors
from bashu.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentIntention,
    FairRegistration,
    JobFair,
    JobPosting,
    SeekerProfile,
)
from bashu.jobs.schemas import SeekerProfileInput
from bashu.jobs.services.profiles import seeker_profile_save
from bashu.jobs.tests.factories import make_posting
from bashu.people.models import Employer
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

N = 4
_serial = itertools.count()


def queries(client: Client, url: str, **params: Any) -> int:
    """Queries of one GET (which must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def assert_constant(build: Callable[[], None], count: Callable[[], int]) -> None:
    """``count()`` after N rows equals ``count()`` after 2N (``build`` adds N each time)."""
    build()
    count()  # warm caches that are filled once per process (education ranks, phrases)
    first = count()
    build()
    second = count()
    assert second == first, f"{first} queries for N rows, {second} for 2N: a query per row"


def index_all() -> None:
    """Write every posting to the search index, as the worker would after commit."""
    ids = list(JobPosting.objects.values_list("pk", flat=True))
    index.index_update(selectors.posting_docs(ids), removed=[])


def seeker(make_account: Any, *, discoverable: bool = True) -> tuple[User, SeekerProfile]:
    """A seeker account with a profile wanting Java work in Chengdu."""
    account = make_account(f"seeker{next(_serial)}", Role.SEEKER)
    PersonFactory(area="510107", account=account)
    profile = seeker_profile_save(
        by=account,
        data=SeekerProfileInput(
            region="510107",
            desired_occupations=["2-02-10-03"],
            skills=["Java", "MySQL"],
            salary_expectation=10000,
            cv="Java后端开发",
            discoverable=discoverable,
        ),
    )
    return account, profile


def apply(profile: SeekerProfile, posting: JobPosting, fair: JobFair | None = None) -> None:
    application = Application.objects.create(posting=posting, seeker=profile, fair=fair)
    ApplicationEvent.objects.create(application=application, status=ApplicationStatus.APPLIED)


@pytest.fixture
def boss(make_account: Any) -> tuple[Employer, User]:
    employer = EmployerFactory(area="510107")
    account = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(account)
    return employer, account


def test_the_search_page_and_api(boss: tuple[Employer, User]) -> None:
    employer, _account = boss

    def build() -> None:
        for _ in range(N):
            make_posting(employer)
        index_all()

    client = client_for(None)
    assert_constant(build, lambda: queries(client, "/jobs/", q="Java"))
    assert_constant(build, lambda: queries(client, "/api/v1/jobs/search", q="Java"))


def test_the_employer_dashboard_postings_applicants_and_talents(
    boss: tuple[Employer, User], make_account: Any
) -> None:
    employer, account = boss
    first = make_posting(employer, open_date=timezone.localdate())

    def build() -> None:
        for _ in range(N):
            make_posting(employer)
            _, profile = seeker(make_account)
            apply(profile, first)

    client = client_for(account)
    assert_constant(build, lambda: queries(client, "/employer/", posting=first.pk))


def test_the_seeker_dashboard_applications_and_recommendations(
    boss: tuple[Employer, User], make_account: Any
) -> None:
    employer, _account = boss
    account, profile = seeker(make_account)

    def build() -> None:
        for _ in range(N):
            apply(profile, make_posting(employer))
        index_all()

    client = client_for(account)
    assert_constant(build, lambda: queries(client, "/seeker/"))


def test_the_applications_api_for_the_employer_and_the_seeker(
    boss: tuple[Employer, User], make_account: Any
) -> None:
    employer, account = boss
    seeker_account, profile = seeker(make_account)

    def build() -> None:
        for _ in range(N):
            posting = make_posting(employer)
            apply(profile, posting)
            _, other = seeker(make_account)
            apply(other, posting)

    employer_client = client_for(account)
    seeker_client = client_for(seeker_account)
    assert_constant(build, lambda: queries(employer_client, "/api/v1/jobs/applications"))
    assert_constant(build, lambda: queries(seeker_client, "/api/v1/jobs/applications"))


def test_the_fairs_page_and_api(boss: tuple[Employer, User], make_account: Any) -> None:
    employer, _account = boss
    now = timezone.now()

    def build() -> None:
        for _ in range(N):
            fair = JobFair.objects.create(
                name="川渝合作专场",
                kind="online",
                region_id="510100",
                cross_region=True,
                starts_at=now,
                ends_at=now + dt.timedelta(days=2),
            )
            posting = make_posting(employer)
            fair.employers.add(employer)
            fair.postings.add(posting)
            _, profile = seeker(make_account)
            FairRegistration.objects.create(fair=fair, seeker=profile)
            apply(profile, posting, fair)
            application = Application.objects.get(posting=posting, seeker=profile)
            EmploymentIntention.objects.create(
                application=application,
                posting=posting,
                fair=fair,
                region_id=posting.region_id,
                seeker_region_id=profile.region_id,
            )

    client = client_for(None)
    assert_constant(build, lambda: queries(client, "/fairs/"))
    assert_constant(build, lambda: queries(client, "/api/v1/jobs/fairs"))
    assert_constant(build, lambda: queries(client, "/api/v1/jobs/fairs", cross_region="true"))
    fairs = client.get("/api/v1/jobs/fairs").json()
    assert fairs["count"] == 6 * N and fairs["items"][0]["results"] == {
        "employers": 1,
        "postings": 1,
        "registrations": 1,
        "applications": 1,
        "intentions": 1,
        "hires": 0,
    }


def test_the_match_lists(boss: tuple[Employer, User], make_account: Any) -> None:
    employer, account = boss
    posting = make_posting(employer)
    seeker_account, profile = seeker(make_account)

    def build() -> None:
        for _ in range(N):
            make_posting(employer)
            seeker(make_account)
        index_all()

    seeker_client = client_for(seeker_account)
    employer_client = client_for(account)
    assert_constant(
        build, lambda: queries(seeker_client, f"/api/v1/jobs/seekers/{profile.pk}/matches")
    )
    assert_constant(
        build, lambda: queries(employer_client, f"/api/v1/jobs/postings/{posting.pk}/matches")
    )
