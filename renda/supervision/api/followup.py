"""/api/v1/supervision/opinions: review opinions followed to the end (跟踪问效).

Reads go through ``selectors.followup`` as the pages do; writes through
``services.followup``. Objects outside the user's scope answer 404, roles that
may not act 403, a wrong state 409, bad input 400/422 with the field named.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, READ_ERRORS, ErrorOut, Id, PagePagination
from renda.core.dates import EventDate, FilterDate

from ..choices import ReviewMode
from ..permissions import can_use_supervision, reads_any_congress
from ..selectors import followup as selectors
from ..services import followup as services
from ..services import satisfaction
from ..services.decisions import chairpersons_meeting_by_id

router = Router()

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}


def _require(user) -> None:
    if not can_use_supervision(user):
        raise PermissionDenied("您无权查看监督工作。")


# Schemas ----------------------------------------------------------------------------------


class FollowupOpinionOut(Schema):
    id: int
    item: int = Field(alias="item_id")
    item_title: str
    year: int
    unit: int = Field(alias="unit_id")
    unit_name: str
    status: str
    status_label: str
    compiled_on: dt.date
    approved_on: dt.date | None
    chair_meeting: str
    chairpersons_decision_id: int | None = Field(
        None, description="主任会议决定编号（会议 API：/meetings/decisions）"
    )
    chairpersons_meeting_id: int | None = Field(None, description="主任会议编号")
    extension_decision_id: int | None = Field(
        None, description="同意延期的主任会议决定编号"
    )
    sent_on: dt.date | None
    report_due: dt.date | None
    report_due_provisional: bool
    extended: bool
    round: int
    concluded_on: dt.date | None
    report_overdue: bool
    report_due_soon: bool

    @staticmethod
    def resolve_item_title(obj) -> str:
        return obj.item.title

    @staticmethod
    def resolve_chairpersons_meeting_id(obj) -> int | None:
        decision = obj.chairpersons_decision if obj.chairpersons_decision_id else None
        return decision.meeting_id if decision else None

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.item.year

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_report_overdue(obj) -> bool:
        return selectors.report_overdue(obj)

    @staticmethod
    def resolve_report_due_soon(obj) -> bool:
        return selectors.report_due_soon(obj)


class FollowupProgressOut(Schema):
    id: int
    text: str
    evidence_name: str
    reported_on: dt.date


class FollowupPointOut(Schema):
    id: int
    opinion: int = Field(alias="opinion_id")
    order: int
    text: str
    unit: int = Field(alias="unit_id")
    unit_name: str
    due_on: dt.date
    status: str
    done_on: dt.date | None
    overdue: bool
    progress: list[FollowupProgressOut]

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.point_overdue(obj)

    @staticmethod
    def resolve_progress(obj) -> list:
        return list(obj.progress_reports.all())


class FollowupPointDetailOut(FollowupPointOut):
    actions: list[str]


class FollowupHandlingReportOut(Schema):
    id: int
    opinion: int = Field(alias="opinion_id")
    round: int
    text: str
    file_name: str
    filed_on: dt.date
    late: bool
    committee_comment: str
    commented_on: dt.date | None
    review_mode: str
    reviewed_on: dt.date | None


class FollowupTestOut(Schema):
    id: int
    item: int = Field(alias="item_id")
    opinion: int | None = Field(alias="opinion_id")
    unit: int = Field(alias="unit_id")
    unit_name: str
    subject: str
    held_on: dt.date
    meeting_name: str
    vote_id: int | None = Field(
        None, description="表决编号：由常委会会议满意度测评表决自动登记时（会议 API）"
    )
    members_total: int
    present: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    denominator: str
    result: str
    result_label: str
    action: str
    action_due: dt.date | None

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_result_label(obj) -> str:
        return obj.get_result_display()


class FollowupEventOut(Schema):
    kind: str
    at: dt.datetime
    summary: str


class FollowupOpinionDetailOut(FollowupOpinionOut):
    text: str
    compile_due: dt.date | None
    compiled_late: bool
    extensions_left: int
    points: list[FollowupPointDetailOut]
    handling_reports: list[FollowupHandlingReportOut]
    tests: list[FollowupTestOut]
    timeline: list[FollowupEventOut]
    actions: list[str]


class FollowupBoardRowOut(Schema):
    unit: int
    unit_name: str
    open: int
    done: int
    overdue: int
    points_open: int
    points_overdue: int
    open_url: str
    done_url: str
    overdue_url: str


class FollowupOpinionQuery(Schema):
    congress: Id | None = None
    year: int | None = Field(None, ge=1979, le=2100)
    unit: Id | None = None
    item: Id | None = None
    status: str | None = Field(None, max_length=16)
    stage: str | None = Field(None, max_length=8)
    overdue: bool = False


class FollowupOpinionIn(Schema):
    item: Id
    unit: Id
    text: str
    compiled_on: EventDate


class FollowupOpinionUpdateIn(Schema):
    text: str | None = None
    compiled_on: EventDate | None = None


class FollowupApproveIn(Schema):
    chairpersons_meeting_id: Id = Field(
        ...,
        description="通过审议意见的主任会议编号（GET /meetings/decisions/chairpersons-meetings）",
    )


class FollowupSendIn(Schema):
    sent_on: EventDate


class FollowupExtendIn(Schema):
    months: int
    reason: str
    chairpersons_meeting_id: Id = Field(
        ...,
        description="同意延期的主任会议编号（GET /meetings/decisions/chairpersons-meetings）",
    )


class FollowupConcludeIn(Schema):
    concluded_on: EventDate


class FollowupPointIn(Schema):
    text: str
    unit: Id
    due_on: FilterDate


class FollowupProgressIn(Schema):
    text: str
    reported_on: EventDate | None = None


class FollowupFinishIn(Schema):
    done_on: EventDate | None = None


class FollowupHandlingReportIn(Schema):
    text: str
    filed_on: EventDate | None = None


class FollowupCommentIn(Schema):
    comment: str
    commented_on: EventDate | None = None


class FollowupReviewIn(Schema):
    mode: ReviewMode
    reviewed_on: EventDate


class FollowupTestIn(Schema):
    item: Id
    opinion: Id | None = None
    unit: Id | None = None
    held_on: EventDate
    meeting_name: str = ""
    members_total: int | None = None
    present: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int


class FollowupTestQuery(Schema):
    item: Id


class FollowupBoardQuery(Schema):
    congress: Id | None = None
    year: int | None = Field(None, ge=1979, le=2100)
    unit: Id | None = None


class FollowupItemIn(Schema):
    item: Id
    year: int
    kind: str
    title: str


class FollowupItemOut(Schema):
    id: int
    year: int
    kind: str
    title: str
    follows: int | None = Field(alias="follows_id")


# Helpers ----------------------------------------------------------------------------------


def _detail(user, pk):
    detail = selectors.opinion_detail(user, pk)
    opinion = detail.opinion
    opinion.compile_due = detail.compile_due
    opinion.compiled_late = detail.compiled_late
    opinion.extensions_left = detail.extensions_left
    opinion.points_out = detail.points
    opinion.reports_out = detail.reports
    opinion.tests_out = detail.tests
    opinion.timeline_out = detail.timeline
    opinion.actions = detail.actions
    return _DetailView(opinion)


class _DetailView:
    """The opinion with the detail's lists under the schema's names."""

    def __init__(self, opinion):
        self._opinion = opinion
        self.points = opinion.points_out
        self.handling_reports = opinion.reports_out
        self.tests = opinion.tests_out
        self.timeline = opinion.timeline_out

    def __getattr__(self, name):
        return getattr(self._opinion, name)


def _point_out(user, point):
    detail = selectors.opinion_detail(user, point.opinion_id)
    return next(p for p in detail.points if p.pk == point.pk)


# Opinions ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[FollowupOpinionOut], **READ_ERRORS},
    summary="审议意见列表",
    description="按年度、单位、状态（或 stage=open/done）、逾期筛选；单位只看到交办给本单位的。",
)
@paginate(PagePagination)
def followup_opinion_list(request, query: Query[FollowupOpinionQuery]):
    _require(request.auth)
    filters = selectors.OpinionFilters.from_query(query.dict())
    return selectors.opinion_list(request.auth, filters)


@router.post(
    "",
    response={201: FollowupOpinionDetailOut, **WRITE_ERRORS},
    summary="整理审议意见",
)
def followup_opinion_create(request, payload: FollowupOpinionIn):
    _require(request.auth)
    item = selectors.get_item_for_user(request.auth, payload.item)
    opinion = services.opinion_create(
        item=item,
        unit_id=payload.unit,
        text=payload.text,
        compiled_on=payload.compiled_on,
        actor=request.auth,
    )
    return Status(201, _detail(request.auth, opinion.pk))


@router.get(
    "/tests",
    response={200: list[FollowupTestOut], **DETAIL_ERRORS},
    summary="监督事项的满意度测评",
)
def followup_test_list(request, query: Query[FollowupTestQuery]):
    _require(request.auth)
    return list(selectors.satisfaction_tests_for_item(request.auth, query.item))


@router.post(
    "/tests",
    response={201: FollowupTestOut, **WRITE_ERRORS},
    summary="登记满意度测评（或票决评议）",
    description="结果按本级人大的规则计算（默认以全体组成人员为基数）；不满意时按规则要求重新报告等。",
)
def followup_test_record(request, payload: FollowupTestIn):
    _require(request.auth)
    item = selectors.get_item_for_user(request.auth, payload.item)
    opinion = (
        selectors.get_opinion_for_user(request.auth, payload.opinion)
        if payload.opinion
        else None
    )
    test = satisfaction.satisfaction_test_record(
        item=item,
        opinion=opinion,
        unit_id=payload.unit,
        held_on=payload.held_on,
        meeting_name=payload.meeting_name,
        members_total=payload.members_total,
        present=payload.present,
        satisfied=payload.satisfied,
        basically_satisfied=payload.basically_satisfied,
        unsatisfied=payload.unsatisfied,
        actor=request.auth,
    )
    return Status(201, test)


@router.get(
    "/boards/units",
    response={200: list[FollowupBoardRowOut], **READ_ERRORS},
    summary="各单位落实审议意见情况",
)
def followup_board_units(request, query: Query[FollowupBoardQuery]):
    if not reads_any_congress(request.auth):
        raise PermissionDenied("您无权查看落实情况。")
    rows = selectors.board_for_unit(
        request.auth, query.unit, query.year, congress=query.congress
    )
    return [_board_out(row) for row in rows]


@router.get(
    "/boards/items/{item_id}",
    response={200: list[FollowupBoardRowOut], **DETAIL_ERRORS},
    summary="监督事项的审议意见落实情况（按单位）",
)
def followup_board_item(request, item_id: Id):
    _require(request.auth)
    item = selectors.get_item_for_user(request.auth, item_id)
    return [_board_out(row) for row in selectors.board_for_item(request.auth, item)]


def _board_out(row) -> dict:
    return {
        "unit": row.unit.pk,
        "unit_name": row.unit.name,
        "open": row.open,
        "done": row.done,
        "overdue": row.overdue,
        "points_open": row.points_open,
        "points_overdue": row.points_overdue,
        "open_url": row.open_url,
        "done_url": row.done_url,
        "overdue_url": row.overdue_url,
    }


@router.post(
    "/follow-up-items",
    response={201: FollowupItemOut, **WRITE_ERRORS},
    summary="开展跟踪监督：在以后年度登记关联的监督事项",
)
def followup_item_create(request, payload: FollowupItemIn):
    _require(request.auth)
    item = selectors.get_item_for_user(request.auth, payload.item)
    follow = services.follow_up_item_create(
        item=item,
        year=payload.year,
        kind=payload.kind,
        title=payload.title,
        actor=request.auth,
    )
    return Status(201, follow)


# Points and reports (static prefixes before the opinion id) ----------------------------------


@router.post(
    "/points/{point_id}/progress",
    response={200: FollowupPointDetailOut, **WRITE_ERRORS},
    summary="报告整改进展（责任单位或工作人员）",
)
def followup_point_progress(request, point_id: Id, payload: FollowupProgressIn):
    _require(request.auth)
    point = selectors.get_point_for_user(request.auth, point_id)
    services.point_progress_report(
        point=point,
        text=payload.text,
        reported_on=payload.reported_on,
        actor=request.auth,
    )
    return _point_out(request.auth, point)


@router.post(
    "/points/{point_id}/finish",
    response={200: FollowupPointDetailOut, **WRITE_ERRORS},
    summary="确认整改完成",
)
def followup_point_finish(request, point_id: Id, payload: FollowupFinishIn):
    _require(request.auth)
    point = selectors.get_point_for_user(request.auth, point_id)
    services.point_finish(point=point, done_on=payload.done_on, actor=request.auth)
    return _point_out(request.auth, point)


@router.post(
    "/points/{point_id}/reopen",
    response={200: FollowupPointDetailOut, **WRITE_ERRORS},
    summary="重新打开整改事项",
)
def followup_point_reopen(request, point_id: Id):
    _require(request.auth)
    point = selectors.get_point_for_user(request.auth, point_id)
    services.point_reopen(point=point, actor=request.auth)
    return _point_out(request.auth, point)


@router.post(
    "/handling-reports/{report_id}/comment",
    response={200: FollowupHandlingReportOut, **WRITE_ERRORS},
    summary="专门委员会对研究处理情况报告提出意见",
)
def followup_report_comment(request, report_id: Id, payload: FollowupCommentIn):
    _require(request.auth)
    report = selectors.get_handling_report_for_user(request.auth, report_id)
    return services.handling_report_comment(
        report=report,
        comment=payload.comment,
        commented_on=payload.commented_on,
        actor=request.auth,
    )


@router.post(
    "/handling-reports/{report_id}/review",
    response={200: FollowupHandlingReportOut, **WRITE_ERRORS},
    summary="登记常委会听取审议或书面审阅研究处理情况报告",
)
def followup_report_review(request, report_id: Id, payload: FollowupReviewIn):
    _require(request.auth)
    report = selectors.get_handling_report_for_user(request.auth, report_id)
    return services.handling_report_review(
        report=report,
        mode=payload.mode.value,
        reviewed_on=payload.reviewed_on,
        actor=request.auth,
    )


# One opinion ------------------------------------------------------------------------------


@router.get(
    "/{opinion_id}",
    response={200: FollowupOpinionDetailOut, **DETAIL_ERRORS},
    summary="审议意见详情（整改事项、研究处理情况报告、测评、办理记录、可做的操作）",
)
def followup_opinion_detail(request, opinion_id: Id):
    _require(request.auth)
    return _detail(request.auth, opinion_id)


@router.patch(
    "/{opinion_id}",
    response={200: FollowupOpinionDetailOut, **WRITE_ERRORS},
    summary="修改审议意见（整理中）",
)
def followup_opinion_update(request, opinion_id: Id, payload: FollowupOpinionUpdateIn):
    _require(request.auth)
    opinion = selectors.get_opinion_for_user(request.auth, opinion_id)
    services.opinion_update(
        opinion=opinion,
        text=payload.text,
        compiled_on=payload.compiled_on,
        actor=request.auth,
    )
    return _detail(request.auth, opinion_id)


def _opinion_step(path, schema, summary, run):
    def endpoint(request, opinion_id: Id, payload: schema):
        _require(request.auth)
        opinion = selectors.get_opinion_for_user(request.auth, opinion_id)
        run(opinion, payload, request.auth)
        return _detail(request.auth, opinion_id)

    endpoint.__name__ = f"followup_opinion_{path.strip('/').replace('-', '_')}"
    router.post(
        f"/{{opinion_id}}/{path}",
        response={200: FollowupOpinionDetailOut, **WRITE_ERRORS},
        summary=summary,
    )(endpoint)


_opinion_step(
    "approve",
    FollowupApproveIn,
    "登记主任会议通过审议意见",
    lambda o, p, a: services.opinion_approve(
        opinion=o,
        chairpersons_meeting=chairpersons_meeting_by_id(p.chairpersons_meeting_id),
        actor=a,
    ),
)
_opinion_step(
    "send",
    FollowupSendIn,
    "交办审议意见（研究处理情况报告期限按法定日历计算）",
    lambda o, p, a: services.opinion_send(opinion=o, sent_on=p.sent_on, actor=a),
)
_opinion_step(
    "extend",
    FollowupExtendIn,
    "延期报告（经主任会议同意，只能一次）",
    lambda o, p, a: services.opinion_extend(
        opinion=o,
        months=p.months,
        reason=p.reason,
        chairpersons_meeting=chairpersons_meeting_by_id(p.chairpersons_meeting_id),
        actor=a,
    ),
)
_opinion_step(
    "conclude",
    FollowupConcludeIn,
    "审议意见办结",
    lambda o, p, a: services.opinion_conclude(
        opinion=o, concluded_on=p.concluded_on, actor=a
    ),
)


@router.post(
    "/{opinion_id}/points",
    response={201: FollowupPointDetailOut, **WRITE_ERRORS},
    summary="列出整改事项（责任单位、期限）",
)
def followup_point_add(request, opinion_id: Id, payload: FollowupPointIn):
    _require(request.auth)
    opinion = selectors.get_opinion_for_user(request.auth, opinion_id)
    point = services.point_add(
        opinion=opinion,
        text=payload.text,
        unit_id=payload.unit,
        due_on=payload.due_on,
        actor=request.auth,
    )
    return Status(201, _point_out(request.auth, point))


@router.post(
    "/{opinion_id}/handling-reports",
    response={201: FollowupHandlingReportOut, **WRITE_ERRORS},
    summary="报送研究处理情况报告（交办机关工作人员）",
)
def followup_report_file(request, opinion_id: Id, payload: FollowupHandlingReportIn):
    _require(request.auth)
    opinion = selectors.get_opinion_for_user(request.auth, opinion_id)
    report = services.handling_report_file(
        opinion=opinion,
        text=payload.text,
        filed_on=payload.filed_on,
        actor=request.auth,
    )
    return Status(201, report)


@router.post(
    "/{opinion_id}/handling-reports/upload",
    response={201: FollowupHandlingReportOut, **WRITE_ERRORS},
    summary="报送研究处理情况报告（上传文件，multipart/form-data）",
    description="字段 text（可空）、filed_on（可空，YYYY-MM-DD）、file（报告文件）。",
)
def followup_report_upload(
    request,
    opinion_id: Id,
    file: File[UploadedFile],
    text: Form[str] = "",
    filed_on: Form[EventDate | None] = None,
):
    _require(request.auth)
    opinion = selectors.get_opinion_for_user(request.auth, opinion_id)
    report = services.handling_report_file(
        opinion=opinion, text=text, file=file, filed_on=filed_on, actor=request.auth
    )
    return Status(201, report)
