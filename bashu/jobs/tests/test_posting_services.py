"""The posting services called directly, the way the feed, the pages and the API call them:
each refusal (unknown employer, missing posting, another employer's posting, a posting not
waiting for review, bad fields) and the review hold an edit can bring, with its message."""

from __future__ import annotations

import pytest

from bashu.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from bashu.core.models import Notification, Role
from bashu.core.permissions import SYSTEM
from bashu.jobs.models import CodingStatus, OccupationCoding, PostingStatus
from bashu.jobs.services import occupations
from bashu.jobs.services.postings import (
    posting_close,
    posting_create,
    posting_review,
    posting_update,
)
from bashu.jobs.tests.factories import make_posting, posting_input
from bashu.people.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

MISSING = 2_000_000_000


@pytest.fixture
def owner(make_account):  # type: ignore[no-untyped-def]
    employer = EmployerFactory(area="510104")
    account = make_account("boss", Role.EMPLOYER)
    employer.accounts.add(account)
    return employer, account


def _rules(error: InvalidInput) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in error.errors}


def test_a_posting_for_an_unknown_employer_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        posting_create(by=SYSTEM, employer_id=MISSING, data=posting_input())
    assert _rules(refused.value) == {("employer_id", "not_found")}


def test_a_blank_title_and_a_zero_salary_are_refused_together(owner) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    with pytest.raises(InvalidInput) as refused:
        posting_create(
            by=account, employer_id=employer.pk, data=posting_input(title="   ", salary_min=0)
        )
    assert {("title", "required"), ("salary_min", "minimum")} <= _rules(refused.value)


def test_update_and_close_refuse_a_missing_or_anothers_posting(owner, make_account) -> None:  # type: ignore[no-untyped-def]
    employer, _account = owner
    posting = make_posting(employer)
    stranger = make_account("other_boss", Role.EMPLOYER)
    EmployerFactory(area="510104").accounts.add(stranger)
    with pytest.raises(NotFound):
        posting_update(by=stranger, posting_id=MISSING, data=posting_input())
    with pytest.raises(Forbidden):
        posting_update(by=stranger, posting_id=posting.pk, data=posting_input(title="改名"))
    with pytest.raises(NotFound):
        posting_close(by=stranger, posting_id=MISSING)
    with pytest.raises(Forbidden):
        posting_close(by=stranger, posting_id=posting.pk)
    posting.refresh_from_db()
    assert posting.title == "Java开发工程师" and posting.status == PostingStatus.OPEN


def test_an_update_with_bad_fields_changes_nothing(owner) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    posting = make_posting(employer)
    with pytest.raises(InvalidInput) as refused:
        posting_update(
            by=account, posting_id=posting.pk, data=posting_input(salary_min=9000, salary_max=10)
        )
    assert _rules(refused.value) == {("salary_max", "below_minimum")}
    posting.refresh_from_db()
    assert posting.salary_max == 16000


def test_an_edit_adding_an_age_ceiling_holds_the_posting_and_tells_the_employer(  # type: ignore[no-untyped-def]
    owner, chengdu_caseworker
) -> None:
    # Given an open posting of an employer with an account
    employer, account = owner
    posting = make_posting(employer)
    assert posting.status == PostingStatus.OPEN
    # When the employer adds an age ceiling
    edited = posting_update(
        by=account,
        posting_id=posting.pk,
        data=posting_input(description="负责后端系统开发，年龄35岁以下。"),
    )
    # Then it waits for review and the employer's inbox says so, once
    assert edited.status == PostingStatus.REVIEW
    held = Notification.objects.filter(recipient=account, kind="jobs.posting_held")
    assert held.count() == 1
    # and a review of a posting that no longer waits is refused
    posting_review(by=chengdu_caseworker, posting_id=posting.pk, approve=True)
    with pytest.raises(Conflict):
        posting_review(by=chengdu_caseworker, posting_id=posting.pk, approve=False)
    with pytest.raises(NotFound):
        posting_review(by=chengdu_caseworker, posting_id=MISSING, approve=True)


# --- occupation coding -----------------------------------------------------------------------


def test_a_posting_whose_text_names_no_occupation_is_asked_for_one(owner) -> None:  # type: ignore[no-untyped-def]
    employer, account = owner
    with pytest.raises(InvalidInput) as refused:
        posting_create(
            by=account,
            employer_id=employer.pk,
            data=posting_input(occupation="", title="xyzzy", description="", skills=[]),
        )
    assert ("occupation", "required") in _rules(refused.value)


def test_a_confirmed_occupation_stays_when_the_posting_is_resent_without_one(  # type: ignore[no-untyped-def]
    owner, chengdu_caseworker
) -> None:
    # Given a posting whose inferred occupation a caseworker confirmed as another code
    employer, account = owner
    posting = make_posting(employer, occupation="", title="Java开发工程师")
    row = OccupationCoding.objects.get(posting=posting)
    row.status = CodingStatus.PENDING
    row.save(update_fields=["status"])
    occupations.occupation_confirm(by=chengdu_caseworker, posting_id=posting.pk, code="6-30-05-01")
    # When the employer resends it without an occupation
    again = posting_update(
        by=account, posting_id=posting.pk, data=posting_input(occupation="", title="Java开发工程师")
    )
    # Then the caseworker's choice stands, still confirmed
    assert again.occupation_id == "6-30-05-01"
    assert OccupationCoding.objects.get(posting=posting).status == CodingStatus.CONFIRMED


def test_confirming_a_missing_posting_is_not_found(chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        occupations.occupation_confirm(by=chengdu_caseworker, posting_id=MISSING, code="x")


def test_an_empty_profile_is_not_coded() -> None:
    assert occupations.profile_occupation_infer(cv="  ", skills=[]) is None


# --- the employer's posting pages: edit and stop recruiting ----------------------------------


def test_the_employer_edits_a_held_posting_and_it_goes_online(owner, chengdu_caseworker) -> None:  # type: ignore[no-untyped-def]
    from bashu.jobs.tests.factories import posting_form
    from conftest import client_for

    employer, account = owner
    posting = make_posting(employer, description="负责后端开发，年龄35岁以下。")
    assert posting.status == PostingStatus.REVIEW
    page = client_for(account).get(f"/jobs/{posting.pk}/").content.decode()
    assert f"/employer/postings/{posting.pk}/edit/" in page and "停止招聘" in page
    # the form opens with the posting's values, names in the pickers
    form = client_for(account).get(f"/employer/postings/{posting.pk}/edit/")
    assert form.status_code == 200 and "Java开发工程师" in form.content.decode()
    # saved without the age ceiling: online again, and the page says so
    saved = client_for(account).post(
        f"/employer/postings/{posting.pk}/edit/",
        posting_form(title="Java开发工程师", description="负责后端开发。"),
        follow=True,
    )
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN and posting.description == "负责后端开发。"
    assert "岗位已修改" in saved.content.decode()
    # a caseworker of the region reads the posting but gets none of the employer's buttons
    seen = client_for(chengdu_caseworker).get(f"/jobs/{posting.pk}/").content.decode()
    assert "/edit/" not in seen and "在招聘管理中查看应聘者" not in seen


def test_stopping_recruiting_is_the_employers_alone(
    owner, make_account, chengdu_caseworker
) -> None:  # type: ignore[no-untyped-def]
    from conftest import client_for

    employer, account = owner
    posting = make_posting(employer)
    url = f"/employer/postings/{posting.pk}/close/"
    stranger = make_account("other_boss", Role.EMPLOYER)
    EmployerFactory(area="510104").accounts.add(stranger)
    # the public is sent to sign in, another employer and a caseworker are refused, a GET is
    # not a way in, and a missing posting is not found: nothing changes
    assert client_for(None).post(url).status_code == 302
    assert client_for(stranger).post(url).status_code == 403
    assert client_for(chengdu_caseworker).post(url).status_code == 403
    assert client_for(account).get(url).status_code == 405
    assert client_for(account).post(f"/employer/postings/{MISSING}/close/").status_code == 404
    assert client_for(stranger).get(f"/employer/postings/{posting.pk}/edit/").status_code == 403
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN
    # the employer stops it: closed, out of the search, the page says what happened
    done = client_for(account).post(url, follow=True)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED
    assert "已停止招聘" in done.content.decode()
    assert "close-posting" not in done.content.decode()  # nothing left to stop
