"""Factories producing valid persons and employers with real check characters."""

from __future__ import annotations

import datetime as dt

import factory

from bashu.core.identity import resident_id_complete, uscc_complete
from bashu.core.models import Industry, Region
from bashu.people.models import Employer, EmploymentRegistration, Person


def resident_id_for(area: str, birth: dt.date, sequence: int) -> str:
    return resident_id_complete(f"{area}{birth:%Y%m%d}{sequence:03d}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        area = "510104"

    birth_date = dt.date(1990, 3, 15)
    resident_id = factory.LazyAttributeSequence(
        lambda o, n: resident_id_for(o.area, o.birth_date, n % 1000)
    )
    name = factory.Sequence(lambda n: f"张{'三四五六七八九'[n % 7]}")
    sex = factory.LazyAttribute(lambda o: "M" if int(o.resident_id[16]) % 2 else "F")
    household_region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.area))
    region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.area))
    phone = "13812345678"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    class Params:
        area = "510104"

    uscc = factory.LazyAttributeSequence(lambda o, n: uscc_complete(f"91{o.area}{n:09d}"))
    name = factory.Sequence(lambda n: f"天府测试{n}有限公司")
    region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.area))
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="39"))
    size = "small"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentRegistration

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    region = factory.LazyAttribute(lambda o: o.employer.region)
    start_date = dt.date(2024, 1, 1)
