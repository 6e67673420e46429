"""/api/v1/liaison: 双联 records — contacts and logs, group activities, committee
meetings with observers, coordination meetings.

Lists are scoped to the user and paginated; writes go through the services. An
id in the path outside the user's scope answers 404; an id in the body that
the user may not see answers 422 naming the field; a broken rule 400 or 409.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from renda.congresses.models import CommitteeMember, Congress
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    ErrorOut,
    InvalidParameter,
    PagePagination,
)
from renda.deputies.selectors import deputies_visible_to, groups_visible_to
from renda.meetings.models import CommitteeMeeting

from .. import selectors, services
from ..models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)
from ..permissions import (
    can_browse_activities,
    can_confirm_late_entries,
    can_manage_any,
    can_manage_congress,
    can_manage_contacts_of,
    can_open_contacts,
    can_open_meeting,
    can_read_records,
    can_record_any_activity,
    can_record_group_activity,
)
from ..schemas import (
    ActivityIn,
    ActivityOut,
    ActivityQuery,
    AttendanceIn,
    ContactDetailOut,
    ContactEndIn,
    ContactIn,
    ContactLogIn,
    ContactLogOut,
    ContactLogQuery,
    ContactOut,
    ContactQuery,
    CoordinationIn,
    CoordinationOut,
    CoordinationQuery,
    InviteIn,
    LateConfirmIn,
    LateEntryOut,
    LateEntryQuery,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingQuery,
)
from ..selectors import (
    ActivityFilters,
    ContactFilters,
    CoordinationFilters,
    MeetingFilters,
    committee_meeting_list,
    committee_members_visible_to,
    congresses_managed_by,
    contact_logs_visible_to,
    contacts_visible_to,
    coordination_meeting_list,
    current_standing_committee,
    get_committee_meeting_for_user,
    get_contact_for_user,
    get_late_entry_for_user,
    group_activity_list,
    late_entry_list,
)

router = Router()

CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}
WRITE_ERRORS = {**DETAIL_ERRORS, 400: ErrorOut, 409: ErrorOut}
ContactId = Path(..., ge=1, le=MAX_ID, description="联系关系编号")
MeetingId = Path(..., ge=1, le=MAX_ID, description="常委会会议编号")
EntryId = Path(..., ge=1, le=MAX_ID, description="补录记录编号")


def _require(check, user, message: str) -> None:
    if not check(user):
        raise PermissionDenied(message)


def _one(queryset, pk: int, *, field: str, message: str):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidParameter(message, field=field)
    return found


def _many(queryset, ids: list[int], *, field: str, message: str) -> list:
    ids = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    if len(found) != len(ids):
        raise InvalidParameter(message, field=field)
    return [found[pk] for pk in ids]


class _WithDetail:
    """A record seen through its detail: the record's fields, plus the actions and
    the timeline the detail selector computed once."""

    def __init__(self, record, **extra):
        self._record = record
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._record, name)


def _contacts(queryset):
    return queryset.select_related("leader__deputy", "deputy").order_by(
        "leader_id", "deputy__stroke_key", "id"
    )


def _activities(queryset):
    return queryset.prefetch_related("attendees", "committee_members").select_related(
        "group"
    )


def _meetings(queryset):
    return queryset.select_related("standing_committee__term").prefetch_related(
        Prefetch(
            "observers",
            queryset=MeetingObserver.objects.select_related("deputy").order_by(
                "deputy__stroke_key", "id"
            ),
        )
    )


def _coordination(queryset):
    return queryset.select_related("congress").prefetch_related("participants")


# Contacts ------------------------------------------------------------------------


@router.get(
    "/contacts",
    response={200: list[ContactOut], **READ_ERRORS},
    summary="联系代表列表",
    description=(
        "常委会班子成员联系的代表：工作人员、领导看到本级人大的；班子成员看到本人的；"
        "代表看到与本人联系的班子成员。联络站、承办单位工作人员无权查看（403）。"
    ),
)
@paginate(PagePagination)
def contact_list(request, filters: Query[ContactQuery]):
    _require(can_open_contacts, request.auth, "您无权查看联系代表。")
    return selectors.contact_list(request.auth, ContactFilters(**filters.dict()))


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactDetailOut, **DETAIL_ERRORS},
    summary="联系关系详情",
    description="一条联系关系，以及您现在可以做的操作（actions）。范围外的 404。",
)
def contact_get(request, contact_id: int = ContactId):
    _require(can_open_contacts, request.auth, "您无权查看联系代表。")
    detail = selectors.contact_detail(request.auth, contact_id)
    return _WithDetail(detail.contact, actions=detail.actions, events=detail.events)


@router.post(
    "/contacts",
    response={201: ContactOut, **CREATE_ERRORS},
    summary="确定联系代表",
    description=(
        "为常委会班子成员（主任、副主任、秘书长）确定一名联系代表：本级人大或其区域内"
        "人大的在任代表。工作人员或班子成员本人可操作；同一代表已在联系中时 409。"
    ),
)
def contact_create(request, payload: ContactIn):
    user = request.auth
    _require(can_open_contacts, user, "您无权确定联系代表。")
    # Any committee member in scope: the service says clearly that a 委员 is
    # not a leadership member, rather than pretending the seat does not exist.
    leader = _one(
        committee_members_visible_to(user).select_related(
            "deputy", "standing_committee__term__congress__region"
        ),
        payload.leader,
        field="leader",
        message="该班子成员不存在或不在您的工作范围内。",
    )
    if not can_manage_contacts_of(user, leader):
        raise PermissionDenied("您无权为该班子成员确定联系代表。")
    deputy = _one(
        deputies_visible_to(user),
        payload.deputy,
        field="deputy",
        message="该代表不存在或不在您的工作范围内。",
    )
    contact = services.deputy_contact_assign(
        leader=leader, deputy=deputy, since=payload.since, actor=user
    )
    return Status(201, _contacts(DeputyContact.objects.filter(pk=contact.pk)).get())


@router.post(
    "/contacts/{contact_id}/end",
    response={200: ContactOut, **WRITE_ERRORS},
    summary="结束联系",
    description="结束班子成员与代表的联系（默认今天）。已结束的 409。",
)
def contact_end(request, payload: ContactEndIn, contact_id: int = ContactId):
    _require(can_open_contacts, request.auth, "您无权结束联系。")
    contact = get_contact_for_user(request.auth, contact_id)
    services.deputy_contact_end(
        contact=contact, until=payload.until, actor=request.auth
    )
    return _contacts(DeputyContact.objects.filter(pk=contact.pk)).get()


@router.get(
    "/contact-logs",
    response={200: list[ContactLogOut], **READ_ERRORS},
    summary="联系记录列表",
    description="您有权查看的联系关系下的联系记录（走访、电话、座谈），按日期倒序。",
)
@paginate(PagePagination)
def contact_log_list(request, filters: Query[ContactLogQuery]):
    _require(can_open_contacts, request.auth, "您无权查看联系记录。")
    queryset = contact_logs_visible_to(request.auth)
    if filters.contact:
        queryset = queryset.filter(contact_id=filters.contact)
    return queryset.order_by("-date", "-id")


@router.post(
    "/contact-logs",
    response={201: ContactLogOut, **CREATE_ERRORS},
    summary="记录一次联系",
    description=(
        "班子成员本人或工作人员记录一次联系及征集的意见建议；日期不能晚于今天。"
    ),
)
def contact_log_create(request, payload: ContactLogIn):
    user = request.auth
    _require(can_open_contacts, user, "您无权记录联系。")
    contact = _one(
        contacts_visible_to(user).select_related(
            "leader__deputy", "leader__standing_committee__term__congress", "deputy"
        ),
        payload.contact,
        field="contact",
        message="该联系关系不存在或不在您的工作范围内。",
    )
    log = services.contact_log_record(
        contact=contact,
        date=payload.date,
        kind=payload.kind.value,
        opinions=payload.opinions,
        actor=user,
    )
    return Status(201, ContactLog.objects.get(pk=log.pk))


# Group activities ----------------------------------------------------------------


@router.get(
    "/group-activities",
    response={200: list[ActivityOut], **READ_ERRORS},
    summary="代表小组活动列表",
    description=(
        "工作人员、领导看到本级人大代表小组的活动；联络站工作人员看到本站小组的；"
        "代表看到本人参加的和本人任组长的小组的；常委会组成人员看到本人参加的。"
    ),
)
@paginate(PagePagination)
def activity_list(request, filters: Query[ActivityQuery]):
    _require(can_browse_activities, request.auth, "您无权查看代表小组活动。")
    return group_activity_list(request.auth, ActivityFilters(**filters.dict()))


@router.post(
    "/group-activities",
    response={201: ActivityOut, **CREATE_ERRORS},
    summary="记录代表小组活动",
    description=(
        "工作人员、所在联络站工作人员或小组组长记录活动：参加代表须为小组成员，"
        "参加的常委会组成人员须为本级常委会的；日期不能晚于今天。"
    ),
)
def activity_create(request, payload: ActivityIn):
    user = request.auth
    _require(can_record_any_activity, user, "您无权记录代表小组活动。")
    group = _one(
        groups_visible_to(user).select_related("congress"),
        payload.group,
        field="group",
        message="该代表小组不存在或不在您的工作范围内。",
    )
    if not can_record_group_activity(user, group):
        raise PermissionDenied("您无权记录该代表小组的活动。")
    attendees = _many(
        group.members.all(),
        payload.attendees,
        field="attendees",
        message="参加代表中有不是本小组成员的代表。",
    )
    members = _many(
        CommitteeMember.objects.filter(
            standing_committee__term__congress_id=group.congress_id
        ).select_related("deputy", "standing_committee__term"),
        payload.committee_members,
        field="committee_members",
        message="参加的常委会组成人员中有不是本级常委会组成人员的。",
    )
    activity = services.group_activity_record(
        group=group,
        date=payload.date,
        topic=payload.topic,
        place=payload.place,
        attendees=attendees,
        committee_members=members,
        summary=payload.summary,
        actor=user,
    )
    return Status(201, _activities(GroupActivity.objects.filter(pk=activity.pk)).get())


# Committee meetings ----------------------------------------------------------------


@router.get(
    "/committee-meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    summary="常委会会议列表（含列席代表）",
    description=(
        "工作人员、领导看到本级人大常委会的会议；代表看到受邀列席的会议。"
        "meets_rule 表示列席代表是否达到规定人数。"
    ),
)
@paginate(PagePagination)
def meeting_list(request, filters: Query[MeetingQuery]):
    _require(can_open_meeting, request.auth, "您无权查看常委会会议。")
    return committee_meeting_list(request.auth, MeetingFilters(**filters.dict()))


@router.get(
    "/committee-meetings/{meeting_id}",
    response={200: MeetingDetailOut, **DETAIL_ERRORS},
    summary="常委会会议详情（含列席代表）",
    description="一次会议、列席代表，以及您现在可以做的操作（actions）。范围外的 404。",
)
def meeting_get(request, meeting_id: int = MeetingId):
    _require(can_open_meeting, request.auth, "您无权查看常委会会议。")
    detail = selectors.committee_meeting_detail(request.auth, meeting_id)
    return _WithDetail(detail.meeting, actions=detail.actions, events=detail.events)


@router.post(
    "/committee-meetings",
    response={201: MeetingOut, **CREATE_ERRORS},
    summary="登记常委会会议",
    description="工作人员登记本级人大现任常委会的会议（会次、日期、议程）；会次重复 409。",
)
def meeting_create(request, payload: MeetingIn):
    user = request.auth
    _require(can_manage_any, user, "只有常委会工作人员可以登记会议。")
    congress = _one(
        congresses_managed_by(user),
        payload.congress,
        field="congress",
        message="该人大不存在或不在您的工作范围内。",
    )
    committee = current_standing_committee(congress)
    if committee is None:
        raise InvalidParameter("该人大尚未登记常委会。", field="congress")
    meeting = services.committee_meeting_create(
        standing_committee=committee,
        number=payload.number,
        date=payload.date,
        agenda=payload.agenda,
        actor=user,
    )
    return Status(201, _meetings(CommitteeMeeting.objects.filter(pk=meeting.pk)).get())


@router.post(
    "/committee-meetings/{meeting_id}/observers",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="邀请列席代表",
    description="工作人员邀请本级人大的在任代表列席会议；已在名单中的 409。",
)
def meeting_invite(request, payload: InviteIn, meeting_id: int = MeetingId):
    user = request.auth
    _require(can_open_meeting, user, "您无权邀请列席代表。")
    meeting = get_committee_meeting_for_user(user, meeting_id)
    if not can_manage_congress(user, meeting.standing_committee.term.congress):
        raise PermissionDenied("只有本级常委会工作人员可以邀请列席代表。")
    deputies = _many(
        deputies_visible_to(user),
        payload.deputies,
        field="deputies",
        message="所选代表中有不存在或不在您工作范围内的代表。",
    )
    services.meeting_observers_invite(meeting=meeting, deputies=deputies, actor=user)
    return _meetings(CommitteeMeeting.objects.filter(pk=meeting.pk)).get()


@router.post(
    "/committee-meetings/{meeting_id}/attendance",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="登记列席代表出席情况",
    description="会后登记实际出席的列席代表，其余记为未出席；会前 400。",
)
def meeting_attendance(request, payload: AttendanceIn, meeting_id: int = MeetingId):
    user = request.auth
    _require(can_open_meeting, user, "您无权登记出席情况。")
    meeting = get_committee_meeting_for_user(user, meeting_id)
    services.meeting_attendance_record(
        meeting=meeting, attended_deputy_ids=payload.attended, actor=user
    )
    return _meetings(CommitteeMeeting.objects.filter(pk=meeting.pk)).get()


# Coordination meetings ------------------------------------------------------------


@router.get(
    "/coordination-meetings",
    response={200: list[CoordinationOut], **READ_ERRORS},
    summary="代表工作调度会列表",
    description="本级人大召集或参加的季度调度会。工作人员、领导可查看。",
)
@paginate(PagePagination)
def coordination_list(request, filters: Query[CoordinationQuery]):
    _require(can_read_records, request.auth, "您无权查看调度会。")
    return coordination_meeting_list(
        request.auth, CoordinationFilters(**filters.dict())
    )


@router.post(
    "/coordination-meetings",
    response={201: CoordinationOut, **CREATE_ERRORS},
    summary="登记代表工作调度会",
    description=(
        "工作人员登记本级人大的季度调度会：日期须在该季度内且不晚于今天，参会的为区域内"
        "或上级的其他级别人大；同一季度已登记的 409。"
    ),
)
def coordination_create(request, payload: CoordinationIn):
    user = request.auth
    _require(can_manage_any, user, "只有常委会工作人员可以登记调度会。")
    congress = _one(
        congresses_managed_by(user).select_related("region"),
        payload.congress,
        field="congress",
        message="该人大不存在或不在您的工作范围内。",
    )
    participants = _many(
        Congress.objects.all(),
        payload.participants,
        field="participants",
        message="参会人大中有不存在的人大。",
    )
    meeting = services.coordination_meeting_record(
        congress=congress,
        year=payload.year,
        quarter=payload.quarter,
        date=payload.date,
        participants=participants,
        minutes=payload.minutes,
        actor=user,
    )
    return Status(
        201, _coordination(CoordinationMeeting.objects.filter(pk=meeting.pk)).get()
    )


# Late entries (补录) ----------------------------------------------------------------


def _late_out(row) -> dict:
    return {
        "kind": row.kind,
        "id": row.entry.pk,
        "congress": row.congress.pk,
        "date": row.date,
        "label": row.label,
        "confirmed": row.confirmed,
        "reason": row.entry.late_reason,
        "actions": row.actions,
    }


@router.get(
    "/late-entries",
    response={200: list[LateEntryOut], **READ_ERRORS},
    summary="补录记录列表",
    description=(
        "本级人大在期间结束后才登记的记录（补录），默认只列待确认的。"
        "常委会工作人员可查看并确认。"
    ),
)
@paginate(PagePagination)
def late_entry_index(request, filters: Query[LateEntryQuery]):
    _require(can_confirm_late_entries, request.auth, "只有常委会工作人员可以确认补录。")
    rows = late_entry_list(request.auth, pending_only=not filters.all)
    return [_late_out(row) for row in rows]


@router.post(
    "/late-entries/{kind}/{entry_id}/confirm",
    response={200: LateEntryOut, **WRITE_ERRORS},
    summary="确认补录",
    description=(
        "常委会工作人员填写理由确认一条补录，确认后计入双联规则统计。"
        "kind：contact-log、group-activity、observer、coordination。已确认的 409。"
    ),
)
def late_entry_confirm(
    request, kind: str, payload: LateConfirmIn, entry_id: int = EntryId
):
    user = request.auth
    _require(can_confirm_late_entries, user, "只有常委会工作人员可以确认补录。")
    entry = get_late_entry_for_user(user, kind, entry_id)
    services.late_entry_confirm(
        kind=kind, entry=entry, reason=payload.reason, actor=user
    )
    [row] = [
        row
        for row in late_entry_list(user, pending_only=False)
        if row.kind == kind and row.entry.pk == entry.pk
    ]
    return _late_out(row)
