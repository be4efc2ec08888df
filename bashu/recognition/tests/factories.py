"""Records the recognition tests start from."""

from __future__ import annotations

import datetime as dt

from bashu.core.models import Region, TitleLevel, TitleSeries, User
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.models import ProfessionalTitle

NEIJIANG_COMMITTEE = "内江市工程技术中级职称评审委员会"


def neijiang_title(
    *, account: User | None = None, committee: str = NEIJIANG_COMMITTEE
) -> ProfessionalTitle:
    """刘建国's 中级 engineering title (工程技术人员), issued by 内江 on 2021-06-01 as
    NJ-2021-0001; ``account`` is his, if he has one."""
    person = PersonFactory(area="511002", name="刘建国", account=account)
    return ProfessionalTitle.objects.create(
        person=person,
        series=TitleSeries.objects.get(name="工程技术人员"),
        level=TitleLevel.objects.get(name="中级"),
        region=Region.objects.get(code="511000"),
        committee=committee,
        issued_on=dt.date(2021, 6, 1),
        certificate_number="NJ-2021-0001",
    )
