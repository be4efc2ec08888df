"""Schemathesis over the live Django application (WSGI, no server): every operation of
/api/v1/ with every check (``--checks all``), positive and negative data, anonymous and
signed in as a caseworker.

The run is bounded for CI: a fixed seed, deterministic generation, a few examples per
operation, no stateful phase (it needs links the schema does not declare), no example
database. What the checks allow beyond their defaults is written below with its reason.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from bashu.core.accounts import account_ensure
from bashu.core.models import Role
from bashu.jobs.tests.factories import make_posting
from bashu.people.tests.factories import EmployerFactory, PersonFactory
from config.api import api
from config.wsgi import application

CSRF_TOKEN = "schemathesis0csrf0token000000000"  # 32 characters: a valid CSRF secret

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261201,
        "generation": {
            "mode": "all",
            "max-examples": 8,
            "deterministic": True,
            "database": "none",
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            "enabled": True,
            # Schema-valid input may still break a domain rule the schema cannot state (a
            # region code that does not exist, an overlap of periods, a posting that is
            # closed): those answer 422 with the rule named. 400 is a body the server
            # could not read (none is generated for positive data).
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            },
        },
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    }
)


def _schema() -> Any:
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
    loaded.app = application
    # A retired operation (deprecated in the schema) answers 410 to everything, as documented.
    return loaded.exclude(deprecated=True)


anonymous = _schema()
signed_in = _schema()

#: The caseworker's session key, set by the ``world`` fixture for each test.
SESSION: dict[str, str] = {}


@signed_in.auth(refresh_interval=None)
class CaseworkerSession:
    """Django's session cookie (the schema's ``cookieAuth``) and the CSRF pair that ninja's
    cookie authentication asks of unsafe methods. Given to schemathesis as auth, so its
    ``ignored_auth`` check knows what to take away."""

    def get(self, case: Any, ctx: Any) -> str:
        return SESSION.get("key", "")

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF_TOKEN}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF_TOKEN}


@pytest.fixture
def world(db, settings):  # type: ignore[no-untyped-def]
    """Small generated data, so ids 1, 2, … exist: a caseworker of Chengdu, a person, an
    employer with a posting."""
    settings.BASHU_RATE_LIMIT_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]
    worker = account_ensure(
        username="cw_schema", password="pw-for-tests-only", role=Role.CASEWORKER, region="510100"
    )
    PersonFactory(area="510104")
    employer = EmployerFactory(area="510104")
    make_posting(employer, region="510104")
    client = Client()
    client.force_login(worker)
    SESSION["key"] = client.cookies["sessionid"].value
    # As Django's test client does: a request must not close the test's connection (on
    # PostgreSQL it holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield worker
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The data fixture is made once per operation and shared by its examples, on purpose.
shared_fixture = hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@anonymous.parametrize()
@shared_fixture
def test_api_anonymous(case, world) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()


@signed_in.parametrize()
@shared_fixture
def test_api_as_caseworker(case, world) -> None:  # type: ignore[no-untyped-def]
    # The provider may have run before this test's session existed (schemathesis asks it
    # early); the cookie it placed is filled here with the current session's key.
    if case.cookies and "sessionid" in case.cookies:
        case.cookies["sessionid"] = SESSION["key"]
    case.call_and_validate()
