"""``bashu demo``: a small calibrated data set and one account per role, printed for newcomers."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

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
                # Prefer a seeker who holds a title, has insurance periods and a file on
                # record, so 我的证书 and 办事大厅 have something to show.
                person = (
                    candidates.filter(
                        seeker_profile__isnull=False,
                        titles__isnull=False,
                        insurance_periods__isnull=False,
                        archive__isnull=False,
                    )
                    .order_by("id")
                    .first()
                    or candidates.filter(seeker_profile__isnull=False, titles__isnull=False)
                    .order_by("id")
                    .first()
                    or candidates.filter(seeker_profile__isnull=False).order_by("id").first()
                    or candidates.order_by("id").first()
                )
                if person is not None:
                    person.account = users["seeker"]
                    person.save(update_fields=["account"])
        if not search.index_dir().exists():
            # ``generate`` indexes what it writes; a finished run from before the index's
            # current schema version has no index yet.
            call_command("reindex_jobs", no_progress=True, stdout=self.stdout)
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
