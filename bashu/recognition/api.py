"""Recognition pre-check (互认预查), public: will my credential count where I move?"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params import functions as params
from ninja.security import django_auth

from bashu.core.bounds import Code, Id, Name, Number
from bashu.core.errors import InvalidInput
from bashu.core.scoping import signed_in
from bashu.core.tabular import (
    SUFFIXES,
    FileRefused,
    file_refused,
    rows_read,
    suffix_of,
    upload_check,
)
from bashu.recognition import documents, imports, selectors, services, status
from bashu.recognition import precheck as prechecks
from bashu.recognition import tasks as import_tasks
from bashu.recognition.models import ExpertDraw, ServiceDelivery, SigningKey, TalentCard
from bashu.recognition.precheck import PrecheckIn
from bashu.recognition.signing import document_check, public_key_multibase

router = Router(tags=["recognition 资格互认"])


class AgreementOut(Schema):
    id: str
    name: str
    source: str
    clause: dict[str, str] | None


class PrecheckOut(Schema):
    outcome: Literal["recognised", "recognised_as", "not_recognised", "needs_review"]
    equivalent: str | None
    agreement: AgreementOut | None
    reasons: list[str]


@router.post(
    "/recognition/precheck",
    response=PrecheckOut,
    summary="互认预查 (will my credential be recognised?)",
)
def precheck(request: HttpRequest, payload: PrecheckIn) -> dict[str, Any]:
    """Anyone may ask; nothing is stored. Unknown regions, series or levels, fields that do
    not apply to the kind and fields not in the schema answer 422, naming the field. The
    reasons are in the reader's language."""
    estimate = prechecks.precheck_estimate(payload)
    return {**estimate, "reasons": [selectors.reason_words(r) for r in estimate["reasons"]]}


class SignedDocumentOut(Schema):
    payload: dict[str, Any]
    signature: dict[str, str]


@router.post(
    "/recognition/precheck/document",
    response=SignedDocumentOut,
    summary="导出签名的预查估算 (the pre-check's estimate as a signed document, not a decision)",
)
def precheck_document(request: HttpRequest, payload: PrecheckIn) -> dict[str, Any]:
    """The estimate signed with the host province's key (Ed25519), verifiable offline with
    the keys published at /api/v1/recognition/keys. Its type is
    ``bashu.recognition.precheck/v1``, marked unofficial: it is never a recognition
    decision, and it carries only reference values, no free text."""
    return prechecks.precheck_document(payload)


class KeyOut(Schema):
    kid: str
    region: str = Field(..., alias="region_id")
    public_key: str
    public_key_multibase: str = Field(
        ..., description="W3C Multikey（z + base58btc，0xed01 前缀）(the key as a Multikey)"
    )
    created_at: dt.datetime
    retired_at: dt.datetime | None

    @staticmethod
    def resolve_public_key_multibase(obj: SigningKey) -> str:
        return public_key_multibase(obj.public_key)


@router.get(
    "/recognition/keys", response=list[KeyOut], summary="各地公布的签名公钥 (published keys)"
)
def keys(request: HttpRequest) -> object:
    """Every key ever used, retired ones too: documents they signed stay verifiable."""
    return selectors.signing_keys()


class VerifyOut(Schema):
    valid: bool = Field(..., description="签名是否有效 (the signature holds)")
    reason: str
    kid: str | None
    region: str | None
    rule: str | None = Field(None, description="签名无效的原因代码 (why not, as a rule)")
    document_type: str | None
    status: Literal["valid", "revoked", "expired", "superseded", "unknown", "estimate"] | None = (
        Field(None, description="所证明内容的现行状态 (current status of what it attests)")
    )
    status_reason: str | None
    revoked_at: str | None
    revocation_reason: str | None
    status_list_checked: bool = Field(
        ..., description="已读取 W3C 位串状态列表 (the Bitstring Status List was read)"
    )


@router.post(
    "/recognition/verify", response=VerifyOut, summary="验证签名文书 (verify a signed document)"
)
def verify_document(request: HttpRequest, document: Body[dict[str, Any]]) -> dict[str, Any]:
    """Anyone may ask. The signature, and beside it the current status of what the document
    attests (revoked, expired, superseded …). Signatures longer than Ed25519's answer 422
    and documents over 64 KiB 413, naming the field and the rule, before anything is
    decoded."""
    document_check(document)
    return documents.document_verify(document).as_dict()


@router.get(
    "/recognition/status/{region}/revocation",
    summary="证书状态列表 (W3C Bitstring Status List of a province)",
)
def status_list(
    request: HttpRequest,
    response: HttpResponse,
    region: str = params.Path(..., pattern=r"^\d{6}$", description="省级区划代码，如 510000"),
) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` of a province's credentials (purpose
    ``revocation``), signed with the province's key: bit *i* is 1 when the credential whose
    ``statusListIndex`` is *i* is revoked. Public, and cacheable for its ``ttl``."""
    listed = status.status_list_credential(region)
    response["Cache-Control"] = f"public, max-age={status.TTL_MS // 1000}"
    return listed


class DecisionIn(Schema):
    certificate_number: Number
    host_region: Code
    on_date: dt.date | None = None


class DecisionOut(Schema):
    id: int
    kind: str
    certificate_number: str
    host_region: str = Field(..., alias="host_region_id")
    on_date: dt.date
    outcome: str
    equivalent: str
    agreement_id: str
    clause_id: str
    reasons: list[str]
    decided_at: dt.datetime

    @staticmethod
    def resolve_reasons(obj: Any) -> list[str]:
        """The stored reasons (Chinese) in the reader's language."""
        return [selectors.reason_words(r) for r in obj.reasons]


@router.post(
    "/recognition/decisions",
    response={201: DecisionOut},
    auth=django_auth,
    summary="对登记证书作出互认认定 (decide on a registered credential)",
)
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status[object]:
    record, _ = services.decision_record(
        by=signed_in(request),
        number=payload.certificate_number,
        host_region=payload.host_region,
        on_date=payload.on_date,
    )
    return Status(201, record)


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=255)


@router.post(
    "/recognition/credentials/{number}/revoke", auth=django_auth, summary="撤销证书 (revoke)"
)
def revoke(request: HttpRequest, number: Number, payload: RevokeIn) -> dict[str, str]:
    found = services.credential_revoke(by=signed_in(request), number=number, reason=payload.reason)
    return {"certificate_number": number, "status": found.row.status}


@router.get(
    "/recognition/credentials/{number}/document",
    summary="导出签名的证书 (the credential as a signed document)",
    auth=django_auth,
)
def credential_document(
    request: HttpRequest, number: Number, envelope: documents.Envelope = "bashu"
) -> dict[str, Any]:
    """Signed by the issuing province; ``envelope=vc`` gives a W3C Verifiable Credential
    (Data Integrity, eddsa-jcs-2022). For the holder and the issuing region's caseworkers."""
    return documents.credential_document(by=signed_in(request), number=number, envelope=envelope)


@router.get(
    "/recognition/decisions/{decision_id}/document",
    summary="导出签名的认定 (a recorded decision as a signed document)",
    auth=django_auth,
)
def decision_document(
    request: HttpRequest, decision_id: Id, envelope: documents.Envelope = "bashu"
) -> dict[str, Any]:
    """Signed by the host province; for the holder and the host region's caseworkers."""
    return documents.decision_document(
        by=signed_in(request), decision_id=decision_id, envelope=envelope
    )


class CertificateOut(Schema):
    certificate_number: str
    kind: str
    series: str | None = Field(None, description="职称系列 (a title's series)")
    level: str | None = Field(None, description="职称层级或技能等级 (level)")
    card_class: str | None = Field(None, description="人才卡类别 (a talent card's class)")
    status: str
    holder: str = Field(..., description="持有人（脱敏）")
    issuer: str
    issuing_region: str
    decisions: list[dict[str, Any]]


@router.get(
    "/recognition/certificates/{number}",
    response=CertificateOut,
    summary="公开核验证书 (verify a certificate)",
)
def certificate(request: HttpRequest, number: Number, name: Name) -> dict[str, Any]:
    """Number plus the holder's name: a wrong name answers exactly as an unknown number (404,
    same body), so the registry cannot be walked by number alone. Prefer the POST form
    (``/recognition/certificate-checks``): a name in a URL ends up in access logs."""
    return selectors.certificate_public(number, name)


class CertificateLookupIn(Schema):
    number: Number = Field(..., description="证书、人才卡或许可证编号")
    name: Name = Field(..., description="持有人姓名（机构许可证为机构名称）")


@router.post(
    "/recognition/certificate-checks",
    response=CertificateOut,
    summary="公开核验证书（姓名不入网址）(verify a certificate, the name in the body)",
)
def certificate_lookup(request: HttpRequest, payload: CertificateLookupIn) -> dict[str, Any]:
    """As ``GET /recognition/certificates/{number}``, with the holder's name kept out of the
    URL. A wrong number and a wrong name answer alike (404)."""
    return selectors.certificate_public(payload.number, payload.name)


class CardServiceOut(Schema):
    code: str
    category: str
    name: str


class CardServicesOut(Schema):
    card: str
    host_region: str
    outcome: str
    equivalent: str | None
    reasons: list[str]
    services: list[CardServiceOut]


@router.get(
    "/recognition/cards/{number}/services",
    response=CardServicesOut,
    auth=django_auth,
    summary="我的人才卡可享服务 (services of my card, signed in)",
)
def card_services(
    request: HttpRequest, number: Number, host_region: Code, on_date: dt.date | None = None
) -> dict[str, Any]:
    """For the card's holder, signed in; anyone else's card, or no card, answers 404 alike."""
    _host_region_check(host_region)
    card = selectors.talent_card_of_holder(number, account_id=signed_in(request).pk)
    return _card_services(card, host_region, on_date)


class CardServicesIn(Schema):
    number: Number = Field(..., description="人才卡编号")
    name: Name = Field(..., description="持卡人姓名")
    id_last4: str = Field(..., pattern=r"^[0-9]{3}[0-9Xx]$", description="持卡人公民身份号码后四位")
    host_region: Code = Field(..., description="使用地区划代码（6 位）")
    on_date: dt.date | None = None


@router.post(
    "/recognition/cards/services",
    response=CardServicesOut,
    summary="人才卡可享服务（持卡人信息核验）(services of a card, for its holder)",
)
def card_services_check(request: HttpRequest, payload: CardServicesIn) -> dict[str, Any]:
    """The card number with the holder's name and the last four characters of their resident
    ID (in the body, never in a URL). Any miss answers the same 404, so the number alone
    tells nothing: neither that the card exists nor its class."""
    _host_region_check(payload.host_region)
    card = selectors.talent_card_of_holder(
        payload.number, name=payload.name, id_last4=payload.id_last4
    )
    return _card_services(card, payload.host_region, payload.on_date)


def _host_region_check(host_region: str) -> None:
    selectors.region_known("host_region", host_region)


def _card_services(card: TalentCard, host_region: str, on_date: dt.date | None) -> dict[str, Any]:
    return selectors.card_services_answer(card, host_region, on_date or timezone.localdate())


class DeliveryIn(Schema):
    card_number: Number
    service_code: Code
    host_region: Code
    delivered_on: dt.date


class DeliveryOut(Schema):
    id: int
    service: str = Field(..., validation_alias="service_id", description="服务代码")
    region: str = Field(..., validation_alias="region_id")
    delivered_on: dt.date


@router.post(
    "/recognition/card-services/deliveries",
    response={201: DeliveryOut},
    auth=django_auth,
    summary="登记人才服务 (record a delivery)",
)
def delivery_create(request: HttpRequest, payload: DeliveryIn) -> Status[ServiceDelivery]:
    delivery = services.delivery_record(
        by=signed_in(request),
        number=payload.card_number,
        service_code=payload.service_code,
        host_region=payload.host_region,
        delivered_on=payload.delivered_on,
    )
    return Status(201, delivery)


@router.get(
    "/recognition/card-services/deliveries/stats",
    summary="人才服务人次（按地区、月份）(deliveries per region and month)",
)
def delivery_stats(request: HttpRequest, region: Code | None = None) -> list[dict[str, Any]]:
    return selectors.delivery_counts(region=region)


class DrawIn(Schema):
    applicant_id: Id = Field(..., description="申请专家服务的单位")
    field: str = Field(..., min_length=1, max_length=32, description="专业领域，如 职业指导")
    count: int = Field(..., ge=1, le=20)


class DrawOut(Schema):
    id: int
    drawn: list[int] = Field(..., description="抽中的专家 (the experts drawn)")
    excluded: list[int] = Field(
        ..., description="因回避排除的专家 (excluded: they work for the applicant)"
    )
    seed: str = Field(..., description="随机种子，可复现抽取 (the seed: the draw can be replayed)")


@router.post(
    "/recognition/experts/draw",
    response={201: DrawOut},
    auth=django_auth,
    summary="抽取专家 (draw experts)",
)
def experts_draw(request: HttpRequest, payload: DrawIn) -> Status[ExpertDraw]:
    draw = services.experts_draw(
        by=signed_in(request),
        applicant_id=payload.applicant_id,
        field=payload.field,
        count=payload.count,
    )
    return Status(201, draw)


class RejectedErrorOut(Schema):
    field: str
    rule: str


class RejectedRowOut(Schema):
    line: int = Field(..., description="文件中的行号 (the line in the file)")
    errors: list[RejectedErrorOut]


class ImportOut(Schema):
    created: int
    updated: int
    revoked: int
    unchanged: int
    rejected: list[RejectedRowOut] = Field(
        ..., description="前 1000 个被拒绝的行：行号、字段与规则，不含单元格内容"
    )
    rejected_count: int = Field(..., description="被拒绝的行数 (all rejected rows)")
    rejected_rules: dict[str, int] = Field(..., description="按规则计数 (rejections per rule)")


class ImportQueuedOut(Schema):
    id: str = Field(..., description="后台任务编号 (the run's id)")
    status: str = Field(..., description="queued, running, retrying, done, failed")
    status_url: str = Field(..., description="进度与结果 (GET: progress, then the report)")
    page_url: str = Field(..., description="进度页面 (the same, as a page)")


@router.post(
    "/recognition/imports",
    response={200: ImportOut, 202: ImportQueuedOut},
    auth=django_auth,
    summary="导入证书名册 (import an issuer's register: CSV, xlsx, JSON Lines)",
)
def credentials_import(
    request: HttpRequest,
    kind: Literal["title", "skill", "talent_card", "agency_licence"],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """Good rows in, each bad row reported with line, field and rule; rows outside the
    caseworker's region are refused. Column headers may be the issuer's Chinese ones.

    A file up to ``BASHU_IMPORT_INLINE_MAX_BYTES`` (64 KiB) is imported at once (200, the
    report). A larger one is imported by the background worker: 202 with the run's id and
    its ``status_url``, which reports rows done and rejected so far, then the report."""
    name = file.name or ""
    suffix = suffix_of(name)
    if suffix not in SUFFIXES:
        raise InvalidInput.one("file", "file_type", _("文件须为 .csv、.xlsx 或 .jsonl"))
    upload_check(file.size)
    if not import_tasks.import_inline(file, suffix=suffix):
        run = import_tasks.credentials_import_start(
            by=signed_in(request), upload=file, kind=kind, suffix=suffix, source_name=name
        )
        return Status(
            202,
            {
                "id": str(run.pk),
                "status": run.status,
                "status_url": f"{request.path.rstrip('/')}/{run.pk}",
                "page_url": reverse("recognition:import_status", args=[run.pk]),
            },
        )
    try:
        report = imports.credentials_import(
            rows_read(file.open("rb"), suffix=suffix, aliases=imports.ALIASES),
            kind=kind,
            by=signed_in(request),
            source_name=name[:128],
        )
    except FileRefused as exc:  # unreadable, too large, too many rows: one 422 (413)
        raise file_refused(exc) from exc
    return Status(200, report.as_dict())


class FileErrorOut(Schema):
    field: str
    rule: str
    message: str


class ImportStatusOut(Schema):
    id: str
    kind: str
    source_name: str
    status: str = Field(..., description="queued, running, retrying, done, failed")
    finished: bool
    attempts: int = Field(..., description="尝试次数 (attempts so far; retried after a failure)")
    rows_done: int = Field(..., description="已处理的行 (rows done so far)")
    rows_rejected: int = Field(..., description="已拒绝的行 (rows rejected so far)")
    report: ImportOut | None = Field(None, description="完成后的导入结果 (once done)")
    errors: list[FileErrorOut] = Field(..., description="整个文件被拒绝时的规则 (a refused file)")
    error: str | None = Field(None, description="失败原因 (why the last attempt failed)")
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get(
    "/recognition/imports/{run_id}",
    response=ImportStatusOut,
    auth=django_auth,
    summary="后台导入的进度与结果 (progress and report of a background import)",
)
def credentials_import_status(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    """For the caseworker who started the import (or an administrator); 404 otherwise."""
    return import_tasks.credentials_import_status(by=signed_in(request), run_id=run_id)
