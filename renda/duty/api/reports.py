"""/api/v1/duty/reports: reports to voters (述职).

List (paginated), plan, read (with the ratings' summary), edit, register as
held, cancel, and the ratings' summary alone. Staff of the congress and the
deputy write; leaders read; out of scope 404, a reader's write 403, bad input
400, a wrong state 409. Voters rate on the public page (no API).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
)
from renda.core.dates import EventDate, LocalTime
from renda.deputies.models import Mandate

from .. import rules
from ..choices import ReportStatus
from ..permissions import can_manage_report, can_use_reports
from ..selectors.reports import (
    RatingSummary,
    ReportFilters,
    get_report_for_user,
    rating_summary,
    report_detail,
    report_list,
)
from ..services import reports as services
from ..services.common import invalid

router = Router(tags=["代表述职"])

CREATE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
ReportId = Path(..., ge=1, le=MAX_ID, description="述职编号")


def _require_user(user) -> None:
    if not can_use_reports(user):
        raise PermissionDenied("您无权查看代表述职。")


class ShareOut(Schema):
    value: str = Field(
        description="SATISFIED 满意、BASICALLY 基本满意、DISSATISFIED 不满意"
    )
    label: str
    count: int
    percent: float


class DimensionOut(Schema):
    dimension: str
    label: str
    total: int
    shares: list[ShareOut]
    satisfaction: float | None = Field(
        description="满意率（满意＋基本满意）/全部，百分比"
    )


class SummaryOut(Schema):
    total: int = Field(description="评议人数")
    satisfaction: float | None = Field(description="总体评价的满意率，百分比")
    dimensions: list[DimensionOut]


class ReportOut(Schema):
    id: int
    congress_id: int
    deputy_id: int
    deputy_name: str
    mandate_id: int
    electoral_unit_id: int | None
    constituency_id: int | None
    audience_to: str = Field(description="述职对象（原选举单位、选区或选民）")
    year: int
    date: dt.date
    start_time: dt.time
    place: str
    expected_audience: int
    audience: int | None
    status: str = Field(description="PLANNED 已计划、HELD 已述职、CANCELLED 已取消")
    status_label: str
    status_reason: str
    summary: str
    rating_open: bool = Field(description="选民现在能否扫码评议")


class ReportDetailOut(ReportOut):
    rating_path: str = Field(description="选民评议页面的地址（二维码内容）")
    ratings: SummaryOut
    comments: list[str] = Field(description="选民的意见建议（仅文字）")
    actions: list[str] = Field(description="您现在可以做的操作：edit、hold、cancel")


class ReportIn(Schema):
    mandate: Id = Field(description="代表资格编号（述职代表的在任资格）")
    date: EventDate
    start_time: LocalTime
    place: str = Field(max_length=200)
    expected_audience: int = Field(ge=0, le=100_000, description="预计参加选民人数")
    year: int = Field(ge=2000, le=2100, description="述职年度")


class ReportPatch(Schema):
    date: EventDate | None = None
    start_time: LocalTime | None = None
    place: str | None = Field(None, max_length=200)
    expected_audience: int | None = Field(None, ge=0, le=100_000)
    year: int | None = Field(None, ge=2000, le=2100)


class ReportHoldIn(Schema):
    audience: int = Field(ge=0, le=100_000, description="实到选民人数")
    summary: str = Field(max_length=5000, description="述职情况")


class ReportCancelIn(Schema):
    reason: str = Field(max_length=500, description="取消原因")


class ReportQuery(Schema):
    congress: Id | None = None
    deputy: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    status: str = Field("", max_length=16, description="PLANNED、HELD、CANCELLED")


def _summary_out(summary: RatingSummary) -> dict:
    return {
        "total": summary.total,
        "satisfaction": summary.satisfaction,
        "dimensions": [
            {
                "dimension": d.dimension,
                "label": d.label,
                "total": d.total,
                "satisfaction": d.satisfaction,
                "shares": [s.__dict__ for s in d.shares],
            }
            for d in summary.dimensions
        ],
    }


def _report_out(report) -> dict:
    return {
        "id": report.pk,
        "congress_id": report.congress_id,
        "deputy_id": report.deputy_id,
        "deputy_name": report.deputy.name,
        "mandate_id": report.mandate_id,
        "electoral_unit_id": report.electoral_unit_id,
        "constituency_id": report.constituency_id,
        "audience_to": str(report.electoral_unit or report.constituency or "选民"),
        "year": report.year,
        "date": report.date,
        "start_time": report.start_time,
        "place": report.place,
        "expected_audience": report.expected_audience,
        "audience": report.audience,
        "status": report.status,
        "status_label": report.get_status_display(),
        "status_reason": report.status_reason,
        "summary": report.summary,
        "rating_open": services.rating_open(report),
    }


def _detail_out(user, pk) -> dict:
    detail = report_detail(user, pk)
    return {
        **_report_out(detail.report),
        "rating_path": reverse("duty_public:rate", args=[detail.report.token]),
        "ratings": _summary_out(detail.summary),
        "comments": detail.comments,
        "actions": detail.actions,
    }


@router.get(
    "",
    response={200: list[ReportOut], **READ_ERRORS},
    summary="述职列表",
    description="工作人员和班子成员看本人大的代表述职；代表看本人的述职。",
)
@paginate(PagePagination)
def reports_list_api(request, filters: Query[ReportQuery]):
    _require_user(request.auth)
    status = filters.status if filters.status in ReportStatus.values else ""
    return [
        _report_out(r)
        for r in report_list(
            request.auth,
            ReportFilters(
                congress=filters.congress,
                deputy=filters.deputy,
                year=filters.year,
                status=status,
            ),
        )
    ]


@router.post(
    "",
    response={201: ReportDetailOut, **CREATE_ERRORS},
    summary="安排述职",
    description=(
        "工作人员或代表本人安排述职：代表资格须在任，述职对象为该资格的原选举单位或选区；"
        f"预计参加选民人数不少于规定人数（现为{rules.report_min_audience()}人，可配置）。"
    ),
)
def report_create_api(request, payload: ReportIn):
    _require_user(request.auth)
    mandate = (
        Mandate.objects.select_related("deputy", "term__congress")
        .filter(pk=payload.mandate)
        .first()
    )
    if mandate is None:
        raise invalid("没有找到该代表资格。", "mandate")
    report = services.report_plan(
        deputy=mandate.deputy,
        mandate=mandate,
        date=payload.date,
        start_time=payload.start_time,
        place=payload.place,
        expected_audience=payload.expected_audience,
        year=payload.year,
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, report.pk))


@router.get(
    "/{int:report_id}",
    response={200: ReportDetailOut, **DETAIL_ERRORS},
    summary="一次述职",
    description="述职安排、选民评议汇总、意见建议（仅文字）和可做的操作。",
)
def report_get_api(request, report_id: int = ReportId):
    _require_user(request.auth)
    return _detail_out(request.auth, report_id)


def _managed(user, report_id):
    _require_user(user)
    report = get_report_for_user(user, report_id)
    if not can_manage_report(user, report):
        raise PermissionDenied("您无权办理该述职。")
    return report


@router.patch(
    "/{int:report_id}",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="修改述职安排",
    description="已计划的述职可以修改日期、时间、地点、预计人数和年度；之后 409。",
)
def report_update_api(request, payload: ReportPatch, report_id: int = ReportId):
    report = _managed(request.auth, report_id)
    services.report_edit(
        report=report, actor=request.auth, **payload.dict(exclude_unset=True)
    )
    return _detail_out(request.auth, report.pk)


@router.post(
    "/{int:report_id}/hold",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="登记述职情况",
    description="述职当天或之后登记实到选民人数和述职情况；代表会收到提示。",
)
def report_hold_api(request, payload: ReportHoldIn, report_id: int = ReportId):
    report = _managed(request.auth, report_id)
    services.report_hold(
        report=report,
        audience=payload.audience,
        summary=payload.summary,
        actor=request.auth,
    )
    return _detail_out(request.auth, report.pk)


@router.post(
    "/{int:report_id}/cancel",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="取消述职",
    description="取消已计划的述职，须说明原因；评议随之关闭。",
)
def report_cancel_api(request, payload: ReportCancelIn, report_id: int = ReportId):
    report = _managed(request.auth, report_id)
    services.report_cancel(report=report, reason=payload.reason, actor=request.auth)
    return _detail_out(request.auth, report.pk)


@router.get(
    "/{int:report_id}/ratings",
    response={200: SummaryOut, **DETAIL_ERRORS},
    summary="选民评议汇总",
    description=(
        "各评议项目的满意、基本满意、不满意人数和比例，满意率＝（满意＋基本满意）/全部。"
        f"评议自述职当天起{rules.rating_window_days()}天内进行（可配置）。"
    ),
)
def report_ratings_api(request, report_id: int = ReportId):
    _require_user(request.auth)
    return _summary_out(rating_summary(get_report_for_user(request.auth, report_id)))
