"""``bashu demo``: a small calibrated data set and one account per role, printed for newcomers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from bashu.core.accounts import account_ensure
from bashu.core.models import Role
from bashu.jobs import search
from bashu.people.models import Employer, Person

DEMO_PASSWORD = "bashu-demo-2026"  # noqa: S105 - printed on purpose; demo databases only

ACCOUNTS = [
    ("admin", Role.ADMINISTRATOR, None, "系统管理员 administrator"),
    ("chengdu", Role.CASEWORKER, "510100", "成都市经办人员 caseworker, Chengdu"),
    ("chongqing", Role.CASEWORKER, "500000", "重庆市经办人员 caseworker, Chongqing"),
    ("employer", Role.EMPLOYER, None, "用人单位 employer"),
    ("seeker", Role.SEEKER, None, "求职者 job seeker"),
    ("analyst", Role.ANALYST, None, "分析人员 analyst"),
]


class Command(BaseCommand):
    help = "载入演示数据并创建各角色演示账户 (load demo data and one account per role)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.001)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("generate", scale=options["scale"], seed=options["seed"], stdout=self.stdout)
        with transaction.atomic():
            users = {
                username: account_ensure(
                    username=username, password=DEMO_PASSWORD, role=role, region=region
                )
                for username, role, region, _label in ACCOUNTS
            }
            # The demo employer has postings with applicants; the demo seeker has a profile.
            employer = (
                Employer.objects.filter(
                    postings__applications__isnull=False, region__code__startswith="5101"
                )
                .order_by("id")
                .first()
                or Employer.objects.filter(region__code__startswith="5101").order_by("id").first()
            )
            if employer is not None:
                employer.accounts.add(users["employer"])
            if not Person.objects.filter(account=users["seeker"]).exists():
                candidates = Person.objects.filter(
                    account__isnull=True, region__code__startswith="5101"
                )
                # Prefer a seeker who holds a title, so 我的证书 has something to export.
                person = (
                    candidates.filter(seeker_profile__isnull=False, titles__isnull=False)
                    .order_by("id")
                    .first()
                    or candidates.filter(seeker_profile__isnull=False).order_by("id").first()
                    or candidates.order_by("id").first()
                )
                if person is not None:
                    person.account = users["seeker"]
                    person.save(update_fields=["account"])
                    _demo_records(person)
        if not search.index_dir().exists():
            # ``generate`` indexes what it writes; a finished run from before the index's
            # current schema version has no index yet.
            call_command("reindex_jobs", no_progress=True, stdout=self.stdout)
        _demo_indices(self.stdout)
        # Anchor the demo's audit and exchange chains outside the database from the start.
        call_command("chain_checkpoint", stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账户 Demo accounts (password for all: {DEMO_PASSWORD})")
        )
        for username, _role, _region, label in ACCOUNTS:
            self.stdout.write(f"  {username:<10} {label}")
        self.stdout.write(
            "门户 Portal: http://127.0.0.1:8000/   管理后台 Admin: http://127.0.0.1:8000/admin/   "
            "API: http://127.0.0.1:8000/api/v1/docs"
        )


def _demo_records(person: Person) -> None:
    """Give the demo seeker a history for 办事大厅: years paid in Chongqing, then at home in
    Chengdu (the periods replace whatever the generator drew), and a personnel file."""
    from bashu.transfers.models import Archive, InsurancePeriod

    person.insurance_periods.all().delete()
    for region, first, last in (
        ("500112", dt.date(2014, 3, 1), dt.date(2019, 8, 1)),
        (person.region_id, dt.date(2019, 10, 1), dt.date(2025, 12, 1)),
    ):
        InsurancePeriod.objects.create(
            person=person, region_id=region, first_month=first, last_month=last, base=6200
        )
    Archive.objects.update_or_create(
        person=person,
        defaults={"region_id": "500112", "custodian": "重庆市渝北区人才交流服务中心"},
    )


DEMO_INDEX_MONTHS = 6


def _demo_indices(stdout: Any) -> None:
    """Extract the last complete months and compute their indices, once, so that 就业指数
    has something to show (``bashu extract`` and ``bashu indices_refresh`` do it by hand)."""
    from bashu.analytics.extract import extract_month
    from bashu.analytics.models import IndexRun
    from bashu.analytics.refresh import indices_refresh

    if IndexRun.objects.exists():
        return
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(DEMO_INDEX_MONTHS + 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first.strftime("%Y-%m"))
    months.reverse()
    stdout.write(f"指数 Indices: {months[1]} … {months[-1]}")
    for month in months:
        extract_month(month=month)
    for month in months[1:]:
        indices_refresh(period=month)
