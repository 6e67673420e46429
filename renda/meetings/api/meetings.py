"""/api/v1/meetings: 会议 — the list, one meeting (agenda with papers and each
vote's result, attendance of all members, quorum, guests, timeline, actions),
create and edit, agenda, attendance, sign-in, open/close/cancel, papers.

The same selectors and services as the pages: a meeting outside the user's
congresses answers 404, a reader's write 403, a broken rule 400 (with the
field) or 409 (wrong state, no quorum).
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from renda.congresses.models import StandingCommittee
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    Id,
    PagePagination,
    choices_text,
)
from renda.core.dates import EventDate, LocalTime

from .. import services
from ..choices import AgendaKind, Attendance, MeetingKind, MeetingStatus
from ..hooks import agenda_subject_choices
from ..models import AgendaItem, MeetingGuest
from ..permissions import can_use_meetings
from ..selectors.meetings import (
    MeetingFilters,
    get_managed_meeting,
    get_meeting_for_user,
    get_paper_for_user,
    meeting_detail,
    meeting_list,
    paper_list,
    quorum_state,
    receipt_list,
)
from ..services import papers as paper_services
from ..services.common import invalid

router = Router(tags=["会议"])

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
MeetingId = Path(..., ge=1, le=MAX_ID, description="会议编号")
SubjectKind = Query(..., description=f"议程类别：{choices_text(AgendaKind)}")
ItemId = Path(..., ge=1, le=MAX_ID, description="议程编号")
GuestId = Path(..., ge=1, le=MAX_ID, description="列席人员编号")
PaperId = Path(..., ge=1, le=MAX_ID, description="材料编号")

KindIn = StrEnum("CommitteeMeetingKindIn", {v: v for v in MeetingKind.values})
StatusIn = StrEnum("CommitteeMeetingStatusIn", {v: v for v in MeetingStatus.values})
AgendaKindIn = StrEnum("MeetingAgendaKindIn", {v: v for v in AgendaKind.values})
MeetingAttendanceStatusIn = StrEnum(
    "MeetingAttendanceStatusIn", {v: v for v in Attendance.values}
)


def short(max_length: int):
    return Annotated[str, StringConstraints(max_length=max_length)]


# Schemas -----------------------------------------------------------------------------


class CommitteeMeetingQuery(Schema):
    congress: Id | None = Field(None, description="人大编号")
    kind: KindIn | None = Field(
        None, description=f"会议类别：{choices_text(MeetingKind)}"
    )
    year: int | None = Field(None, ge=1949, le=2100, description="年度")
    status: StatusIn | None = Field(
        None, description=f"状态：{choices_text(MeetingStatus)}"
    )
    upcoming: bool = Field(False, description="只列即将召开的（日期最近的在前）")


class CommitteeMeetingOut(Schema):
    id: int
    title: str
    congress_id: int
    standing_committee_id: int
    kind: str
    number: int
    date: dt.date
    starts_at: dt.time | None
    place: str
    status: str
    url: str


class MeetingQuorumOut(Schema):
    present: int = Field(description="出席人数")
    members: int = Field(description="全体组成人员（会议日期在任）")
    needed: int = Field(description="开会至少需要出席的人数（全体组成人员过半数）")
    met: bool = Field(description="是否已过半数")
    text: str


class MeetingVoteSummaryOut(Schema):
    id: int
    title: str
    kind: str
    mode: str
    status: str
    status_label: str
    result: str
    result_label: str
    counts: dict
    not_voting: int | None
    url: str


class MeetingPaperOut(Schema):
    id: int
    agenda_item_id: int
    title: str
    size: int
    due_on: dt.date | None
    sent_at: dt.datetime | None
    late: bool
    read_count: int | None = None
    receipt_count: int | None = None
    read_at: dt.datetime | None = None
    unread: bool = False
    url: str


class MeetingAgendaItemOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    reporter: str
    description: str
    subject: str = Field(
        "", description="关联事项的值（<app_label>.<model>:<pk>）；空为未关联"
    )
    subject_label: str = Field("", description="关联事项名称")
    subject_url: str = Field("", description="关联事项页面；无页面为空")
    papers: list[MeetingPaperOut]
    votes: list[MeetingVoteSummaryOut]


class MeetingAttendanceOut(Schema):
    member_id: int
    name: str
    status: str = Field(description="PRESENT、LEAVE、ABSENT；空为未签到")
    status_label: str
    reason: str
    method: str
    signed_in_at: dt.datetime | None


class MeetingGuestOut(Schema):
    id: int
    name: str
    organisation: str
    post: str
    attended: bool | None


class MeetingEventOut(Schema):
    kind: str
    title: str
    detail: str
    actor: str
    at: dt.datetime


class CommitteeMeetingDetailOut(CommitteeMeetingOut):
    agenda_text: str
    cancel_reason: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    agenda: list[MeetingAgendaItemOut]
    other_votes: list[MeetingVoteSummaryOut]
    attendance: list[MeetingAttendanceOut]
    quorum: MeetingQuorumOut
    guests: list[MeetingGuestOut]
    timeline: list[MeetingEventOut]
    actions: list[str]


class CommitteeMeetingIn(Schema):
    congress: Id = Field(description="人大编号（会议属于其最新一届常委会/主席团）")
    kind: KindIn = Field(MeetingKind.STANDING.value, description="会议类别")
    number: int | None = Field(None, ge=1, le=999, description="会次；不填取下一次")
    date: EventDate = Field(description="日期")
    starts_at: LocalTime | None = Field(None, description="开始时间 HH:MM")
    place: short(100) = ""
    agenda: short(5000) = ""


class CommitteeMeetingPatch(Schema):
    date: EventDate | None = None
    starts_at: LocalTime | None = None
    place: short(100) | None = None
    agenda: short(5000) | None = None


class MeetingAgendaItemIn(Schema):
    kind: AgendaKindIn = Field(description=f"议程类别：{choices_text(AgendaKind)}")
    title: short(200)
    reporter: short(100) = ""
    description: short(5000) = ""
    subject: short(100) = Field(
        "",
        description="关联事项：<app_label>.<model>:<pk>，须为该会议所属人大、"
        "该议程类别可关联的事项（见 GET /meetings/{meeting_id}/agenda/subjects）；空为不关联",
    )


class MeetingAgendaItemPatch(Schema):
    kind: AgendaKindIn | None = None
    title: short(200) | None = None
    reporter: short(100) | None = None
    description: short(5000) | None = None
    subject: short(100) | None = Field(
        None,
        description="关联事项（同添加议程）；空字符串取消关联，不传则不变",
    )


class MeetingAgendaSubjectOut(Schema):
    value: str = Field(description="<app_label>.<model>:<pk>")
    label: str


class MeetingAgendaMoveIn(Schema):
    direction: short(8) = Field(description="up 上移、down 下移")


class MeetingAttendanceIn(Schema):
    member: Id = Field(description="组成人员编号（CommitteeMember）")
    status: MeetingAttendanceStatusIn = Field(
        description=f"出席情况：{choices_text(Attendance)}"
    )
    reason: short(200) = Field("", description="请假事由（请假时必填）")


class MeetingCancelIn(Schema):
    reason: short(500)


class MeetingGuestIn(Schema):
    name: short(50)
    organisation: short(100)
    post: short(100) = ""


class MeetingPapersSentOut(Schema):
    papers: int
    members: int
    late: list[int] = Field(description="晚于应送达日期的材料编号")
    message: str


class MeetingPaperReceiptOut(Schema):
    member_id: int
    name: str
    read_at: dt.datetime | None


# Shaping ----------------------------------------------------------------------------


def _meeting_out(meeting) -> dict:
    return {
        "id": meeting.pk,
        "title": str(meeting),
        "congress_id": meeting.standing_committee.term.congress_id,
        "standing_committee_id": meeting.standing_committee_id,
        "kind": meeting.kind,
        "number": meeting.number,
        "date": meeting.date,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "status": meeting.status,
        "url": reverse("meetings:detail", args=[meeting.pk]),
    }


def _paper_out(row) -> dict:
    paper = row.paper
    return {
        "id": paper.pk,
        "agenda_item_id": paper.agenda_item_id,
        "title": paper.title,
        "size": paper.size,
        "due_on": paper.due_on,
        "sent_at": paper.sent_at,
        "late": row.late,
        "read_count": row.read_count,
        "receipt_count": row.receipt_count,
        "read_at": row.read_at,
        "unread": row.unread,
        "url": reverse("meetings:paper", args=[paper.pk]),
    }


def _detail_out(user, pk: int) -> dict:
    detail = meeting_detail(user, pk)
    meeting = detail.meeting
    quorum = detail.quorum
    return {
        **_meeting_out(meeting),
        "agenda_text": meeting.agenda,
        "cancel_reason": meeting.cancel_reason,
        "opened_at": meeting.opened_at,
        "closed_at": meeting.closed_at,
        "agenda": [
            {
                "id": row.item.pk,
                "position": row.item.position,
                "kind": row.item.kind,
                "title": row.item.title,
                "reporter": row.item.reporter,
                "description": row.item.description,
                "subject": row.subject_value,
                "subject_label": row.subject_label,
                "subject_url": row.subject_url,
                "papers": [_paper_out(p) for p in row.papers],
                "votes": [v.__dict__ for v in row.votes],
            }
            for row in detail.agenda
        ],
        "other_votes": [v.__dict__ for v in detail.other_votes],
        "attendance": [
            {
                "member_id": row.member.pk,
                "name": row.name,
                "status": row.status,
                "status_label": row.status_label,
                "reason": row.reason,
                "method": row.method,
                "signed_in_at": row.signed_in_at,
            }
            for row in detail.attendance
        ],
        "quorum": {**quorum.__dict__, "text": quorum.text},
        "guests": [
            {
                "id": g.pk,
                "name": g.name,
                "organisation": g.organisation,
                "post": g.post,
                "attended": g.attended,
            }
            for g in detail.guests
        ],
        "timeline": [e.__dict__ for e in detail.timeline],
        "actions": detail.actions,
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


def _item(user, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        raise Http404
    get_managed_meeting(user, item.meeting_id)
    return item


def _guest(user, guest_id: int) -> MeetingGuest:
    guest = MeetingGuest.objects.select_related("meeting").filter(pk=guest_id).first()
    if guest is None:
        raise Http404
    get_managed_meeting(user, guest.meeting_id)
    return guest


# Meetings ------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[CommitteeMeetingOut], **READ_ERRORS},
    summary="会议列表",
    description="您所在人大的会议（工作人员、班子成员、组成人员），最新的在前；"
    "upcoming=true 只列即将召开的，最近的在前。其他角色 403。",
)
@paginate(PagePagination)
def meeting_list_api(request, filters: Query[CommitteeMeetingQuery]):
    if not can_use_meetings(request.auth):
        raise PermissionDenied("您无权查看会议。")
    return _Mapped(
        meeting_list(
            request.auth,
            MeetingFilters(
                congress=filters.congress,
                kind=str(filters.kind) if filters.kind else "",
                year=filters.year,
                status=str(filters.status) if filters.status else "",
                upcoming=filters.upcoming,
            ),
        ),
        _meeting_out,
    )


@router.post(
    "",
    response={201: CommitteeMeetingDetailOut, **CREATE_ERRORS},
    summary="新建会议（工作人员）",
    description="在该人大最新一届常委会（乡镇为主席团）下新建会议，会次不填取下一次。",
)
def meeting_create_api(request, payload: CommitteeMeetingIn):
    committee = (
        StandingCommittee.objects.select_related("term__congress")
        .filter(term__congress_id=payload.congress)
        .order_by("-term__number")
        .first()
    )
    if committee is None:
        raise invalid("该人大没有常委会（主席团）。", "congress")
    meeting = services.meeting_create(
        standing_committee=committee,
        kind=str(payload.kind),
        number=payload.number,
        date=payload.date,
        starts_at=payload.starts_at,
        place=payload.place,
        agenda=payload.agenda,
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, meeting.pk))


@router.get(
    "/{int:meeting_id}",
    response={200: CommitteeMeetingDetailOut, **DETAIL_ERRORS},
    summary="会议详情",
    description="议程（含材料和各项表决的状态与结果）、全体组成人员的出席情况（未登记的为未签到）、"
    "法定人数、列席人员、记录和您现在可以做的操作。",
)
def meeting_get(request, meeting_id: int = MeetingId):
    return _detail_out(request.auth, meeting_id)


@router.patch(
    "/{int:meeting_id}",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="修改会议（工作人员）",
    description="修改日期、开始时间、地点或议程说明；只在筹备中或会议进行中（开会后不能改日期）。",
)
def meeting_update_api(
    request, payload: CommitteeMeetingPatch, meeting_id: int = MeetingId
):
    meeting = get_managed_meeting(request.auth, meeting_id)
    sent = payload.model_fields_set
    services.meeting_update(
        meeting=meeting,
        date=payload.date,
        starts_at=payload.starts_at,
        clear_starts_at="starts_at" in sent and payload.starts_at is None,
        place=payload.place,
        agenda=payload.agenda,
        actor=request.auth,
    )
    return _detail_out(request.auth, meeting_id)


@router.get(
    "/{int:meeting_id}/quorum",
    response={200: MeetingQuorumOut, **DETAIL_ERRORS},
    summary="法定人数",
    description="出席人数、全体组成人员和开会所需人数（全体组成人员过半数）。",
)
def meeting_quorum(request, meeting_id: int = MeetingId):
    quorum = quorum_state(get_meeting_for_user(request.auth, meeting_id))
    return {**quorum.__dict__, "text": quorum.text}


@router.post(
    "/{int:meeting_id}/open",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="宣布开会（工作人员）",
    description="出席人数须超过全体组成人员的半数，否则 409 meetings.no_quorum。",
)
def meeting_open_api(request, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    services.meeting_open(meeting=meeting, actor=request.auth)
    return _detail_out(request.auth, meeting_id)


@router.post(
    "/{int:meeting_id}/close",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="宣布闭会（工作人员）",
    description="还有正在进行的表决时 409。",
)
def meeting_close_api(request, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    services.meeting_close(meeting=meeting, actor=request.auth)
    return _detail_out(request.auth, meeting_id)


@router.post(
    "/{int:meeting_id}/cancel",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="取消会议（工作人员）",
    description="开会前可以取消，须说明理由。",
)
def meeting_cancel_api(request, payload: MeetingCancelIn, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    services.meeting_cancel(meeting=meeting, reason=payload.reason, actor=request.auth)
    return _detail_out(request.auth, meeting_id)


# Agenda and guests ------------------------------------------------------------------


@router.post(
    "/{int:meeting_id}/agenda",
    response={201: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="添加议程（工作人员）",
    description="在议程末尾添加一项。",
)
def agenda_add_api(request, payload: MeetingAgendaItemIn, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    services.agenda_item_add(
        meeting=meeting,
        kind=str(payload.kind),
        title=payload.title,
        reporter=payload.reporter,
        description=payload.description,
        subject=payload.subject,
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, meeting_id))


@router.get(
    "/{int:meeting_id}/agenda/subjects",
    response={200: list[MeetingAgendaSubjectOut], **WRITE_ERRORS},
    summary="议程可关联的事项（工作人员）",
    description="该会议所属人大、该议程类别可关联的事项（最近的若干项）。",
)
def agenda_subjects_api(
    request,
    meeting_id: int = MeetingId,
    kind: AgendaKindIn = SubjectKind,
):
    meeting = get_managed_meeting(request.auth, meeting_id)
    return [
        {"value": value, "label": label}
        for value, label in agenda_subject_choices(meeting=meeting, kind=str(kind))
    ]


@router.patch(
    "/agenda/{int:item_id}",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="修改议程（工作人员）",
)
def agenda_update_api(request, payload: MeetingAgendaItemPatch, item_id: int = ItemId):
    item = _item(request.auth, item_id)
    services.agenda_item_update(
        item=item,
        kind=str(payload.kind) if payload.kind else None,
        title=payload.title,
        reporter=payload.reporter,
        description=payload.description,
        subject=payload.subject,
        actor=request.auth,
    )
    return _detail_out(request.auth, item.meeting_id)


@router.post(
    "/agenda/{int:item_id}/remove",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="删除议程（工作人员）",
    description="已有表决的议程不能删除（409）。",
)
def agenda_remove_api(request, item_id: int = ItemId):
    item = _item(request.auth, item_id)
    services.agenda_item_remove(item=item, actor=request.auth)
    return _detail_out(request.auth, item.meeting_id)


@router.post(
    "/agenda/{int:item_id}/move",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="调整议程顺序（工作人员）",
)
def agenda_move_api(request, payload: MeetingAgendaMoveIn, item_id: int = ItemId):
    item = _item(request.auth, item_id)
    services.agenda_item_move(
        item=item, direction=payload.direction, actor=request.auth
    )
    return _detail_out(request.auth, item.meeting_id)


@router.post(
    "/{int:meeting_id}/guests",
    response={201: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="登记列席人员（工作人员）",
    description="报告机关的列席人员；列席的代表见双联工作。",
)
def guest_add_api(request, payload: MeetingGuestIn, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    services.guest_add(
        meeting=meeting,
        name=payload.name,
        organisation=payload.organisation,
        post=payload.post,
        actor=request.auth,
    )
    return Status(201, _detail_out(request.auth, meeting_id))


@router.post(
    "/guests/{int:guest_id}/remove",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="撤销列席人员（工作人员）",
)
def guest_remove_api(request, guest_id: int = GuestId):
    guest = _guest(request.auth, guest_id)
    services.guest_remove(guest=guest, actor=request.auth)
    return _detail_out(request.auth, guest.meeting_id)


# Attendance ------------------------------------------------------------------------


@router.post(
    "/{int:meeting_id}/attendance",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="登记出席情况（工作人员）",
    description="登记组成人员出席、请假（须填事由）或缺席。",
)
def attendance_api(request, payload: MeetingAttendanceIn, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    member = (
        meeting.standing_committee.members.select_related("deputy")
        .filter(pk=payload.member)
        .first()
    )
    if member is None:
        raise invalid("该人员不是本届常委会组成人员。", "member")
    services.attendance_record(
        meeting=meeting,
        member=member,
        status=str(payload.status),
        reason=payload.reason,
        actor=request.auth,
    )
    return _detail_out(request.auth, meeting_id)


@router.post(
    "/{int:meeting_id}/sign-in",
    response={200: CommitteeMeetingDetailOut, **WRITE_ERRORS},
    summary="签到（组成人员）",
    description="组成人员在会议当天用手机签到；不是本次会议组成人员 403，不在会议当天 400。",
)
def sign_in_api(request, meeting_id: int = MeetingId):
    meeting = get_meeting_for_user(request.auth, meeting_id)
    services.meeting_sign_in(meeting=meeting, user=request.auth)
    return _detail_out(request.auth, meeting_id)


# Papers ----------------------------------------------------------------------------------


@router.get(
    "/{int:meeting_id}/papers",
    response={200: list[MeetingPaperOut], **DETAIL_ERRORS},
    summary="会议材料",
    description="工作人员看到全部材料及已读人数；组成人员看到已分发的材料及本人是否已读。"
    "下载（记录阅读回执）请用 url。",
)
def papers_api(request, meeting_id: int = MeetingId):
    meeting = get_meeting_for_user(request.auth, meeting_id)
    return [_paper_out(row) for row in paper_list(request.auth, meeting)]


@router.post(
    "/{int:meeting_id}/papers",
    response={201: MeetingPaperOut, **WRITE_ERRORS},
    summary="上传会议材料（工作人员，multipart/form-data）",
    description=f"字段 item（议程编号）、title（可不填）、file（{paper_services.ALLOWED_TEXT}）。"
    "应送达日期按议程类别计算（工作报告为会议举行七日前）。",
)
def paper_add_api(
    request,
    item: Form[Id],
    file: File[UploadedFile],
    title: str = Form("", max_length=200),
    meeting_id: int = MeetingId,
):
    meeting = get_managed_meeting(request.auth, meeting_id)
    agenda_item = meeting.agenda_items.filter(pk=item).first()
    if agenda_item is None:
        raise invalid("请选择本次会议的议程。", "item")
    paper = paper_services.paper_add(
        item=agenda_item, file=file, title=title, actor=request.auth
    )
    row = next(r for r in paper_list(request.auth, meeting) if r.paper.pk == paper.pk)
    return Status(201, _paper_out(row))


@router.post(
    "/{int:meeting_id}/papers/send",
    response={200: MeetingPapersSentOut, **WRITE_ERRORS},
    summary="分发会议材料（工作人员）",
    description="把未分发的材料发给全体在任组成人员（阅读回执和站内消息），并列出晚于应送达日期的材料；"
    "没有待分发的材料 409。",
)
def papers_send_api(request, meeting_id: int = MeetingId):
    meeting = get_managed_meeting(request.auth, meeting_id)
    sent = paper_services.papers_send(meeting=meeting, actor=request.auth)
    return {
        "papers": len(sent.papers),
        "members": sent.members,
        "late": [p.pk for p in sent.late],
        "message": sent.message,
    }


@router.get(
    "/papers/{int:paper_id}/receipts",
    response={200: list[MeetingPaperReceiptOut], **DETAIL_ERRORS},
    summary="材料阅读回执（工作人员）",
)
def paper_receipts_api(request, paper_id: int = PaperId):
    paper = get_paper_for_user(request.auth, paper_id)
    get_managed_meeting(request.auth, paper.agenda_item.meeting_id)
    return [
        {"member_id": r.member_id, "name": r.member.deputy.name, "read_at": r.read_at}
        for r in receipt_list(request.auth, paper)
    ]
