"""The transfers tests' world: a person registered in Chongqing (500103) with insurance
periods in two Chongqing districts and a personnel file there, their own account, a
caseworker of each province (two in Chengdu) and an unrelated seeker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bashu.people.tests.factories import PersonFactory
from bashu.transfers.models import Archive, InsurancePeriod


@pytest.fixture
def world(settings, tmp_path, make_account):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    citizen = make_account("zhang", "seeker")
    person = PersonFactory(area="500103", name="张伟", account=citizen)
    for region, start, end in (
        ("500103", "2015-01-01", "2019-12-01"),
        ("500112", "2020-01-01", "2023-12-01"),
    ):
        InsurancePeriod.objects.create(
            person=person,
            region_id=region,
            first_month=dt.date.fromisoformat(start),
            last_month=dt.date.fromisoformat(end),
            base=Decimal("5000"),
        )
    Archive.objects.create(
        person=person, region_id="500103", custodian="重庆市渝中区人才交流服务中心"
    )
    return {
        "person": person,
        "citizen": citizen,
        "intruder": make_account("intruder", "seeker"),
        "chongqing": make_account("cw_cq", "caseworker", "500000"),
        "chengdu": make_account("cw_cd", "caseworker", "510100"),
        "chengdu2": make_account("cw_cd2", "caseworker", "510100"),
    }
