"""Bulk import of an issuer's register (证书批量导入): titles, skill certificates, talent cards
and agency licences from CSV, xlsx or JSON Lines.

Good rows go in, each bad row is reported with its line, field and rule, and nothing of a bad
row is written. Each row is its own transaction (or savepoint, when a background run commits
rows in batches with its checkpoint), so a failure on row 900 keeps rows 1–899. The driver and
the report are ``bashu.core.tabular``'s (``rows_import``, ``ImportReport``).
Re-importing the same register changes nothing; a changed row updates its credential; a row
marked 已撤销 revokes it (a revocation is final: a later 有效 row for it is refused).
Holders must already be in the person registry (matched by 公民身份号码, the name must agree);
agencies by 统一社会信用代码.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bashu.core.audit import audit_record
from bashu.core.errors import FieldError, InvalidInput
from bashu.core.models import Occupation, Region, SkillLevel, TitleLevel, TitleSeries
from bashu.core.models.reference import ZONE_PROVINCES
from bashu.core.permissions import Actor, may_act_for, require_officer
from bashu.core.tabular import ALL_OUTCOMES, Checkpoint, ImportReport, rows_import
from bashu.people.models import Employer, Person
from bashu.recognition import vocabulary
from bashu.recognition.models import (
    AgencyLicence,
    CredentialStatus,
    ProfessionalTitle,
    SkillCertificate,
    TalentCard,
    TalentCardProgramme,
)

KINDS = ("title", "skill", "talent_card", "agency_licence")

# Issuers' own (Chinese) column headers → field names.
ALIASES = {
    "证书编号": "certificate_number",
    "卡号": "number",
    "许可证编号": "number",
    "姓名": "name",
    "公民身份号码": "id_number",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "系列": "series",
    "职称系列": "series",
    "层级": "level",
    "等级": "level",
    "职称层级": "level",
    "技能等级": "level",
    "专业": "specialty",
    "发证区划": "region",
    "发卡区划": "region",
    "区划代码": "region",
    "评审委员会": "committee",
    "取得日期": "issued_on",
    "发证日期": "issued_on",
    "发卡日期": "issued_on",
    "有效期至": "expires_on",
    "职业": "occupation",
    "职业编码": "occupation",
    "人才卡项目": "programme",
    "项目": "programme",
    "类别": "card_class",
    "统一社会信用代码": "uscc",
    "类型": "licence_kind",
    "业务范围": "scope",
    "状态": "status",
    "撤销原因": "revocation_reason",
}

_STATUS = {
    "": CredentialStatus.VALID,
    "valid": CredentialStatus.VALID,
    "有效": CredentialStatus.VALID,
    "revoked": CredentialStatus.REVOKED,
    "已撤销": CredentialStatus.REVOKED,
    "撤销": CredentialStatus.REVOKED,
}
_PROGRAMMES = {
    "tianfu": TalentCardProgramme.TIANFU,
    "天府英才卡": TalentCardProgramme.TIANFU,
    "chongqing": TalentCardProgramme.CHONGQING,
    "新重庆人才卡": TalentCardProgramme.CHONGQING,
    "重庆英才服务卡": TalentCardProgramme.CHONGQING,
}
_LICENCE_KINDS = {
    "licence": AgencyLicence.Kind.LICENCE,
    "经营许可": AgencyLicence.Kind.LICENCE,
    "许可": AgencyLicence.Kind.LICENCE,
    "filing": AgencyLicence.Kind.FILING,
    "备案": AgencyLicence.Kind.FILING,
}


#: What a register's row may come to: a row marked 已撤销 revokes its credential.
OUTCOMES = ALL_OUTCOMES


def credentials_report() -> ImportReport:
    """An empty report of a register import (created, updated, revoked, unchanged)."""
    return ImportReport(outcomes=OUTCOMES)


class _Row:
    """One row's cleaned values, collecting every broken rule rather than stopping at the first."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.errors: list[FieldError] = []

    def text(self, name: str, *, required: bool = True, max_length: int = 128) -> str:
        value = self.raw.get(name)
        text = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))  # xlsx turns codes such as 510104 into numbers
        if required and not text:
            self.errors.append(FieldError(name, "required", _("缺少 %(name)s") % {"name": name}))
        elif len(text) > max_length:
            self.errors.append(
                FieldError(name, "max_length", _("不得超过 %(n)s 个字符") % {"n": max_length})
            )
        return text

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.raw.get(name)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            if required:
                self.errors.append(
                    FieldError(name, "required", _("缺少 %(name)s") % {"name": name})
                )
            return None
        try:
            return dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError:
            self.errors.append(
                FieldError(
                    name, "date_format", _("日期须为 YYYY-MM-DD，收到 %(text)s") % {"text": text}
                )
            )
            return None

    def choice(self, name: str, choices: dict[str, Any]) -> Any:
        text = self.text(name, required=False)
        if text not in choices:
            allowed = "、".join(k for k in choices if k)
            self.errors.append(
                FieldError(name, "choice", _("须为 %(allowed)s 之一") % {"allowed": allowed})
            )
            return None
        return choices[text]

    def lookup(
        self,
        name: str,
        model: type[Model],
        key: str,
        rule: str,
        what: str,
        canonical: Callable[[str], str | None] | None = None,
    ) -> Any:
        """The row of ``model`` whose ``key`` is the cell; ``canonical`` first maps the cell
        to the reference name (the series and levels vocabulary: 工程 → 工程技术人员)."""
        text = self.text(name)
        if not text:
            return None
        value = (canonical(text) if canonical else None) or text
        found = model._default_manager.filter(**{key: value}).first()
        if found is None:
            self.errors.append(
                FieldError(name, rule, _("未知%(what)s %(text)s") % {"what": _(what), "text": text})
            )
        return found


def _region(row: _Row, by: Actor) -> Region | None:
    region: Region | None = row.lookup(
        "region", Region, "code", "unknown_region", gettext_noop("区划代码")
    )
    if region is None:
        return None
    if region.code[:2] not in ZONE_PROVINCES:
        row.errors.append(FieldError("region", "outside_zone", _("发证地须在川渝")))
    elif not may_act_for(by, region.code):
        row.errors.append(
            FieldError(
                "region", "out_of_region", _("无权导入 %(code)s 的证书") % {"code": region.code}
            )
        )
    return region


def _holder(row: _Row) -> Person | None:
    id_number = row.text("id_number", max_length=18).upper()
    name = row.text("name", max_length=64)
    if not id_number:
        return None
    person = Person.objects.filter(resident_id=id_number).first()
    if person is None:
        row.errors.append(
            FieldError(
                "id_number",
                "person_unknown",
                _("持证人未在人员库登记"),
            )
        )
    elif name and person.name != name:
        row.errors.append(FieldError("name", "name_mismatch", _("姓名与身份号码不符")))
    return person


def _dates(row: _Row, *, expires: bool) -> tuple[dt.date | None, dt.date | None]:
    issued = row.date("issued_on")
    if issued and issued > timezone.localdate():
        row.errors.append(FieldError("issued_on", "future_date", _("发证日期晚于今天")))
    expires_on = row.date("expires_on") if expires else None
    if issued and expires_on and expires_on <= issued:
        row.errors.append(FieldError("expires_on", "before_issue", _("有效期须晚于发证日期")))
    return issued, expires_on


def _title_level(text: str) -> str | None:
    return vocabulary.level_name("title", text)


def _skill_level(text: str) -> str | None:
    return vocabulary.level_name("skill", text)


def _title(row: _Row, by: Actor) -> tuple[str, dict[str, Any]]:
    values = {
        "person": _holder(row),
        "series": row.lookup(
            "series",
            TitleSeries,
            "name",
            "unknown_series",
            gettext_noop("职称系列"),
            vocabulary.series_name,
        ),
        "level": row.lookup(
            "level", TitleLevel, "name", "unknown_level", gettext_noop("职称层级"), _title_level
        ),
        "specialty": row.text("specialty", required=False, max_length=64),
        "region": _region(row, by),
        "committee": row.text("committee", required=False),
        "issued_on": _dates(row, expires=False)[0],
    }
    return row.text("certificate_number", max_length=40), values


def _skill(row: _Row, by: Actor) -> tuple[str, dict[str, Any]]:
    values = {
        "person": _holder(row),
        "occupation": row.lookup(
            "occupation", Occupation, "code", "unknown_occupation", gettext_noop("职业编码")
        ),
        "level": row.lookup(
            "level", SkillLevel, "name", "unknown_level", gettext_noop("技能等级"), _skill_level
        ),
        "region": _region(row, by),
        "issued_on": _dates(row, expires=False)[0],
    }
    return row.text("certificate_number", max_length=40), values


def _card(row: _Row, by: Actor) -> tuple[str, dict[str, Any]]:
    issued, expires = _dates(row, expires=True)
    values = {
        "person": _holder(row),
        "programme": row.choice("programme", _PROGRAMMES),
        "card_class": row.choice("card_class", {"A": "A", "B": "B", "C": "C"}),
        "region": _region(row, by),
        "issued_on": issued,
        "expires_on": expires,
    }
    return row.text("number", max_length=40), values


def _licence(row: _Row, by: Actor) -> tuple[str, dict[str, Any]]:
    issued, expires = _dates(row, expires=True)
    scope_text = row.text("scope", required=False, max_length=500)
    values = {
        "agency": row.lookup("uscc", Employer, "uscc", "employer_unknown", gettext_noop("单位")),
        "kind": row.choice("licence_kind", _LICENCE_KINDS),
        "scope": [s.strip() for s in scope_text.replace("；", ";").split(";") if s.strip()],
        "region": _region(row, by),
        "issued_on": issued,
        "expires_on": expires,
    }
    return row.text("number", max_length=40), values


_SPECS: dict[str, tuple[type[Model], str, str, Callable[[_Row, Actor], Any]]] = {
    "title": (ProfessionalTitle, "certificate_number", "person", _title),
    "skill": (SkillCertificate, "certificate_number", "person", _skill),
    "talent_card": (TalentCard, "number", "person", _card),
    "agency_licence": (AgencyLicence, "number", "agency", _licence),
}


def _may_import(by: Actor) -> None:
    require_officer(by, what=_("导入发证机构的证书登记"))


def credentials_import(
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    kind: str,
    by: Actor,
    source_name: str = "",
    report: ImportReport | None = None,
    after: int = 0,
    batch: int = 1,
    batch_seconds: float | None = None,
    checkpoint: Checkpoint | None = None,
) -> ImportReport:
    """Load an issuer's register of ``kind``; see the module docstring for the rules.

    ``report`` (a fresh one by default) is filled as rows go. A background import passes the
    report it saved, the line it got to (``after``), and a ``checkpoint`` that
    ``bashu.core.tabular.rows_import`` calls in the transaction of every ``batch`` of rows,
    so its saved progress always matches what is in the database
    (``bashu.recognition.tasks``).

    ``by`` is the caseworker importing, or ``SYSTEM`` for the operator's command line. A row
    is refused (``out_of_region``) when its issuing region is outside ``by``'s region, and
    also when the credential it would change is owned by another region: the region of the
    record changed is checked, not only the region the row names."""
    if kind not in _SPECS:
        raise ValueError(kind)
    _may_import(by)
    model, number_field, holder_field, clean = _SPECS[kind]
    report = credentials_report() if report is None else report

    def load(raw: dict[str, Any]) -> str:
        row = _Row(raw)
        number, values = clean(row, by)
        status = row.choice("status", _STATUS)
        reason = row.text("revocation_reason", required=False, max_length=255)
        if status == CredentialStatus.REVOKED and not reason:
            row.errors.append(FieldError("revocation_reason", "required", _("撤销须注明原因")))
        outcome = None
        if not row.errors:
            outcome = _upsert(
                model, number_field, holder_field, number, values, status, reason, row, by
            )
        if row.errors or outcome is None:
            raise InvalidInput(row.errors)
        return outcome

    def finish() -> None:
        audit_record(
            actor=by,
            action="credential.import",
            target_type=kind,
            detail={
                "source": source_name[:128],
                **report.counts(),
                "rejected": report.rejected_count,
            },
        )

    return rows_import(
        rows,
        load,
        report=report,
        after=after,
        batch=batch,
        batch_seconds=batch_seconds,
        checkpoint=checkpoint,
        finish=finish,
    )


def _upsert(
    model: type[Model],
    number_field: str,
    holder_field: str,
    number: str,
    values: dict[str, Any],
    status: str,
    reason: str,
    row: _Row,
    by: Actor,
) -> str | None:
    """Create, update, revoke or leave one credential; ``None`` (with ``row.errors``) refuses."""
    with transaction.atomic():
        manager = model._default_manager
        existing: Any = manager.select_for_update().filter(**{number_field: number}).first()
        if existing is None:
            try:
                with transaction.atomic():
                    created = manager.create(**{number_field: number}, **values)
            except IntegrityError:  # the same number imported at this moment by someone else
                row.errors.append(FieldError(number_field, "duplicate", _("该编号正被同时导入")))
                return None
            if status == CredentialStatus.REVOKED:
                _revoke(created, reason)
            return "created"
        if not may_act_for(by, existing.region_id):
            row.errors.append(
                FieldError(
                    number_field,
                    "out_of_region",
                    _("该证书由其他区划颁发，只能由发证地导入或撤销"),
                )
            )
            return None
        if getattr(existing, f"{holder_field}_id") != values[holder_field].pk:
            row.errors.append(
                FieldError(
                    number_field,
                    "number_taken",
                    _("该编号已登记给另一持有人"),
                )
            )
            return None
        if existing.status == CredentialStatus.REVOKED and status == CredentialStatus.VALID:
            row.errors.append(FieldError("status", "revoked_final", _("证书已撤销，不能恢复")))
            return None
        changed = [
            name
            for name, value in values.items()
            if (
                getattr(existing, f"{name}_id")
                if isinstance(value, Model)
                else getattr(existing, name)
            )
            != (value.pk if isinstance(value, Model) else value)
        ]
        for name in changed:
            setattr(existing, name, values[name])
        if changed:
            existing.save(update_fields=changed)
        if status == CredentialStatus.REVOKED and existing.status != CredentialStatus.REVOKED:
            _revoke(existing, reason)
            return "revoked"
        return "updated" if changed else "unchanged"


def _revoke(credential: Any, reason: str) -> None:
    credential.status = CredentialStatus.REVOKED
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason
    credential.save(update_fields=["status", "revoked_at", "revocation_reason"])
