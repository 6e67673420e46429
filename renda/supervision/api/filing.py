"""/api/v1/supervision/filing: filing review (备案审查).

Documents and their filings (list, detail, file, accept, return, refile),
reviews (list, detail, open, start, check, suspend, request-correction,
conclude, refer, tell-proposer) and the year's report as JSON. Lists are the
pages' lists (same selectors and filters); writes go through the services,
whose refusals answer 400 (naming the field), 403, 404 or 409.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    text,
)
from renda.core.dates import EventDate
from renda.units.models import HandlingUnit

from ..choices import DocumentType, RequestKind, ReviewKind, ReviewOutcome, Standard
from ..permissions import (
    can_file_documents,
    can_use_supervision,
    can_view_reviews,
    reads_any_congress,
    reads_congress,
)
from ..selectors import filing as selectors
from ..services import filing as services
from ..services.common import invalid

# Choices as inline enums (Literal): no shared schema component whose name
# another area's enum could take.
DocumentTypeValue = Literal[tuple(DocumentType.values)]
ReviewKindValue = Literal[tuple(ReviewKind.values)]
RequestKindValue = Literal[tuple(RequestKind.values)]
ReviewOutcomeValue = Literal[tuple(ReviewOutcome.values)]
StandardValue = Literal[tuple(Standard.values)]

router = Router()

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


def _require(check, user, message: str) -> None:
    if not check(user):
        raise PermissionDenied(message)


# Schemas ------------------------------------------------------------------------------


class SupervisionFilingQuery(Schema):
    congress: int | None = Field(None, ge=1, le=2**63 - 1, description="人大编号")
    year: int | None = Field(None, ge=1979, le=2100, description="公布年度")
    type: DocumentTypeValue | None = Field(None, description="文件类别")
    issuer: text(100) = Field("", description="制定机关名称包含")
    status: str = Field(
        "", max_length=16, description="状态：FILED、ACCEPTED、RETURNED"
    )
    late: bool | None = Field(None, description="只看逾期（true）或按期（false）报备")
    q: text(100) = Field("", description="文件名称、文号或制定机关")


class SupervisionFilingEventOut(Schema):
    at: dt.datetime
    kind: str
    text: str
    actor: str


class SupervisionFilingOut(Schema):
    id: int
    document_id: int
    congress_id: int
    congress: str
    issuer: str
    issuing_unit_id: int | None
    issuing_congress_id: int | None
    document_type: str
    title: str
    document_number: str
    published_on: dt.date
    status: str
    status_label: str
    filed_on: dt.date
    late: bool
    check_due: dt.date | None = None
    check_overdue: bool = False
    accepted_on: dt.date | None
    return_reason: str
    refile_due: dt.date | None
    times_returned: int


class SupervisionFilingDetailOut(SupervisionFilingOut):
    text: str
    file_name: str
    filing_report: str
    explanation: str
    actions: list[str]
    timeline: list[SupervisionFilingEventOut]


def _filing_out(filing, detail=None) -> dict:
    document = filing.document
    data = {
        "id": filing.pk,
        "document_id": document.pk,
        "congress_id": document.congress_id,
        "congress": document.congress.name,
        "issuer": document.issuer_name,
        "issuing_unit_id": document.issuing_unit_id,
        "issuing_congress_id": document.issuing_congress_id,
        "document_type": document.document_type,
        "title": document.title,
        "document_number": document.document_number,
        "published_on": document.published_on,
        "status": filing.status,
        "status_label": filing.get_status_display(),
        "filed_on": filing.filed_on,
        "late": filing.late,
        "check_due": getattr(filing, "check_due", None),
        "check_overdue": getattr(filing, "check_overdue", False),
        "accepted_on": filing.accepted_on,
        "return_reason": filing.return_reason,
        "refile_due": filing.refile_due,
        "times_returned": filing.times_returned,
    }
    if detail is not None:
        internal = detail.sees_internal
        data.update(
            text=document.text,
            file_name=document.file_name,
            filing_report=filing.filing_report if internal else "",
            explanation=filing.explanation if internal else "",
            actions=detail.actions,
            timeline=[entry.__dict__ for entry in detail.timeline],
        )
    return data


class SupervisionFilingIn(Schema):
    document_type: DocumentTypeValue = Field(description="文件类别")
    title: str = Field(max_length=200, description="文件名称")
    document_number: str = Field(max_length=100, description="文号")
    published_on: EventDate = Field(description="公布日期")
    text: str = Field(
        "", max_length=20000, description="正文（与文件至少一项，接口只收正文）"
    )
    filing_report: str = Field("", max_length=20000, description="备案报告")
    explanation: str = Field("", max_length=20000, description="起草说明")
    unit: Id | None = Field(None, description="制定机关（承办单位）编号，默认本人单位")
    issuing_congress: Id | None = Field(
        None, description="制定机关为下级人大时，其编号"
    )
    congress: Id | None = Field(None, description="备案机关（人大）编号，默认同级人大")


class SupervisionFilingReturnIn(Schema):
    reason: str = Field(max_length=500, description="退回理由")


class SupervisionFilingRefileIn(Schema):
    text: str | None = Field(None, max_length=20000, description="修改后的正文")
    filing_report: str | None = Field(None, max_length=20000)
    explanation: str | None = Field(None, max_length=20000)


# Filings ------------------------------------------------------------------------------


@router.get(
    "/filings",
    response={200: list[SupervisionFilingOut], **READ_ERRORS},
    summary="报备的规范性文件列表",
    description="人大的人员看到本级及下级的全部报备，制定机关看到本单位的，其余只看到已登记备案的。",
)
@paginate(PagePagination)
def filing_list(request, filters: Query[SupervisionFilingQuery]):
    _require(can_use_supervision, request.auth, "您无权查看备案文件。")
    params = filters.dict()
    params["type"] = params["type"] or ""
    parsed = selectors.FilingFilters.from_params(params)
    return [_filing_out(f) for f in selectors.filing_list(request.auth, parsed)]


@router.get(
    "/filings/{filing_id}",
    response={200: SupervisionFilingDetailOut, **DETAIL_ERRORS},
    summary="报备详情",
)
def filing_get(request, filing_id: Id):
    _require(can_use_supervision, request.auth, "您无权查看备案文件。")
    detail = selectors.filing_detail(request.auth, filing_id)
    return _filing_out(detail.filing, detail)


def _detail(user, pk):
    detail = selectors.filing_detail(user, pk)
    return _filing_out(detail.filing, detail)


@router.post(
    "/filings",
    response={201: SupervisionFilingDetailOut, **CREATE_ERRORS},
    summary="报备规范性文件",
    description="制定机关工作人员报备本单位文件；下级人大工作人员报备其决议决定。公布 30 日后报备的标记逾期。",
)
def filing_create(request, payload: SupervisionFilingIn):
    user = request.auth
    _require(can_file_documents, user, "您无权报备规范性文件。")
    unit = issuing_congress = congress = None
    if payload.unit is not None:
        unit = HandlingUnit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise invalid("制定机关不存在。", "unit")
    if payload.issuing_congress is not None:
        issuing_congress = Congress.objects.filter(pk=payload.issuing_congress).first()
        if issuing_congress is None:
            raise invalid("制定机关（下级人大）不存在。", "issuing_congress")
    if payload.congress is not None:
        congress = Congress.objects.filter(pk=payload.congress).first()
        if congress is None:
            raise invalid("备案机关不存在。", "congress")
    if unit is None and issuing_congress is None:
        ids = sorted(get_scope(user).unit_ids)
        unit = HandlingUnit.objects.filter(pk=ids[0]).first() if ids else None
    filing = services.document_file(
        actor=user,
        unit=unit,
        issuing_congress=issuing_congress,
        congress=congress,
        document_type=payload.document_type,
        title=payload.title,
        document_number=payload.document_number,
        published_on=payload.published_on,
        text=payload.text,
        filing_report=payload.filing_report,
        explanation=payload.explanation,
    )
    return Status(201, _detail(user, filing.pk))


@router.post(
    "/filings/{filing_id}/accept",
    response={200: SupervisionFilingDetailOut, **WRITE_ERRORS},
    summary="登记备案",
)
def filing_accept(request, filing_id: Id):
    filing = selectors.get_filing_for_user(request.auth, filing_id)
    services.filing_accept(filing=filing, actor=request.auth)
    return _detail(request.auth, filing_id)


@router.post(
    "/filings/{filing_id}/return",
    response={200: SupervisionFilingDetailOut, **WRITE_ERRORS},
    summary="退回补正",
    description="退回并说明理由，制定机关在 10 日内重新报备。",
)
def filing_return(request, payload: SupervisionFilingReturnIn, filing_id: Id):
    filing = selectors.get_filing_for_user(request.auth, filing_id)
    services.filing_return(filing=filing, reason=payload.reason, actor=request.auth)
    return _detail(request.auth, filing_id)


@router.post(
    "/filings/{filing_id}/refile",
    response={200: SupervisionFilingDetailOut, **WRITE_ERRORS},
    summary="重新报备",
)
def filing_refile(request, payload: SupervisionFilingRefileIn, filing_id: Id):
    filing = selectors.get_filing_for_user(request.auth, filing_id)
    services.filing_refile(
        filing=filing,
        actor=request.auth,
        text=payload.text,
        filing_report=payload.filing_report,
        explanation=payload.explanation,
    )
    return _detail(request.auth, filing_id)


# Reviews -------------------------------------------------------------------------------


class SupervisionFilingReviewQuery(Schema):
    congress: int | None = Field(None, ge=1, le=2**63 - 1)
    year: int | None = Field(None, ge=1979, le=2100)
    kind: ReviewKindValue | None = None
    request_kind: RequestKindValue | None = None
    status: str = Field("", max_length=24)
    outcome: ReviewOutcomeValue | None = None
    to_tell: bool | None = Field(None, description="只看待告知提出人的")
    q: text(100) = ""


class SupervisionFilingCheckOut(Schema):
    standard: str
    standard_label: str
    passed: bool
    note: str


class SupervisionFilingReviewOut(Schema):
    id: int
    congress_id: int
    kind: str
    request_kind: str
    subject: str
    status: str
    status_label: str = Field(description="状态；依申请审查结束未告知的为“待告知”")
    to_tell: bool
    outcome: str
    received_on: dt.date
    concluded_on: dt.date | None
    correction_due: dt.date | None
    referred_to: str
    receipt_number: str | None
    proposer_name: str
    proposer_organisation: str
    proposer_phone: str = Field(description="仅本级人大工作人员可见完整号码")
    proposer_address: str
    proposer_told_on: dt.date | None
    document_ids: list[int]


class SupervisionFilingReviewDetailOut(SupervisionFilingReviewOut):
    request_text: str
    opinion: str
    proposer_reply: str
    checks: list[SupervisionFilingCheckOut]
    actions: list[str]
    timeline: list[SupervisionFilingEventOut]


def _review_out(case, *, documents=None) -> dict:
    return {
        "id": case.pk,
        "congress_id": case.congress_id,
        "kind": case.kind,
        "request_kind": case.request_kind,
        "subject": case.subject,
        "status": case.status,
        "status_label": case.status_text,
        "to_tell": case.to_tell,
        "outcome": case.outcome,
        "received_on": case.received_on,
        "concluded_on": case.concluded_on,
        "correction_due": case.correction_due,
        "referred_to": case.referred_to,
        "receipt_number": case.receipt_number,
        "proposer_name": case.proposer_name,
        "proposer_organisation": case.proposer_organisation,
        "proposer_phone": case.shown_phone,
        "proposer_address": case.shown_address,
        "proposer_told_on": case.proposer_told_on,
        "document_ids": [
            d.pk for d in (documents if documents is not None else case.documents.all())
        ],
    }


def _review_detail(user, pk) -> dict:
    detail = selectors.review_detail(user, pk)
    data = _review_out(detail.case, documents=detail.documents)
    data.update(
        request_text=detail.case.request_text,
        opinion=detail.case.opinion,
        proposer_reply=detail.case.proposer_reply,
        checks=[
            {
                "standard": c.standard,
                "standard_label": c.get_standard_display(),
                "passed": c.passed,
                "note": c.note,
            }
            for c in detail.checks
        ],
        actions=detail.actions,
        timeline=[entry.__dict__ for entry in detail.timeline],
    )
    return data


@router.get(
    "/reviews",
    response={200: list[SupervisionFilingReviewOut], **READ_ERRORS},
    summary="审查列表",
)
@paginate(PagePagination)
def review_list(request, filters: Query[SupervisionFilingReviewQuery]):
    _require(can_view_reviews, request.auth, "您无权查看备案审查。")
    params = {k: (v if v is not None else "") for k, v in filters.dict().items()}
    params["to_tell"] = filters.to_tell
    parsed = selectors.ReviewFilters.from_params(params)
    return [_review_out(c) for c in selectors.review_list(request.auth, parsed)]


@router.get(
    "/reviews/{review_id}",
    response={200: SupervisionFilingReviewDetailOut, **DETAIL_ERRORS},
    summary="审查详情",
)
def review_get(request, review_id: Id):
    _require(can_view_reviews, request.auth, "您无权查看备案审查。")
    return _review_detail(request.auth, review_id)


class SupervisionFilingReviewIn(Schema):
    congress: Id = Field(description="人大编号")
    kind: ReviewKindValue
    subject: str = Field(max_length=200, description="审查事项")
    documents: list[Id] = Field(default_factory=list, description="审查的文件编号")
    request_kind: RequestKindValue | None = Field(
        None, description="依申请审查的申请类别"
    )
    proposer_name: str = Field("", max_length=100)
    proposer_organisation: str = Field("", max_length=100)
    proposer_phone: str = Field("", max_length=20)
    proposer_address: str = Field("", max_length=200)
    request_text: str = Field("", max_length=20000)
    received_on: EventDate | None = None


@router.post(
    "/reviews",
    response={201: SupervisionFilingReviewDetailOut, **CREATE_ERRORS},
    summary="登记审查",
    description="主动、专项（至少 2 件文件）、移送，或依申请（审查要求、审查建议）审查。本级人大工作人员。",
)
def review_create(request, payload: SupervisionFilingReviewIn):
    user = request.auth
    _require(can_view_reviews, user, "您无权登记备案审查。")
    congress = Congress.objects.filter(pk=payload.congress).first()
    if congress is None or not reads_congress(user, congress):
        raise invalid("人大不存在或您无权操作。", "congress")
    case = services.review_open(
        congress=congress,
        kind=payload.kind,
        subject=payload.subject,
        actor=user,
        document_ids=payload.documents,
        request_kind=payload.request_kind or "",
        proposer_name=payload.proposer_name,
        proposer_organisation=payload.proposer_organisation,
        proposer_phone=payload.proposer_phone,
        proposer_address=payload.proposer_address,
        request_text=payload.request_text,
        received_on=payload.received_on,
    )
    return Status(201, _review_detail(user, case.pk))


class SupervisionFilingStartIn(Schema):
    documents: list[Id] = Field(default_factory=list, description="补充审查的文件")


class SupervisionFilingCheckIn(Schema):
    standard: StandardValue
    passed: bool
    note: str = Field("", max_length=2000)


class SupervisionFilingChecklistIn(Schema):
    checks: list[SupervisionFilingCheckIn] = Field(description="审查标准核对")
    opinion: str | None = Field(None, max_length=20000, description="审查意见")


class SupervisionFilingSuspendIn(Schema):
    note: str = Field("", max_length=500)


class SupervisionFilingCorrectionIn(Schema):
    opinion: str | None = Field(None, max_length=20000)


class SupervisionFilingConcludeIn(Schema):
    outcome: ReviewOutcomeValue
    opinion: str | None = Field(None, max_length=20000)


class SupervisionFilingReferIn(Schema):
    organ: str = Field(max_length=100, description="移送机关名称")


class SupervisionFilingTellIn(Schema):
    reply: str = Field(max_length=20000, description="告知提出人的内容")


def _case(user, pk):
    _require(can_view_reviews, user, "您无权办理备案审查。")
    return selectors.get_review_for_user(user, pk)


@router.post(
    "/reviews/{review_id}/start",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="开始审查",
)
def review_start(request, payload: SupervisionFilingStartIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_start(case=case, actor=request.auth, document_ids=payload.documents)
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/check",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="登记审查标准核对与审查意见",
)
def review_check(request, payload: SupervisionFilingChecklistIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_check(
        case=case,
        checks=[c.dict() for c in payload.checks],
        actor=request.auth,
        opinion=payload.opinion,
    )
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/suspend",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="中止审查（制定机关自行纠正）",
)
def review_suspend(request, payload: SupervisionFilingSuspendIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_suspend(case=case, actor=request.auth, note=payload.note)
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/request-correction",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="书面要求纠正（2 个月内）",
)
def review_request_correction(
    request, payload: SupervisionFilingCorrectionIn, review_id: Id
):
    case = _case(request.auth, review_id)
    services.review_request_correction(
        case=case, actor=request.auth, opinion=payload.opinion
    )
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/conclude",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="结束审查",
)
def review_conclude(request, payload: SupervisionFilingConcludeIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_conclude(
        case=case, outcome=payload.outcome, actor=request.auth, opinion=payload.opinion
    )
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/refer",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="移送",
)
def review_refer(request, payload: SupervisionFilingReferIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_refer(case=case, organ=payload.organ, actor=request.auth)
    return _review_detail(request.auth, review_id)


@router.post(
    "/reviews/{review_id}/tell-proposer",
    response={200: SupervisionFilingReviewDetailOut, **WRITE_ERRORS},
    summary="告知提出人审查结果",
)
def review_tell_proposer(request, payload: SupervisionFilingTellIn, review_id: Id):
    case = _case(request.auth, review_id)
    services.review_tell_proposer(case=case, reply=payload.reply, actor=request.auth)
    return _review_detail(request.auth, review_id)


# The year report ---------------------------------------------------------------------------


class SupervisionFilingReportQuery(Schema):
    congress: Id = Field(description="人大编号")
    year: int = Field(ge=1979, le=2100, description="年度")


class SupervisionFilingReportOut(Schema):
    congress: str
    year: int
    filed: int
    filed_by_type: dict[str, int]
    late: int
    accepted: int
    returned: int
    reviews: int
    reviews_by_kind: dict[str, int]
    reviews_by_outcome: dict[str, int]
    requests: int
    suggestions: int
    corrections_requested: int
    corrections_made: int
    revocation_motions: int
    proposers_told: int


@router.get(
    "/report",
    response={200: SupervisionFilingReportOut, **DETAIL_ERRORS},
    summary="备案审查年度工作情况（第四十五条）",
)
def report(request, filters: Query[SupervisionFilingReportQuery]):
    _require(reads_any_congress, request.auth, "您无权查看备案审查工作情况。")
    congress = Congress.objects.filter(pk=filters.congress).first()
    if congress is None or not reads_congress(request.auth, congress):
        raise Http404("该人大不存在或您无权查看。")
    return selectors.filing_year_report(congress, filters.year).as_dict()
