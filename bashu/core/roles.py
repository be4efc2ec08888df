"""Permissions that come with each role (角色权限), kept as Django groups.

Ensured after every migrate, so every deployment has them. Region scoping is applied on
top (``bashu.core.scoping``): a permission to change persons means "in my region".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from bashu.core.models import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CASEWORKER: [
        "people.view_person",
        "people.add_person",
        "people.change_person",
        "people.view_employer",
        "people.add_employer",
        "people.change_employer",
        "people.view_employmentregistration",
        "people.add_employmentregistration",
        "people.view_graduateoutcome",
        "recognition.view_professionaltitle",
        "recognition.view_skillcertificate",
        "transfers.view_insuranceperiod",
        "transfers.view_archive",
        "transfers.view_case",
        "transfers.view_exchangedocument",
        "core.view_region",
        "core.view_industry",
        "core.view_occupation",
    ],
    Role.ADMINISTRATOR: [],  # administrators are superusers
}


def role_groups_ensure(**_: Any) -> None:
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
