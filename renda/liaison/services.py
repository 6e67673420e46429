"""Writes of 双联 records: contacts and their logs, group activities, committee
meetings with their observers, coordination meetings.

Each service checks permission first (``PermissionDenied``), then the input
(``ApplicationError`` naming the field, or ``Conflict`` for a duplicate),
writes in one transaction and records one audit row; notices to the people a
write concerns are scheduled with ``transaction.on_commit`` (``notices.py``),
so a rolled-back write tells nobody. Services that depend on the date take
``today`` (default: the site's date) so that tests pass it.

A record written after its period closed (``rules.*_is_late``) is kept and
marked late (补录); it counts towards the rules once committee staff confirm it
with a reason (``late_entry_confirm``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.congresses.models import CommitteeMember, Congress, StandingCommittee
from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.core.services import action_log_record
from renda.deputies.models import Deputy, DeputyGroup
from renda.meetings.choices import MeetingKind
from renda.meetings.models import CommitteeMeeting

from . import events, notices, rules
from .choices import ContactKind, LateEntryKind, Quarter
from .models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)
from .permissions import (
    can_confirm_late_entry_of,
    can_log_contact,
    can_manage_congress,
    can_manage_contacts_of,
    can_record_group_activity,
)
from .selectors import (
    LATE_CONGRESS,
    LATE_MODELS,
    coordination_participant_choices,
    eligible_contact_deputies,
    eligible_observer_deputies,
)

TOPIC_MAX_LENGTH = 200
PLACE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000
AGENDA_MAX_LENGTH = 5000
MINUTES_MAX_LENGTH = 20000
MAX_MEETING_NUMBER = 32767
LATE_REASON_MAX_LENGTH = 500


# Errors and helpers -----------------------------------------------------------


def _denied(message: str = "您没有权限办理此事项。") -> PermissionDenied:
    return PermissionDenied(message, code="liaison.forbidden")


def _bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="liaison.invalid", field=field)


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _text(
    value: object, *, field: str, label: str, max_length: int, required: bool = True
) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise _bad(f"请填写{label}。", field)
    if len(text) > max_length:
        raise _bad(f"{label}不能超过 {max_length} 个字。", field)
    return text


def _date(value: object, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _bad(f"请填写{label}（格式 YYYY-MM-DD）。", field)
    return value


def _not_future(value: dt.date, *, today: dt.date, field: str, label: str) -> None:
    if value > today:
        raise _bad(f"{label}不能晚于今天（{today:%Y-%m-%d}）。", field)


def _congress_of(member: CommitteeMember) -> Congress:
    return member.standing_committee.term.congress


# Contacts (联系代表) ------------------------------------------------------------


def deputy_contact_assign(
    *,
    leader: CommitteeMember,
    deputy: Deputy,
    actor,
    since: dt.date | None = None,
    today: dt.date | None = None,
) -> DeputyContact:
    """Put a deputy in a leadership member's steady contact from ``since`` (today)."""
    today = _today(today)
    if not can_manage_contacts_of(actor, leader):
        raise _denied()
    if not leader.is_leadership:
        raise _bad(
            f"{leader.deputy.name}（{leader.get_role_display()}）不是常委会班子成员，"
            "只有主任、副主任、秘书长联系代表。",
            "leader",
        )
    since = _date(
        since if since is not None else today, field="since", label="开始日期"
    )
    _not_future(since, today=today, field="since", label="开始联系日期")
    congress = _congress_of(leader)
    if not eligible_contact_deputies(leader).filter(pk=deputy.pk).exists():
        raise _bad(
            f"{deputy.name}不是{congress.name}或其区域内人大的在任代表，不能作为联系代表。",
            "deputy",
        )
    with transaction.atomic():
        existing = (
            DeputyContact.objects.select_for_update()
            .filter(leader=leader, deputy=deputy, until__isnull=True)
            .first()
        )
        if existing is not None:
            raise Conflict(
                f"{deputy.name}已是{leader.deputy.name}的联系代表"
                f"（自 {existing.since:%Y-%m-%d} 起），不能重复添加。",
                code="liaison.duplicate_contact",
                field="deputy",
            )
        try:
            with transaction.atomic():
                contact = DeputyContact.objects.create(
                    leader=leader, deputy=deputy, since=since
                )
        except IntegrityError:
            raise Conflict(
                f"{deputy.name}已是{leader.deputy.name}的联系代表，不能重复添加。",
                code="liaison.duplicate_contact",
                field="deputy",
            ) from None
        action_log_record(
            actor=actor,
            action="liaison.contact_assign",
            target=contact,
            summary=f"{leader.deputy.name} 联系代表 {deputy.name}",
            data={"leader": leader.pk, "deputy": deputy.pk, "since": str(since)},
        )
        events.contact_assigned_event(contact=contact, actor=actor)
        notices.schedule(notices.contact_assigned, contact)
    return contact


def deputy_contact_end(
    *,
    contact: DeputyContact,
    actor,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> DeputyContact:
    """End a leader's contact with a deputy on ``until`` (today)."""
    today = _today(today)
    if not can_manage_contacts_of(actor, contact.leader):
        raise _denied()
    until = _date(
        until if until is not None else today, field="until", label="结束日期"
    )
    _not_future(until, today=today, field="until", label="结束联系日期")
    with transaction.atomic():
        locked = DeputyContact.objects.select_for_update().get(pk=contact.pk)
        if locked.until is not None:
            raise Conflict(
                f"该联系已于 {locked.until:%Y-%m-%d} 结束。",
                code="liaison.contact_ended",
            )
        if until < locked.since:
            raise _bad(
                f"结束联系日期不能早于开始联系日期（{locked.since:%Y-%m-%d}）。",
                "until",
            )
        locked.until = until
        locked.save(update_fields=["until", "updated_at"])
        action_log_record(
            actor=actor,
            action="liaison.contact_end",
            target=locked,
            summary=f"{contact.leader.deputy.name} 结束联系 {contact.deputy.name}",
            data={"until": str(until)},
        )
        events.contact_ended_event(contact=locked, until=until, actor=actor)
    contact.until = until
    return locked


@transaction.atomic
def contact_log_record(
    *,
    contact: DeputyContact,
    date: dt.date,
    kind: str,
    actor,
    opinions: str = "",
    today: dt.date | None = None,
) -> ContactLog:
    """Log one contact made with a deputy (visit, call, meeting) and the opinions."""
    today = _today(today)
    if not can_log_contact(actor, contact):
        raise _denied()
    # Read the contact afresh under a lock: it may have just been ended.
    contact = DeputyContact.objects.select_for_update().get(pk=contact.pk)
    date = _date(date, field="date", label="联系日期")
    _not_future(date, today=today, field="date", label="联系日期")
    if date < contact.since:
        raise _bad(
            f"联系日期不能早于开始联系日期（{contact.since:%Y-%m-%d}）。", "date"
        )
    if contact.until is not None and date > contact.until:
        raise _bad(
            f"该联系已于 {contact.until:%Y-%m-%d} 结束，联系日期不能晚于结束日期。",
            "date",
        )
    if kind not in ContactKind.values:
        raise _bad("请选择联系方式（走访、电话、座谈或其他）。", "kind")
    opinions = _text(
        opinions,
        field="opinions",
        label="征集的意见建议",
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    with transaction.atomic():
        late = rules.contact_log_is_late(date, today=today)
        log = ContactLog.objects.create(
            contact=contact,
            date=date,
            kind=kind,
            opinions=opinions,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            late=late,
        )
        action_log_record(
            actor=actor,
            action="liaison.contact_log",
            target=log,
            summary=(
                f"{contact.leader.deputy.name} {ContactKind(kind).label}"
                f" {contact.deputy.name}" + ("（补录）" if late else "")
            ),
            data={
                "contact": contact.pk,
                "date": str(date),
                "kind": kind,
                "late": late,
            },
        )
        events.contact_logged_event(log=log, actor=actor)
        if late:
            notices.schedule(notices.late_entry_recorded, log)
    return log


# Group activities (代表小组活动) -------------------------------------------------


def group_activity_record(
    *,
    group: DeputyGroup,
    date: dt.date,
    topic: str,
    actor,
    place: str = "",
    attendees: Iterable[Deputy] = (),
    committee_members: Iterable[CommitteeMember] = (),
    summary: str = "",
    today: dt.date | None = None,
) -> GroupActivity:
    """Record an activity of a deputy group: who attended, which committee members joined."""
    today = _today(today)
    if not can_record_group_activity(actor, group):
        raise _denied("您无权记录该代表小组的活动。")
    date = _date(date, field="date", label="活动日期")
    _not_future(date, today=today, field="date", label="活动日期")
    topic = _text(topic, field="topic", label="活动主题", max_length=TOPIC_MAX_LENGTH)
    place = _text(
        place, field="place", label="地点", max_length=PLACE_MAX_LENGTH, required=False
    )
    summary = _text(
        summary,
        field="summary",
        label="活动情况",
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    attendees = list(dict.fromkeys(attendees))
    member_ids = set(group.members.values_list("pk", flat=True))
    strangers = [d.name for d in attendees if d.pk not in member_ids]
    if strangers:
        raise _bad(
            f"{'、'.join(strangers)}不是{group.name}的成员，不能作为参加代表。",
            "attendees",
        )
    committee_members = list(dict.fromkeys(committee_members))
    outsiders = [
        m.deputy.name
        for m in committee_members
        if m.standing_committee.term.congress_id != group.congress_id
    ]
    if outsiders:
        raise _bad(
            f"{'、'.join(outsiders)}不是{group.congress.name}常委会组成人员。",
            "committee_members",
        )
    late = rules.group_activity_is_late(date, today=today)
    with transaction.atomic():
        activity = GroupActivity.objects.create(
            group=group,
            date=date,
            topic=topic,
            place=place,
            summary=summary,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            late=late,
        )
        activity.attendees.set(attendees)
        activity.committee_members.set(committee_members)
        action_log_record(
            actor=actor,
            action="liaison.group_activity_record",
            target=activity,
            summary=f"{group.name} {date:%Y-%m-%d} {topic}",
            data={
                "group": group.pk,
                "attendees": [d.pk for d in attendees],
                "committee_members": [m.pk for m in committee_members],
                "late": late,
            },
        )
        notices.schedule(notices.group_activity_recorded, activity)
        if late:
            notices.schedule(notices.late_entry_recorded, activity)
    return activity


# Committee meetings and observers (列席) ------------------------------------------


def committee_meeting_create(
    *,
    standing_committee: StandingCommittee,
    number: int,
    date: dt.date,
    agenda: str,
    actor,
) -> CommitteeMeeting:
    """Create a meeting of the standing committee (第N次会议) with its agenda."""
    congress = standing_committee.term.congress
    if not can_manage_congress(actor, congress):
        raise _denied()
    if (
        not isinstance(number, int)
        or isinstance(number, bool)
        or not 1 <= number <= MAX_MEETING_NUMBER
    ):
        raise _bad("会次必须是正整数。", "number")
    date = _date(date, field="date", label="会议日期")
    agenda = _text(
        agenda, field="agenda", label="会议议程", max_length=AGENDA_MAX_LENGTH
    )
    duplicate = Conflict(
        f"{standing_committee}第{number}次会议已经登记，请核对会次。",
        code="liaison.duplicate_meeting",
        field="number",
    )
    if CommitteeMeeting.objects.filter(
        standing_committee=standing_committee, kind=MeetingKind.STANDING, number=number
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            meeting = CommitteeMeeting.objects.create(
                standing_committee=standing_committee,
                number=number,
                date=date,
                agenda=agenda,
            )
            action_log_record(
                actor=actor,
                action="liaison.meeting_create",
                target=meeting,
                summary=str(meeting),
                data={"date": str(date)},
            )
            events.meeting_created_event(meeting=meeting, actor=actor)
    except IntegrityError:
        raise duplicate from None
    return meeting


def meeting_observers_invite(
    *,
    meeting: CommitteeMeeting,
    deputies: Iterable[Deputy],
    actor,
    now: dt.datetime | None = None,
) -> list[MeetingObserver]:
    """Invite deputies to attend a committee meeting as observers (列席)."""
    congress = meeting.standing_committee.term.congress
    if not can_manage_congress(actor, congress):
        raise _denied()
    deputies = list(dict.fromkeys(deputies))
    if not deputies:
        raise _bad("请选择要邀请列席的代表。", "deputies")
    eligible = set(
        eligible_observer_deputies(meeting)
        .filter(pk__in=[d.pk for d in deputies])
        .values_list("pk", flat=True)
    )
    outsiders = [d.name for d in deputies if d.pk not in eligible]
    if outsiders:
        raise _bad(
            f"{'、'.join(outsiders)}不是{congress.name}的在任代表，不能邀请列席。",
            "deputies",
        )
    now = now or timezone.now()
    late = rules.observer_invite_is_late(meeting.date, today=timezone.localdate(now))
    with transaction.atomic():
        CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
        already = set(
            meeting.observers.filter(deputy__in=deputies).values_list(
                "deputy_id", flat=True
            )
        )
        repeated = [d.name for d in deputies if d.pk in already]
        if repeated:
            raise Conflict(
                f"{'、'.join(repeated)}已在列席名单中。",
                code="liaison.duplicate_observer",
                field="deputies",
            )
        observers = MeetingObserver.objects.bulk_create(
            [
                MeetingObserver(meeting=meeting, deputy=d, invited_at=now, late=late)
                for d in deputies
            ]
        )
        action_log_record(
            actor=actor,
            action="liaison.observers_invite",
            target=meeting,
            summary=(
                f"{meeting} 邀请列席：{'、'.join(d.name for d in deputies)}"
                + ("（会后补录）" if late else "")
            ),
            data={"deputies": [d.pk for d in deputies], "late": late},
        )
        events.observers_invited_event(
            meeting=meeting, deputies=deputies, late=late, actor=actor
        )
        for observer in observers:
            notices.schedule(notices.observer_invited, observer)
            if late:
                notices.schedule(notices.late_entry_recorded, observer)
    return observers


@transaction.atomic
def meeting_observer_remove(*, observer: MeetingObserver, actor) -> None:
    """Withdraw an invitation before attendance is recorded."""
    meeting = observer.meeting
    if not can_manage_congress(actor, meeting.standing_committee.term.congress):
        raise _denied()
    # Lock the row: attendance recorded at the same moment must win.
    observer = (
        MeetingObserver.objects.select_for_update()
        .select_related("deputy")
        .get(pk=observer.pk)
    )
    if observer.attended is not None:
        raise Conflict(
            f"{observer.deputy.name}的出席情况已登记，不能撤销邀请。",
            code="liaison.observer_recorded",
        )
    with transaction.atomic():
        action_log_record(
            actor=actor,
            action="liaison.observer_remove",
            target=meeting,
            summary=f"{meeting} 撤销列席邀请：{observer.deputy.name}",
            data={"deputy": observer.deputy_id},
        )
        events.observer_removed_event(
            meeting=meeting, deputy=observer.deputy, actor=actor
        )
        observer.delete()


def meeting_attendance_record(
    *,
    meeting: CommitteeMeeting,
    attended_deputy_ids: Iterable[int],
    actor,
    today: dt.date | None = None,
) -> list[MeetingObserver]:
    """Record after the meeting which invited observers attended; the others did not."""
    today = _today(today)
    if not can_manage_congress(actor, meeting.standing_committee.term.congress):
        raise _denied()
    if meeting.date > today:
        raise _bad(
            f"会议定于 {meeting.date:%Y-%m-%d} 召开，会后才能登记出席情况。",
            "attended",
        )
    attended = set(attended_deputy_ids)
    with transaction.atomic():
        observers = list(
            MeetingObserver.objects.select_for_update()
            .filter(meeting=meeting)
            .select_related("deputy")
        )
        if not observers:
            raise _bad("该会议还没有邀请列席代表。", "attended")
        invited = {o.deputy_id for o in observers}
        if attended - invited:
            raise _bad("出席名单中有未被邀请列席的代表。", "attended")
        for observer in observers:
            observer.attended = observer.deputy_id in attended
        MeetingObserver.objects.bulk_update(observers, ["attended", "updated_at"])
        action_log_record(
            actor=actor,
            action="liaison.attendance_record",
            target=meeting,
            summary=f"{meeting} 列席代表出席 {len(attended)}/{len(observers)} 名",
            data={"attended": sorted(attended)},
        )
        events.attendance_recorded_event(
            meeting=meeting,
            attended=len(attended),
            invited=len(observers),
            actor=actor,
        )
    return observers


# Coordination meetings (工作调度会) ----------------------------------------------


def coordination_meeting_record(
    *,
    congress: Congress,
    year: int,
    quarter: int,
    date: dt.date,
    actor,
    participants: Iterable[Congress] = (),
    minutes: str = "",
    today: dt.date | None = None,
) -> CoordinationMeeting:
    """Record a congress's quarterly coordination meeting with the levels present."""
    today = _today(today)
    if not can_manage_congress(actor, congress):
        raise _denied()
    if quarter not in Quarter.values:
        raise _bad("季度必须是 1 至 4。", "quarter")
    if not isinstance(year, int) or not 1949 <= year <= today.year:
        raise _bad(f"年度必须在 1949 至 {today.year} 之间。", "year")
    date = _date(date, field="date", label="会议日期")
    _not_future(date, today=today, field="date", label="会议日期")
    if date.year != year or (date.month - 1) // 3 + 1 != quarter:
        raise _bad(
            f"会议日期 {date:%Y-%m-%d} 不在{year}年{Quarter(quarter).label}内。", "date"
        )
    minutes = _text(
        minutes,
        field="minutes",
        label="会议纪要",
        max_length=MINUTES_MAX_LENGTH,
        required=False,
    )
    participants = list(dict.fromkeys(participants))
    allowed = set(
        coordination_participant_choices(congress).values_list("pk", flat=True)
    )
    strangers = [c.name for c in participants if c.pk not in allowed]
    if strangers:
        raise _bad(
            f"{'、'.join(strangers)}不是{congress.name}区域内或上级的其他级别人大。",
            "participants",
        )
    with transaction.atomic():
        Congress.objects.select_for_update().get(pk=congress.pk)
        if CoordinationMeeting.objects.filter(
            congress=congress, year=year, quarter=quarter
        ).exists():
            raise Conflict(
                f"{congress.name}{year}年{Quarter(quarter).label}的调度会已经登记。",
                code="liaison.duplicate_coordination",
                field="quarter",
            )
        late = rules.coordination_is_late(year, quarter, today=today)
        meeting = CoordinationMeeting.objects.create(
            congress=congress,
            year=year,
            quarter=quarter,
            date=date,
            minutes=minutes,
            late=late,
        )
        meeting.participants.set(participants)
        action_log_record(
            actor=actor,
            action="liaison.coordination_record",
            target=meeting,
            summary=str(meeting) + ("（补录）" if late else ""),
            data={"participants": [c.pk for c in participants], "late": late},
        )
        if late:
            notices.schedule(notices.late_entry_recorded, meeting)
    return meeting


# Late entries (补录) ---------------------------------------------------------------


def _late_congress(kind: str, entry) -> Congress:
    congress = entry
    for part in LATE_CONGRESS[kind].split("__"):
        congress = getattr(congress, part)
    return congress


@transaction.atomic
def late_entry_confirm(*, kind: str, entry, reason: str, actor):
    """Confirm a late entry (补录) with a reason, so that the rules count it."""
    if kind not in LATE_MODELS:
        raise _bad("补录记录的类别无效。", "kind")
    if not can_confirm_late_entry_of(actor, _late_congress(kind, entry)):
        raise _denied("只有本级常委会工作人员可以确认补录。")
    reason = _text(
        reason, field="reason", label="确认理由", max_length=LATE_REASON_MAX_LENGTH
    )
    locked = LATE_MODELS[kind].objects.select_for_update().get(pk=entry.pk)
    if not locked.late:
        raise Conflict("该记录不是补录，无需确认。", code="liaison.not_late")
    if locked.late_confirmed_at is not None:
        raise Conflict(
            f"该补录已于 {timezone.localtime(locked.late_confirmed_at):%Y-%m-%d} 确认。",
            code="liaison.late_confirmed",
        )
    locked.late_reason = reason
    locked.late_confirmed_by = actor
    locked.late_confirmed_at = timezone.now()
    locked.save(
        update_fields=[
            "late_reason",
            "late_confirmed_by",
            "late_confirmed_at",
            "updated_at",
        ]
    )
    action_log_record(
        actor=actor,
        action="liaison.late_entry_confirm",
        target=locked,
        summary=f"确认补录：{LateEntryKind(kind).label}，理由：{reason}",
        data={"kind": kind, "reason": reason},
    )
    events.late_entry_confirmed_event(
        kind=kind, entry=locked, reason=reason, actor=actor
    )
    return locked
