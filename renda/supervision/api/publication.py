"""/api/v1/supervision/open: published supervision items (no log-in) and the
staff's publish endpoints.

The reads need no authentication (``auth=None``) and answer only what is
published (``selectors.publication``): an unpublished item is 404. The writes
are the item's congress's staff's (``services.publication``) and are idempotent.
"""

import datetime as dt

from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, ErrorOut, Id, PagePagination, choices_text

from ..choices import SupervisionKind
from ..models import (
    HandlingReport,
    ItemDocument,
    ReviewOpinion,
    SatisfactionTest,
    SupervisionItem,
)
from ..selectors.publication import (
    PublicItemFilters,
    public_item_detail,
    public_items,
)
from ..services import publication as services
from ..services.common import not_found

router = Router()

PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


class SupervisionOpenQuery(Schema):
    year: int | None = Field(None, ge=1979, le=2100, description="年度")
    kind: SupervisionKind | None = Field(
        None, description=f"监督方式：{choices_text(SupervisionKind)}"
    )
    unit: Id | None = Field(None, description="被监督机关编号")
    congress: Id | None = Field(None, description="人大编号")


class SupervisionOpenUnitOut(Schema):
    id: int
    name: str


class SupervisionOpenItemOut(Schema):
    id: int
    congress_id: int
    congress_name: str
    year: int
    kind: str
    kind_label: str
    title: str
    public_summary: str
    done_on: dt.date | None
    published_at: dt.datetime | None
    themes: list[str]
    target_units: list[SupervisionOpenUnitOut]
    url: str = Field(description="公开页面地址")


class SupervisionOpenDocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    version: int
    text: str
    published_at: dt.datetime | None
    download_url: str


class SupervisionOpenOpinionOut(Schema):
    id: int
    unit_name: str
    text: str
    sent_on: dt.date | None
    report_due: dt.date | None
    published_at: dt.datetime | None


class SupervisionOpenHandlingReportOut(Schema):
    id: int
    unit_name: str
    round: int
    text: str
    filed_on: dt.date
    committee_comment: str
    published_at: dt.datetime | None


class SupervisionOpenTestOut(Schema):
    id: int
    unit_name: str
    subject: str
    subject_label: str
    held_on: dt.date
    members_total: int
    present: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    result: str
    result_label: str
    published_at: dt.datetime | None


class SupervisionOpenItemDetailOut(SupervisionOpenItemOut):
    documents: list[SupervisionOpenDocumentOut]
    opinions: list[SupervisionOpenOpinionOut]
    handling_reports: list[SupervisionOpenHandlingReportOut]
    tests: list[SupervisionOpenTestOut]


class SupervisionItemPublishIn(Schema):
    public_summary: str | None = Field(
        None,
        max_length=services.PUBLIC_SUMMARY_MAX_LENGTH,
        description="公开说明（不含个人信息）；不填则用已保存的说明",
    )


def _item_out(item: SupervisionItem, themes=None, units=None) -> dict:
    themes = themes if themes is not None else list(item.themes.all())
    units = units if units is not None else list(item.target_units.all())
    return {
        "id": item.pk,
        "congress_id": item.congress_id,
        "congress_name": item.congress.name,
        "year": item.year,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "title": item.title,
        "public_summary": item.public_summary,
        "done_on": item.done_on,
        "published_at": item.published_at,
        "themes": [theme.name for theme in themes],
        "target_units": [{"id": unit.pk, "name": unit.name} for unit in units],
        "url": reverse("open:supervision_detail", args=[item.pk]),
    }


def _document_out(document: ItemDocument) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "title": document.title,
        "version": document.version,
        "text": document.text,
        "published_at": document.published_at,
        "download_url": reverse("open:supervision_document", args=[document.pk]),
    }


def _opinion_out(opinion: ReviewOpinion) -> dict:
    return {
        "id": opinion.pk,
        "unit_name": opinion.unit.name,
        "text": opinion.text,
        "sent_on": opinion.sent_on,
        "report_due": opinion.report_due,
        "published_at": opinion.published_at,
    }


def _report_out(report: HandlingReport) -> dict:
    return {
        "id": report.pk,
        "unit_name": report.opinion.unit.name,
        "round": report.round,
        "text": report.text,
        "filed_on": report.filed_on,
        "committee_comment": report.committee_comment,
        "published_at": report.published_at,
    }


def _test_out(test: SatisfactionTest) -> dict:
    return {
        "id": test.pk,
        "unit_name": test.unit.name,
        "subject": test.subject,
        "subject_label": test.get_subject_display(),
        "held_on": test.held_on,
        "members_total": test.members_total,
        "present": test.present,
        "satisfied": test.satisfied,
        "basically_satisfied": test.basically_satisfied,
        "unsatisfied": test.unsatisfied,
        "result": test.result,
        "result_label": test.get_result_display(),
        "published_at": test.published_at,
    }


class _Mapped:
    """A queryset whose page is turned into dicts only when sliced (pagination)."""

    def __init__(self, queryset, build):
        self.queryset = queryset
        self.build = build

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.build(obj) for obj in self.queryset[index]]
        return self.build(self.queryset[index])


# Public reads ---------------------------------------------------------------------------


@router.get(
    "/items",
    auth=None,
    response={200: list[SupervisionOpenItemOut], 422: ErrorOut},
    summary="公开的监督事项",
    description="已公开的监督事项，可按年度、监督方式、被监督机关、人大筛选。无需登录。",
)
@paginate(PagePagination)
def open_item_list(request, filters: Query[SupervisionOpenQuery]):
    parsed = PublicItemFilters(
        year=filters.year,
        kind=filters.kind.value if filters.kind else "",
        unit=filters.unit,
        congress=filters.congress,
    )
    return _Mapped(public_items(parsed), _item_out)


@router.get(
    "/items/{item_id}",
    auth=None,
    response={200: SupervisionOpenItemDetailOut, **PUBLIC_ERRORS},
    summary="一项公开的监督事项",
    description=(
        "已公开监督事项的公开说明、主题、被监督机关，及已公开的材料（最新公开版本）、"
        "审议意见、研究处理情况报告和满意度测评。未公开的事项 404。无需登录。"
    ),
)
def open_item_detail(request, item_id: Id):
    detail = public_item_detail(item_id)
    return {
        **_item_out(detail.item, detail.themes, detail.units),
        "documents": [_document_out(d) for d in detail.documents],
        "opinions": [_opinion_out(o) for o in detail.opinions],
        "handling_reports": [_report_out(r) for r in detail.handling_reports],
        "tests": [_test_out(t) for t in detail.tests],
    }


# Staff writes ---------------------------------------------------------------------------


def _get(model, pk: int, noun: str):
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise not_found(noun)
    return obj


@router.post(
    "/items/{item_id}/publish",
    response={200: SupervisionOpenItemOut, **WRITE_ERRORS},
    summary="公开监督事项",
    description=(
        "常委会工作人员公开监督事项及其公开说明（不含个人信息），并通知常委会组成人员。"
        "已公开的再次公开不作变化。"
    ),
)
def item_publish(request, item_id: Id, payload: SupervisionItemPublishIn):
    item = services.item_publish(
        item=_get(SupervisionItem, item_id, "该监督事项"),
        public_summary=payload.public_summary,
        actor=request.auth,
    )
    return _item_out(item)


@router.post(
    "/documents/{document_id}/publish",
    response={200: SupervisionOpenDocumentOut, **WRITE_ERRORS},
    summary="公开监督材料",
    description=(
        "公开一份材料的最新版本（专项工作报告、执法检查报告、视察报告、调研报告、决议决定"
        "文本）；报告稿、会议纪要等内部材料不能公开（400）。已公开的再次公开不作变化。"
    ),
)
def document_publish(request, document_id: Id):
    document = services.document_publish(
        document=_get(ItemDocument, document_id, "该材料"), actor=request.auth
    )
    return _document_out(document)


@router.post(
    "/opinions/{opinion_id}/publish",
    response={200: SupervisionOpenOpinionOut, **WRITE_ERRORS},
    summary="公开审议意见",
    description="公开已交办的审议意见。已公开的再次公开不作变化。",
)
def opinion_publish(request, opinion_id: Id):
    opinion = services.opinion_publish(
        opinion=_get(ReviewOpinion, opinion_id, "该审议意见"), actor=request.auth
    )
    return _opinion_out(opinion)


@router.post(
    "/handling-reports/{report_id}/publish",
    response={200: SupervisionOpenHandlingReportOut, **WRITE_ERRORS},
    summary="公开研究处理情况报告",
    description="公开被监督机关的研究处理情况报告。已公开的再次公开不作变化。",
)
def handling_report_publish(request, report_id: Id):
    report = services.handling_report_publish(
        report=_get(HandlingReport, report_id, "该研究处理情况报告"),
        actor=request.auth,
    )
    return _report_out(report)


@router.post(
    "/tests/{test_id}/publish",
    response={200: SupervisionOpenTestOut, **WRITE_ERRORS},
    summary="公开满意度测评结果",
    description="公开满意度测评的票数和结果。已公开的再次公开不作变化。",
)
def satisfaction_test_publish(request, test_id: Id):
    test = services.satisfaction_test_publish(
        test=_get(SatisfactionTest, test_id, "该满意度测评"), actor=request.auth
    )
    return _test_out(test)
