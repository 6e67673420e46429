"""Writes of meetings: create, agenda, attendance (sign-in), open with a quorum
of ALL members, close, cancel."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from renda.core.errors import Conflict
from renda.core.services import action_log_record
from renda.core.state import transition

from .. import events, hooks, rules
from ..choices import AgendaKind, Attendance, MeetingKind, MeetingStatus, SignInMethod
from ..models import AgendaItem, CommitteeMeeting, MeetingAttendance, MeetingGuest
from ..permissions import manages_congress, seat_of
from .common import clean_choice, clean_text, denied, invalid, now_or

Kind = events.Kind


def congress_of(meeting: CommitteeMeeting):
    return meeting.standing_committee.term.congress


def lock_meeting(meeting: CommitteeMeeting) -> CommitteeMeeting:
    """Lock the meeting's row for the rest of the transaction."""
    return CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)


def _check_manage(actor, meeting_or_committee) -> None:
    committee = getattr(
        meeting_or_committee, "standing_committee", meeting_or_committee
    )
    if not manages_congress(actor, committee.term.congress_id):
        raise denied()


@transaction.atomic
def meeting_create(
    *,
    standing_committee,
    kind: str = MeetingKind.STANDING,
    number: int | None = None,
    date: dt.date,
    place: str = "",
    starts_at: dt.time | None = None,
    agenda: str = "",
    actor,
) -> CommitteeMeeting:
    """Create a meeting, numbered within the term and kind (next number when not given)."""
    _check_manage(actor, standing_committee)
    kind = clean_choice(kind, MeetingKind, field="kind", label="会议类别")
    if not isinstance(date, dt.date):
        raise invalid("请填写会议日期。", "date")
    place = clean_text(
        place, field="place", label="地点", max_length=100, required=False
    )
    agenda = clean_text(
        agenda, field="agenda", label="议程", max_length=5000, required=False
    )
    existing = CommitteeMeeting.objects.select_for_update().filter(
        standing_committee=standing_committee, kind=kind
    )
    if number is None:
        number = (existing.aggregate(top=Max("number"))["top"] or 0) + 1
    elif not isinstance(number, int) or number < 1 or number > 999:
        raise invalid("会次应为1至999的整数。", "number")
    if existing.filter(number=number).exists():
        raise Conflict(
            f"本届已有第{number}次{MeetingKind(kind).label}。",
            code="meetings.duplicate_meeting",
            extra={"field": "number"},
        )
    try:
        with transaction.atomic():
            meeting = CommitteeMeeting.objects.create(
                standing_committee=standing_committee,
                kind=kind,
                number=number,
                date=date,
                place=place,
                starts_at=starts_at,
                agenda=agenda,
            )
    except IntegrityError as exc:
        raise Conflict(
            f"本届已有第{number}次{MeetingKind(kind).label}。",
            code="meetings.duplicate_meeting",
        ) from exc
    events.record_event(
        Kind.CREATED, events.Created(title=str(meeting)), meeting=meeting, actor=actor
    )
    action_log_record(
        actor=actor,
        action="meetings.meeting_create",
        target=meeting,
        summary=str(meeting),
    )
    return meeting


@transaction.atomic
def _clean_subject(meeting, kind: str, subject):
    """An agenda item's subject: an object from the code as it is; a chosen
    value (``<app_label>.<model>:<pk>``) only if it is one of the candidates of
    ``kind`` at ``meeting`` (see hooks); an empty value is no subject.
    """
    if subject is None or not isinstance(subject, str):
        return subject
    if not subject.strip():
        return None
    found = hooks.resolve_agenda_subject(meeting=meeting, kind=kind, value=subject)
    if found is None:
        raise invalid(
            "请选择有效的关联事项（subject）：该事项不属于本会议的人大或与议程类别不符。",
            "subject",
        )
    return found


def agenda_item_add(
    *,
    meeting: CommitteeMeeting,
    kind: str,
    title: str,
    description: str = "",
    reporter: str = "",
    subject=None,
    actor,
) -> AgendaItem:
    """Add an item at the end of a meeting's agenda, linked to what it decides."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="调整议程")
    kind = clean_choice(kind, AgendaKind, field="kind", label="议程类别")
    title = clean_text(title, field="title", label="议题", max_length=200)
    description = clean_text(
        description, field="description", label="说明", max_length=5000, required=False
    )
    reporter = clean_text(
        reporter, field="reporter", label="报告人", max_length=100, required=False
    )
    subject = _clean_subject(meeting, kind, subject)
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        kind=kind,
        title=title,
        description=description,
        reporter=reporter,
    )
    if subject is not None:
        item.subject = subject
    item.save()
    events.record_event(
        Kind.AGENDA_CHANGED,
        events.AgendaChanged(title=title, change="added"),
        meeting=meeting,
        actor=actor,
    )
    return item


def _record_attendance(
    meeting, member, *, status, reason, method, actor, now
) -> MeetingAttendance:
    row, _created = MeetingAttendance.objects.select_for_update().get_or_create(
        meeting=meeting, member=member, defaults={"status": status}
    )
    row.status = status
    row.reason = reason
    row.method = method if status == Attendance.PRESENT else ""
    row.signed_in_at = now if status == Attendance.PRESENT else None
    row.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    events.record_event(
        Kind.ATTENDANCE,
        events.AttendanceRecorded(
            member=member.deputy.name,
            status=Attendance(status).label,
            method=SignInMethod(method).label if method else "",
        ),
        meeting=meeting,
        actor=actor,
    )
    return row


@transaction.atomic
def attendance_record(
    *,
    meeting: CommitteeMeeting,
    member,
    status: str,
    reason: str = "",
    actor,
    now: dt.datetime | None = None,
) -> MeetingAttendance:
    """Record a member present, on leave (with a reason) or absent (staff)."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    transition(meeting, "attend", action="登记出席")
    status = clean_choice(status, Attendance, field="status", label="出席情况")
    if member.standing_committee_id != meeting.standing_committee_id:
        raise invalid("该人员不是本届常委会组成人员。", "member")
    if not rules.meeting_members(meeting).filter(pk=member.pk).exists():
        raise invalid("该人员在会议日期不在任。", "member")
    reason = clean_text(
        reason,
        field="reason",
        label="请假事由",
        max_length=200,
        required=status == Attendance.LEAVE,
    )
    return _record_attendance(
        meeting,
        member,
        status=status,
        reason=reason,
        method=SignInMethod.STAFF,
        actor=actor,
        now=now_or(now),
    )


@transaction.atomic
def meeting_sign_in(
    *, meeting: CommitteeMeeting, user, now: dt.datetime | None = None
) -> MeetingAttendance:
    """Sign a member in at the door, on their own phone, on the meeting's day."""
    meeting = lock_meeting(meeting)
    now = now_or(now)
    seat = seat_of(user, meeting.standing_committee, meeting.date)
    if seat is None or not rules.meeting_members(meeting).filter(pk=seat.pk).exists():
        raise denied("您不是本次会议的组成人员，不能签到。")
    transition(meeting, "attend", action="签到")
    if timezone.localdate(now) != meeting.date:
        raise invalid(
            f"只能在会议当天（{meeting.date:%Y年%-m月%-d日}）签到。",
            code="meetings.sign_in_day",
        )
    existing = MeetingAttendance.objects.filter(meeting=meeting, member=seat).first()
    if existing is not None and existing.status == Attendance.PRESENT:
        return existing
    return _record_attendance(
        meeting,
        seat,
        status=Attendance.PRESENT,
        reason="",
        method=SignInMethod.SELF,
        actor=user,
        now=now,
    )


def quorum_of(meeting: CommitteeMeeting) -> tuple[int, int]:
    """Return (members present, all members in office on the meeting's date)."""
    members = rules.meeting_members(meeting)
    present = MeetingAttendance.objects.filter(
        meeting=meeting, status=Attendance.PRESENT, member__in=members
    ).count()
    return present, members.count()


@transaction.atomic
def meeting_open(
    *, meeting: CommitteeMeeting, actor, now: dt.datetime | None = None
) -> CommitteeMeeting:
    """Open the meeting: only when more than half of ALL members are present."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    present, members = quorum_of(meeting)
    if not rules.quorum_met(present, members):
        raise Conflict(
            f"出席人数{present}人，未超过全体组成人员{members}人的半数"
            f"（至少需要{rules.quorum_needed(members)}人），不能开会。",
            code="meetings.no_quorum",
        )
    changed = transition(meeting, "open", action="宣布开会")
    meeting.opened_at = now_or(now)
    meeting.opened_present = present
    meeting.opened_members = members
    meeting.save(
        update_fields=[
            *changed,
            "opened_at",
            "opened_present",
            "opened_members",
            "updated_at",
        ]
    )
    events.record_event(
        Kind.OPENED,
        events.Opened(present=present, members=members),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.meeting_open",
        target=meeting,
        summary=f"{meeting} 开会",
    )
    return meeting


@transaction.atomic
def meeting_close(
    *, meeting: CommitteeMeeting, actor, now: dt.datetime | None = None
) -> CommitteeMeeting:
    """Close the meeting; its votes must be closed or withdrawn first."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    if meeting.votes.filter(status="OPEN").exists():
        raise Conflict("还有正在进行的表决，请先结束表决。", code="meetings.votes_open")
    changed = transition(meeting, "close", action="宣布闭会")
    meeting.closed_at = now_or(now)
    meeting.save(update_fields=[*changed, "closed_at", "updated_at"])
    events.record_event(Kind.CLOSED, events.Closed(), meeting=meeting, actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.meeting_close",
        target=meeting,
        summary=f"{meeting} 闭会",
    )
    return meeting


@transaction.atomic
def meeting_cancel(
    *, meeting: CommitteeMeeting, reason: str, actor
) -> CommitteeMeeting:
    """Cancel a meeting that has not opened, with a reason."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    reason = clean_text(reason, field="reason", label="取消理由", max_length=500)
    changed = transition(meeting, "cancel", action="取消")
    meeting.cancel_reason = reason
    meeting.save(update_fields=[*changed, "cancel_reason", "updated_at"])
    events.record_event(
        Kind.CANCELLED, events.Cancelled(reason=reason), meeting=meeting, actor=actor
    )
    return meeting


# mt-pages: editing a meeting, its agenda and its guests ------------------------------


@transaction.atomic
def meeting_update(
    *,
    meeting: CommitteeMeeting,
    date: dt.date | None = None,
    starts_at: dt.time | None = None,
    place: str | None = None,
    agenda: str | None = None,
    clear_starts_at: bool = False,
    actor,
) -> CommitteeMeeting:
    """Change a planned or open meeting's date, time, place or agenda text."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="修改")
    changed: list[str] = []
    labels: list[str] = []
    if date is not None:
        if not isinstance(date, dt.date):
            raise invalid("请填写会议日期。", "date")
        if meeting.status != MeetingStatus.PLANNED and date != meeting.date:
            raise Conflict(
                "会议已开始，不能修改日期。", code="meetings.meeting_started"
            )
        if date != meeting.date:
            meeting.date = date
            changed.append("date")
            labels.append("日期")
    if clear_starts_at or starts_at is not None:
        if starts_at is not None and not isinstance(starts_at, dt.time):
            raise invalid("开始时间无效。", "starts_at")
        if starts_at != meeting.starts_at:
            meeting.starts_at = starts_at
            changed.append("starts_at")
            labels.append("开始时间")
    if place is not None:
        place = clean_text(
            place, field="place", label="地点", max_length=100, required=False
        )
        if place != meeting.place:
            meeting.place = place
            changed.append("place")
            labels.append("地点")
    if agenda is not None:
        agenda = clean_text(
            agenda, field="agenda", label="议程", max_length=5000, required=False
        )
        if agenda != meeting.agenda:
            meeting.agenda = agenda
            changed.append("agenda")
            labels.append("议程")
    if not changed:
        return meeting
    meeting.save(update_fields=[*changed, "updated_at"])
    events.record_event(
        Kind.EDITED, events.Edited(fields=labels), meeting=meeting, actor=actor
    )
    action_log_record(
        actor=actor,
        action="meetings.meeting_update",
        target=meeting,
        summary=f"{meeting} 修改{'、'.join(labels)}",
    )
    return meeting


def _editable_item(item: AgendaItem, actor) -> tuple[CommitteeMeeting, AgendaItem]:
    meeting = lock_meeting(item.meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="调整议程")
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    return meeting, item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    kind: str | None = None,
    title: str | None = None,
    description: str | None = None,
    reporter: str | None = None,
    subject=None,
    actor,
) -> AgendaItem:
    """Change an agenda item's kind, title, description, reporter or subject
    (``subject``: a chosen value, ``""`` to unlink; ``None`` leaves it)."""
    meeting, item = _editable_item(item, actor)
    changed = []
    if kind is not None:
        item.kind = clean_choice(kind, AgendaKind, field="kind", label="议程类别")
        changed.append("kind")
    if title is not None:
        item.title = clean_text(title, field="title", label="议题", max_length=200)
        changed.append("title")
    if description is not None:
        item.description = clean_text(
            description,
            field="description",
            label="说明",
            max_length=5000,
            required=False,
        )
        changed.append("description")
    if reporter is not None:
        item.reporter = clean_text(
            reporter, field="reporter", label="报告人", max_length=100, required=False
        )
        changed.append("reporter")
    if subject is not None:
        found = _clean_subject(meeting, item.kind, subject)
        item.subject_type = None
        item.subject_id = None
        if found is not None:
            item.subject = found
        changed += ["subject_type", "subject_id"]
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        events.record_event(
            Kind.AGENDA_CHANGED,
            events.AgendaChanged(title=item.title, change="edited"),
            meeting=meeting,
            actor=actor,
        )
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    """Remove an agenda item that has no vote; the items after it move up."""
    meeting, item = _editable_item(item, actor)
    if item.votes.exists():
        raise Conflict(
            "该议程已有表决，不能删除。", code="meetings.agenda_item_has_votes"
        )
    title = item.title
    position = item.position
    for paper in item.papers.all():
        if paper.file:
            paper.file.delete(save=False)
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by(
        "position"
    ):
        later.position -= 1
        later.save(update_fields=["position", "updated_at"])
    events.record_event(
        Kind.AGENDA_CHANGED,
        events.AgendaChanged(title=title, change="removed"),
        meeting=meeting,
        actor=actor,
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor) -> AgendaItem:
    """Move an agenda item one place up or down ("up" / "down")."""
    meeting, item = _editable_item(item, actor)
    if direction not in ("up", "down"):
        raise invalid("请选择上移或下移。", "direction")
    items = list(meeting.agenda_items.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if direction == "up" else index + 1
    if swap < 0 or swap >= len(items):
        raise invalid(
            "已是第一项。" if direction == "up" else "已是最后一项。", "direction"
        )
    items[index], items[swap] = items[swap], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position", "updated_at"])
    events.record_event(
        Kind.AGENDA_CHANGED,
        events.AgendaChanged(title=item.title, change="moved"),
        meeting=meeting,
        actor=actor,
    )
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def guest_add(
    *, meeting: CommitteeMeeting, name: str, organisation: str, post: str = "", actor
) -> MeetingGuest:
    """Invite an official of a reporting body to observe (列席)."""
    meeting = lock_meeting(meeting)
    _check_manage(actor, meeting)
    transition(meeting, "edit", action="登记列席人员")
    guest = MeetingGuest.objects.create(
        meeting=meeting,
        name=clean_text(name, field="name", label="姓名", max_length=50),
        organisation=clean_text(
            organisation, field="organisation", label="单位", max_length=100
        ),
        post=clean_text(
            post, field="post", label="职务", max_length=100, required=False
        ),
    )
    events.record_event(
        Kind.EDITED,
        events.Edited(fields=[f"列席人员：{guest.organisation} {guest.name}"]),
        meeting=meeting,
        actor=actor,
    )
    return guest


def _editable_guest(guest: MeetingGuest, actor, verb: str):
    meeting = lock_meeting(guest.meeting)
    _check_manage(actor, meeting)
    transition(meeting, verb, action="登记列席人员")
    return meeting, MeetingGuest.objects.select_for_update().get(pk=guest.pk)


@transaction.atomic
def guest_remove(*, guest: MeetingGuest, actor) -> None:
    """Remove an invited guest."""
    meeting, guest = _editable_guest(guest, actor, "edit")
    label = f"撤销列席：{guest.organisation} {guest.name}"
    guest.delete()
    events.record_event(
        Kind.EDITED, events.Edited(fields=[label]), meeting=meeting, actor=actor
    )


@transaction.atomic
def guest_mark(*, guest: MeetingGuest, attended: bool, actor) -> MeetingGuest:
    """Record whether a guest attended."""
    meeting, guest = _editable_guest(guest, actor, "attend")
    if not isinstance(attended, bool):
        raise invalid("请选择是否出席。", "attended")
    guest.attended = attended
    guest.save(update_fields=["attended", "updated_at"])
    return guest


__all__ = [
    "MeetingStatus",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "attendance_record",
    "guest_add",
    "guest_mark",
    "guest_remove",
    "congress_of",
    "lock_meeting",
    "meeting_cancel",
    "meeting_close",
    "meeting_create",
    "meeting_open",
    "meeting_sign_in",
    "meeting_update",
    "quorum_of",
]
