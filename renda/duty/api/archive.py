"""/api/v1/duty/archive: 履职档案 (a deputy's archive, the congress's board,
plenary sessions and their attendance, activities added by hand). The same
selectors and services as the pages."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    choices_text,
)
from renda.deputies.models import Deputy

from ..choices import RECORD_KINDS, RecordStatus, SessionAttendanceStatus
from ..models import DutyRecord
from ..permissions import can_manage_any_duty, can_use_duty_staff, can_use_my_duty
from ..selectors.archive import (
    ArchiveFilters,
    RecordFilters,
    archive_board,
    archive_for_user,
    deputy_congresses,
    get_record_for_user,
    my_archive,
    record_detail,
    records_list,
    session_roll,
    sessions_for_user,
)
from ..services import archive as services
from ..services.common import invalid

router = Router(tags=["履职档案"])

# Filters are database integers: bounded so that no id overflows a column.
INT_MAX = 2**31 - 1

WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
DeputyId = Path(..., ge=1, le=MAX_ID, description="代表编号")
SessionId = Path(..., ge=1, le=MAX_ID, description="代表大会会议编号")
RecordId = Path(..., ge=1, le=MAX_ID, description="履职记录编号")
DutySessionStatusIn = StrEnum(
    "DutySessionStatusIn", {v: v for v in SessionAttendanceStatus.values}
)
DutyRecordKindIn = StrEnum("DutyRecordKindIn", {k.value: k.value for k in RECORD_KINDS})
DutyRecordStatusIn = StrEnum("DutyRecordStatusIn", {v: v for v in RecordStatus.values})


def _can_use_archive(user) -> bool:
    return can_use_my_duty(user) or can_use_duty_staff(user)


def _require(check, user, message="您无权查看履职档案。"):
    if not check(user):
        raise PermissionDenied(message)


# Schemas ----------------------------------------------------------------------------


class DutyArchiveEntryOut(Schema):
    kind: str
    kind_label: str
    date: dt.date
    title: str
    detail: str
    quantity: Decimal
    source: str = Field(description="来源记录，如 suggestions.suggestion:12")
    url: str
    pending: bool = Field(description="待确认（补录或补充记录），不计入")


class DutyArchiveSummaryOut(Schema):
    kind: str
    label: str
    count: Decimal
    pending: int


class DutyArchiveOut(Schema):
    deputy_id: int
    deputy_name: str
    congress_id: int
    congress_name: str
    year: int
    congresses: list[dict] = Field(description="可选的人大（id、name）")
    years: list[int]
    summary: list[DutyArchiveSummaryOut]
    entries: list[DutyArchiveEntryOut]


class DutyArchiveQuery(Schema):
    congress_id: int | None = Field(None, ge=1, le=INT_MAX, description="人大编号")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")


class DutyBoardQuery(DutyArchiveQuery):
    delegation_id: int | None = Field(None, ge=1, le=INT_MAX, description="代表团")
    group_id: int | None = Field(None, ge=1, le=INT_MAX, description="代表小组")
    station_id: int | None = Field(None, ge=1, le=INT_MAX, description="联络站")
    name: Annotated[str, StringConstraints(max_length=50)] = Field(
        "", description="姓名（包含）"
    )


class DutyBoardRowOut(Schema):
    deputy_id: int
    name: str
    counts: dict[str, Decimal] = Field(description="各类履职次数（按类别）")
    pending: int


class DutySessionOut(Schema):
    id: int
    label: str
    start_date: dt.date
    end_date: dt.date | None
    deputies: int
    recorded: int
    counts: dict[str, int]


class DutySessionsQuery(Schema):
    congress_id: int | None = Field(None, ge=1, le=INT_MAX, description="人大编号")


class DutyAttendanceOut(Schema):
    deputy_id: int
    name: str
    status: str | None
    status_label: str
    leave_half_days: int
    absent_half_days: int
    reason: str


class DutySessionRollOut(Schema):
    session: DutySessionOut
    half_days: int
    manages: bool
    rows: list[DutyAttendanceOut]


class DutyAttendanceIn(Schema):
    deputy_id: Id = Field(description="代表编号")
    status: DutySessionStatusIn = Field(
        description=f"出席情况：{choices_text(SessionAttendanceStatus)}"
    )
    leave_half_days: int = Field(0, ge=0, le=60, description="请假半天数")
    absent_half_days: int = Field(0, ge=0, le=60, description="无故缺席半天数")
    reason: Annotated[str, StringConstraints(max_length=200)] = Field(
        "", description="请假或缺席事由（请假必填）"
    )


class DutyAttendanceManyIn(Schema):
    rows: list[DutyAttendanceIn] = Field(
        description="一名或多名代表的出席情况", min_length=1, max_length=2000
    )


class DutyRecordOut(Schema):
    id: int
    congress_id: int
    deputy_id: int
    deputy_name: str
    kind: str
    kind_label: str
    date: dt.date
    title: str
    place: str
    organiser: str
    description: str
    status: str
    status_label: str
    decision_note: str
    evidence_url: str = Field(description="证明材料下载地址（如有）")
    actions: list[str] = Field(description="您现在可以做的操作")


class DutyRecordQuery(Schema):
    status: DutyRecordStatusIn | None = Field(
        None, description=f"状态：{choices_text(RecordStatus)}"
    )
    congress_id: int | None = Field(None, ge=1, le=INT_MAX, description="人大编号")
    deputy_id: int | None = Field(None, ge=1, le=INT_MAX, description="代表编号")


class DutyRecordIn(Schema):
    congress_id: Id = Field(description="人大编号")
    deputy_id: Id | None = Field(
        None, description="代表编号（工作人员必填；代表为本人）"
    )
    kind: DutyRecordKindIn = Field(
        description="类别：" + "、".join(f"{k.value} {k.label}" for k in RECORD_KINDS)
    )
    date: dt.date = Field(description="活动日期（不晚于今天）")
    title: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="活动名称"
    )
    place: Annotated[str, StringConstraints(max_length=200)] = ""
    organiser: Annotated[str, StringConstraints(max_length=200)] = ""
    description: Annotated[str, StringConstraints(max_length=2000)] = ""


class DutyRecordDecisionIn(Schema):
    note: Annotated[str, StringConstraints(max_length=500)] = Field(
        "", description="确认意见；不予确认时为理由（必填）"
    )


# Adapters ---------------------------------------------------------------------------


def _archive_out(page) -> dict:
    return {
        "deputy_id": page.deputy.pk,
        "deputy_name": page.deputy.name,
        "congress_id": page.congress.pk,
        "congress_name": page.congress.name,
        "year": page.year,
        "congresses": [{"id": c.pk, "name": c.name} for c in page.congresses],
        "years": page.years,
        "summary": [
            {"kind": s.kind, "label": s.label, "count": s.count, "pending": s.pending}
            for s in page.summary
        ],
        "entries": [
            {
                "kind": e.kind,
                "kind_label": e.label,
                "date": e.date,
                "title": e.title,
                "detail": e.detail,
                "quantity": e.quantity,
                "source": e.source,
                "url": e.url,
                "pending": e.pending,
            }
            for _kind, _label, entries in page.sections
            for e in entries
        ],
    }


def _session_out(row) -> dict:
    return {
        "id": row.session.pk,
        "label": str(row.session),
        "start_date": row.session.start_date,
        "end_date": row.session.end_date,
        "deputies": row.deputies,
        "recorded": row.recorded,
        "counts": row.counts,
    }


def _roll_out(user, session_id) -> dict:
    roll = session_roll(user, session_id)
    from ..selectors.archive import SessionRow

    recorded = [r for r in roll.rows if r.attendance]
    counts: dict[str, int] = {}
    for r in recorded:
        counts[r.attendance.status] = counts.get(r.attendance.status, 0) + 1
    return {
        "session": _session_out(
            SessionRow(roll.session, len(roll.rows), len(recorded), counts)
        ),
        "half_days": roll.half_days,
        "manages": roll.manages,
        "rows": [
            {
                "deputy_id": r.deputy.pk,
                "name": r.deputy.name,
                "status": r.attendance.status if r.attendance else None,
                "status_label": str(r.attendance.get_status_display())
                if r.attendance
                else "未登记",
                "leave_half_days": r.attendance.leave_half_days if r.attendance else 0,
                "absent_half_days": r.attendance.absent_half_days
                if r.attendance
                else 0,
                "reason": r.attendance.reason if r.attendance else "",
            }
            for r in roll.rows
        ],
    }


def _record_out(user, record, actions=None) -> dict:
    from django.urls import reverse

    from ..selectors.archive import record_actions

    return {
        "id": record.pk,
        "congress_id": record.congress_id,
        "deputy_id": record.deputy_id,
        "deputy_name": record.deputy.name,
        "kind": record.kind,
        "kind_label": str(record.get_kind_display()),
        "date": record.date,
        "title": record.title,
        "place": record.place,
        "organiser": record.organiser,
        "description": record.description,
        "status": record.status,
        "status_label": str(record.get_status_display()),
        "decision_note": record.decision_note,
        "evidence_url": reverse("duty:record_evidence", args=[record.pk])
        if record.evidence
        else "",
        "actions": actions
        if actions is not None
        else [a for a in record_actions(user, record) if a != "edit"],
    }


class _Mapped:
    """A queryset as the paginator slices it, each row turned by ``turn``."""

    def __init__(self, queryset, turn):
        self.queryset = queryset
        self.turn = turn

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key):
        return [self.turn(row) for row in self.queryset[key]]


# The archive ------------------------------------------------------------------------


@router.get(
    "/me",
    response={200: DutyArchiveOut, **DETAIL_ERRORS},
    summary="我的履职",
    description="本人（代表）某一人大、某一年度的履职档案：各类次数汇总和逐条记录，"
    "待确认的记录标明且不计入。其他角色 403。",
)
def archive_me(request, filters: Query[DutyArchiveQuery]):
    _require(can_use_my_duty, request.auth, "只有代表可以查看“我的履职”。")
    return _archive_out(
        my_archive(request.auth, congress_id=filters.congress_id, year=filters.year)
    )


@router.get(
    "/deputies",
    response={200: list[DutyBoardRowOut], **DETAIL_ERRORS},
    summary="代表履职档案一览（工作人员、班子成员）",
    description="本级人大的代表及其某一年度各类履职次数；可按代表团、代表小组、联络站、姓名筛选。"
    "无权查看的人大 404。",
)
@paginate(PagePagination)
def archive_board_api(request, filters: Query[DutyBoardQuery]):
    _require(can_use_duty_staff, request.auth)
    board = archive_board(
        request.auth,
        ArchiveFilters(
            congress_id=filters.congress_id,
            year=filters.year,
            delegation_id=filters.delegation_id,
            group_id=filters.group_id,
            station_id=filters.station_id,
            name=filters.name.strip(),
        ),
    )
    return [
        {
            "deputy_id": row.deputy.pk,
            "name": row.deputy.name,
            "counts": row.counts,
            "pending": row.pending,
        }
        for row in board.rows
    ]


@router.get(
    "/deputies/{int:deputy_id}",
    response={200: DutyArchiveOut, **DETAIL_ERRORS},
    summary="代表履职档案",
    description="一名代表某一人大、某一年度的履职档案（本人、本级人大工作人员和班子成员）；"
    "范围以外的代表 404。",
)
def archive_deputy(
    request, filters: Query[DutyArchiveQuery], deputy_id: int = DeputyId
):
    _require(_can_use_archive, request.auth)
    return _archive_out(
        archive_for_user(
            request.auth,
            deputy_id=deputy_id,
            congress_id=filters.congress_id,
            year=filters.year,
        )
    )


# Sessions -----------------------------------------------------------------------------


@router.get(
    "/sessions",
    response={200: list[DutySessionOut], **DETAIL_ERRORS},
    summary="代表大会会议及出席登记情况",
    description="本级人大各届代表大会会议（最新的在前）及已登记的出席情况统计。",
)
def sessions_api(request, filters: Query[DutySessionsQuery]):
    _require(can_use_duty_staff, request.auth)
    _congress, _congresses, rows = sessions_for_user(
        request.auth, congress_id=filters.congress_id
    )
    return [_session_out(row) for row in rows]


@router.get(
    "/sessions/{int:session_id}",
    response={200: DutySessionRollOut, **DETAIL_ERRORS},
    summary="代表大会会议出席名册",
    description="该次会议本届代表的出席情况（未登记的标明）。",
)
def session_get(request, session_id: int = SessionId):
    _require(can_use_duty_staff, request.auth)
    return _roll_out(request.auth, session_id)


@router.post(
    "/sessions/{int:session_id}/attendance",
    response={200: DutySessionRollOut, **WRITE_ERRORS},
    summary="登记代表大会会议出席情况（工作人员）",
    description="登记一名或多名代表的出席情况；重复提交相同内容不产生变化。"
    "同一届内两次未经批准缺席的，提示代表工作委员会（不终止代表资格）。",
)
def session_attendance_api(
    request, payload: DutyAttendanceManyIn, session_id: int = SessionId
):
    _require(can_use_duty_staff, request.auth)
    roll = session_roll(request.auth, session_id)
    if not roll.manages:
        raise PermissionDenied("您无权登记出席情况。")
    services.session_attendance_record_many(
        session=roll.session,
        rows=[
            {
                "deputy_id": row.deputy_id,
                "status": str(row.status),
                "leave_half_days": row.leave_half_days,
                "absent_half_days": row.absent_half_days,
                "reason": row.reason,
            }
            for row in payload.rows
        ],
        actor=request.auth,
    )
    return _roll_out(request.auth, session_id)


# Records added by hand ---------------------------------------------------------------


@router.get(
    "/records",
    response={200: list[DutyRecordOut], **READ_ERRORS},
    summary="补充履职记录列表",
    description="工作人员：本级人大的补充记录，待确认的在前；代表：本人的补充记录。",
)
@paginate(PagePagination)
def records_api(request, filters: Query[DutyRecordQuery]):
    _require(_can_use_archive, request.auth)
    rows = records_list(
        request.auth,
        RecordFilters(
            status=str(filters.status) if filters.status else "",
            congress_id=filters.congress_id,
            deputy_id=filters.deputy_id,
        ),
    )
    return _Mapped(rows, lambda record: _record_out(request.auth, record))


@router.post(
    "/records",
    response={201: DutyRecordOut, **WRITE_ERRORS},
    summary="补充履职记录",
    description="代表为本人、工作人员为本级人大的代表补充平台之外的履职活动；"
    "经工作人员确认后计入档案。证明材料请在页面上传。",
)
def record_create_api(request, payload: DutyRecordIn):
    user = request.auth
    _require(
        lambda u: can_use_my_duty(u) or can_manage_any_duty(u),
        user,
        "您无权补充履职记录。",
    )
    from renda.accounts.permissions import get_scope
    from renda.congresses.models import Congress

    congress = Congress.objects.filter(pk=min(payload.congress_id, INT_MAX)).first()
    if congress is None:
        raise invalid("人大不存在。", "congress_id")
    deputy_id = payload.deputy_id or get_scope(user).deputy_id
    deputy = Deputy.objects.filter(pk=min(deputy_id or 0, INT_MAX)).first()
    if deputy is None:
        raise invalid("请选择代表。", "deputy_id")
    if not services.can_add_record(user, deputy, congress):
        # Neither the deputy themself nor staff of that congress: say nothing
        # about who the id names.
        raise PermissionDenied("只能为本人或本级人大的代表补充履职记录。")
    if congress not in deputy_congresses(deputy) and not can_manage_any_duty(user):
        raise invalid(f"{deputy.name}不是{congress.name}的代表。", "congress_id")
    record = services.duty_record_add(
        congress=congress,
        deputy=deputy,
        kind=str(payload.kind),
        date=payload.date,
        title=payload.title,
        place=payload.place,
        organiser=payload.organiser,
        description=payload.description,
        actor=user,
    )
    record = DutyRecord.objects.select_related("deputy").get(pk=record.pk)
    return Status(201, _record_out(user, record))


@router.get(
    "/records/{int:record_id}",
    response={200: DutyRecordOut, **DETAIL_ERRORS},
    summary="补充履职记录详情",
    description="一条补充履职记录及您现在可以做的操作；范围以外的 404。",
)
def record_get(request, record_id: int = RecordId):
    _require(_can_use_archive, request.auth)
    detail = record_detail(request.auth, record_id)
    return _record_out(
        request.auth,
        detail.record,
        [a for a in detail.actions if a != "edit"],
    )


def _decide(request, record_id, call):
    _require(_can_use_archive, request.auth)
    record = get_record_for_user(request.auth, record_id)
    call(record)
    record = get_record_for_user(request.auth, record_id)
    return _record_out(request.auth, record)


@router.post(
    "/records/{int:record_id}/confirm",
    response={200: DutyRecordOut, **WRITE_ERRORS},
    summary="确认补充履职记录（工作人员）",
    description="确认后计入代表的履职档案，并告知代表。",
)
def record_confirm_api(
    request, payload: DutyRecordDecisionIn, record_id: int = RecordId
):
    return _decide(
        request,
        record_id,
        lambda r: services.duty_record_confirm(
            record=r, note=payload.note, actor=request.auth
        ),
    )


@router.post(
    "/records/{int:record_id}/reject",
    response={200: DutyRecordOut, **WRITE_ERRORS},
    summary="不予确认补充履职记录（工作人员）",
    description="须写明理由，告知代表。",
)
def record_reject_api(
    request, payload: DutyRecordDecisionIn, record_id: int = RecordId
):
    return _decide(
        request,
        record_id,
        lambda r: services.duty_record_reject(
            record=r, note=payload.note, actor=request.auth
        ),
    )


@router.post(
    "/records/{int:record_id}/withdraw",
    response={200: DutyRecordOut, **WRITE_ERRORS},
    summary="撤回补充履职记录（提交人）",
    description="待确认的记录可由代表本人或提交人撤回。",
)
def record_withdraw_api(request, record_id: int = RecordId):
    return _decide(
        request,
        record_id,
        lambda r: services.duty_record_withdraw(record=r, actor=request.auth),
    )


__all__ = ["router", "Http404"]
