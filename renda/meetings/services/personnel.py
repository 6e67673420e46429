"""Writes of appointments and removals (任免): propose, edit, withdraw before the
vote, put to the vote (person by person, or several uncontested ones together),
and the constitutional oath (宪法宣誓) of those appointed.

The vote itself is the engine's (services/votes.py): opening or entering a
tally moves the appointments to VOTING, closing adopts or rejects them
(``_apply_personnel``), withdrawing a draft vote withdraws them. A removal is
voted before the appointment to the same post: refused here when an
appointment is put to the vote, and again by the engine when a vote opens.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from renda.core.errors import Conflict
from renda.core.services import action_log_record
from renda.core.state import transition

from .. import events
from ..choices import (
    MeetingStatus,
    PersonnelKind,
    PersonnelStatus,
    VoteKind,
    VoteMode,
    VoteStatus,
)
from ..models import Appointment, CommitteeMeeting, Oath, Vote
from ..permissions import manages_congress
from .common import clean_choice, clean_text, denied, invalid
from .votes import lock_vote, vote_create, vote_withdraw

Kind = events.Kind

LIVE = (PersonnelStatus.PROPOSED, PersonnelStatus.VOTING)


def _check_manage(actor, meeting: CommitteeMeeting) -> None:
    if not manages_congress(actor, meeting.standing_committee.term.congress_id):
        raise denied("您无权办理该会议的任免事项。")


def _check_meeting_live(meeting: CommitteeMeeting) -> None:
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise Conflict(
            "会议已闭会或取消，不能再办理任免事项。", code="meetings.meeting_over"
        )


def lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("meeting__standing_committee__term__congress")
        .get(pk=appointment.pk)
    )


def _note(appointment: Appointment, text: str, *, actor, vote=None) -> None:
    events.record_event(
        Kind.PERSONNEL,
        events.Note(text=text),
        meeting=appointment.meeting,
        vote=vote,
        actor=actor,
    )


def _clean_fields(fields: dict) -> dict:
    clean = {}
    if "person_name" in fields:
        clean["person_name"] = clean_text(
            fields["person_name"], field="person_name", label="姓名", max_length=50
        )
    if "post" in fields:
        clean["post"] = clean_text(
            fields["post"], field="post", label="职务", max_length=100
        )
    if "organisation" in fields:
        clean["organisation"] = clean_text(
            fields["organisation"],
            field="organisation",
            label="单位",
            max_length=100,
            required=False,
        )
    if "proposed_by" in fields:
        clean["proposed_by"] = clean_text(
            fields["proposed_by"],
            field="proposed_by",
            label="提请人",
            max_length=100,
            required=False,
        )
    return clean


def _check_agenda_item(agenda_item, meeting: CommitteeMeeting) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("议程不属于该会议。", "agenda_item")


@transaction.atomic
def appointment_propose(
    *,
    meeting: CommitteeMeeting,
    kind: str,
    person_name: str,
    post: str,
    organisation: str = "",
    proposed_by: str = "",
    agenda_item=None,
    actor,
) -> Appointment:
    """Put an appointment or a removal (提请任免) on a meeting."""
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_manage(actor, meeting)
    _check_meeting_live(meeting)
    kind = clean_choice(kind, PersonnelKind, field="kind", label="任免类别")
    fields = _clean_fields(
        {
            "person_name": person_name,
            "post": post,
            "organisation": organisation,
            "proposed_by": proposed_by,
        }
    )
    _check_agenda_item(agenda_item, meeting)
    position = (meeting.appointments.aggregate(top=Max("position"))["top"] or 0) + 1
    appointment = Appointment.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        position=position,
        **fields,
    )
    _note(appointment, f"提请审议：{appointment}", actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.appointment_propose",
        target=appointment,
        summary=f"提请审议：{appointment}",
    )
    return appointment


@transaction.atomic
def appointment_update(*, appointment: Appointment, actor, **fields) -> Appointment:
    """Edit an appointment not yet put to a vote."""
    appointment = lock_appointment(appointment)
    _check_manage(actor, appointment.meeting)
    unknown = set(fields) - {
        "person_name",
        "post",
        "organisation",
        "proposed_by",
        "agenda_item",
    }
    if unknown:
        raise invalid("不能修改这些内容：" + "、".join(sorted(unknown)) + "。")
    transition(appointment, "edit", action="修改")
    if appointment.vote_id is not None:
        raise Conflict(
            "该任免事项已提付表决，不能修改；请先撤回。",
            code="meetings.personnel_invalid_state",
        )
    clean = _clean_fields(fields)
    if "agenda_item" in fields:
        _check_agenda_item(fields["agenda_item"], appointment.meeting)
        clean["agenda_item"] = fields["agenda_item"]
    for name, value in clean.items():
        setattr(appointment, name, value)
    appointment.save()
    _note(appointment, f"修改任免事项：{appointment}", actor=actor)
    return appointment


@transaction.atomic
def appointment_withdraw(
    *, appointment: Appointment, reason: str, actor
) -> Appointment:
    """Withdraw a motion before its vote (撤回): it ends without one. A draft vote
    of this appointment alone is withdrawn with it; from a merged draft vote the
    appointment is taken out."""
    appointment = lock_appointment(appointment)
    _check_manage(actor, appointment.meeting)
    reason = clean_text(reason, field="reason", label="撤回理由", max_length=500)
    transition(appointment, "withdraw", action="撤回")
    vote = appointment.vote
    if vote is not None:
        vote = lock_vote(vote)
        if vote.status != VoteStatus.DRAFT:
            raise Conflict(
                "表决已开始，不能再撤回该任免事项。",
                code="meetings.personnel_invalid_state",
            )
        others = vote.appointments.exclude(pk=appointment.pk)
        if not others.exists():
            # The engine withdraws the vote and its proposed appointments.
            appointment.status = PersonnelStatus.PROPOSED
            vote_withdraw(vote=vote, reason=reason, actor=actor)
            appointment.refresh_from_db()
            return appointment
        appointment.vote = None
        remaining = list(others.order_by("position", "id"))
        vote.title, vote.motion = _vote_text(remaining, merged=True)
        vote.save(update_fields=["title", "motion", "updated_at"])
    appointment.withdraw_reason = reason
    appointment.save()
    _note(appointment, f"撤回：{appointment}（{reason}）", actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.appointment_withdraw",
        target=appointment,
        summary=f"撤回任免事项：{appointment}",
    )
    return appointment


def _vote_text(appointments: list[Appointment], *, merged: bool) -> tuple[str, str]:
    if not merged or len(appointments) == 1:
        first = appointments[0]
        title = str(first)
        if first.organisation:
            title = (
                f"任命{first.person_name}为{first.organisation}{first.post}"
                if first.kind == PersonnelKind.APPOINTMENT
                else f"免去{first.person_name}的{first.organisation}{first.post}职务"
            )
        return title[:200], title
    names = "、".join(a.person_name for a in appointments)
    verb = "任命" if appointments[0].kind == PersonnelKind.APPOINTMENT else "免去"
    title = f"{verb}{names}等{len(appointments)}人职务（合并表决）"
    motion = "\n".join(str(a) for a in appointments)
    return title[:200], motion


def _pending_removal(appointment: Appointment):
    """A removal from the same post at the same meeting not voted yet."""
    return (
        Appointment.objects.filter(
            meeting_id=appointment.meeting_id,
            kind=PersonnelKind.REMOVAL,
            organisation=appointment.organisation,
            post=appointment.post,
            status__in=LIVE,
        )
        .exclude(pk=appointment.pk)
        .first()
    )


def _check_uncontested(appointments: list[Appointment]) -> None:
    """Only uncontested appointments may be merged: one person per post, and no
    other live motion of the same kind for that post at the meeting."""
    posts = [(a.organisation, a.post) for a in appointments]
    if len(set(posts)) != len(posts):
        raise invalid("同一职务有多人提请，不能合并表决，请逐人表决。", "appointments")
    ids = [a.pk for a in appointments]
    for appointment in appointments:
        rival = (
            Appointment.objects.filter(
                meeting_id=appointment.meeting_id,
                kind=appointment.kind,
                post=appointment.post,
                organisation=appointment.organisation,
                status__in=LIVE,
            )
            .exclude(pk__in=ids)
            .first()
        )
        if rival is not None:
            raise invalid(
                f"“{appointment.post}”另有“{rival}”待表决，属有争议事项，不能合并表决。",
                "appointments",
            )


@transaction.atomic
def appointments_put_to_vote(
    *,
    appointments,
    mode: str,
    merged: bool = False,
    closes_at: dt.datetime | None = None,
    actor,
) -> list[Vote]:
    """Put appointments to the vote: one vote per person by default (逐人表决);
    with ``merged``, several uncontested ones of the same kind in one vote."""
    ids = sorted({a.pk for a in appointments or []})
    if not ids:
        raise invalid("请选择提付表决的任免事项。", "appointments")
    locked = list(
        Appointment.objects.select_for_update()
        .select_related("meeting__standing_committee__term__congress")
        .filter(pk__in=ids)
        .order_by("position", "id")
    )
    if len(locked) != len(ids):
        raise invalid("所选任免事项不存在。", "appointments")
    meeting = locked[0].meeting
    _check_manage(actor, meeting)
    if any(a.meeting_id != meeting.pk for a in locked):
        raise invalid("所选任免事项应属于同一次会议。", "appointments")
    mode = clean_choice(mode, VoteMode, field="mode", label="表决方式")
    for appointment in locked:
        if appointment.status != PersonnelStatus.PROPOSED:
            raise Conflict(
                f"“{appointment}”{appointment.get_status_display()}，不能提付表决。",
                code="meetings.personnel_invalid_state",
            )
        if appointment.vote_id is not None:
            raise Conflict(
                f"“{appointment}”已提付表决。", code="meetings.personnel_invalid_state"
            )
        if appointment.kind == PersonnelKind.APPOINTMENT:
            removal = _pending_removal(appointment)
            if removal is not None:
                raise Conflict(
                    f"请先表决“{removal}”，再将同一职务的任命“{appointment}”提付表决。",
                    code="meetings.removal_first",
                )
    if merged:
        if len(locked) < 2:
            raise invalid("合并表决至少需要两项任免事项。", "appointments")
        if len({a.kind for a in locked}) != 1:
            raise invalid("任命和免职不能合并表决。", "appointments")
        _check_uncontested(locked)
        groups = [locked]
    else:
        groups = [[a] for a in locked]
    votes = []
    for group in groups:
        first = group[0]
        agenda_items = {a.agenda_item_id for a in group}
        title, motion = _vote_text(group, merged=merged)
        vote = vote_create(
            meeting=meeting,
            kind=(
                VoteKind.APPOINTMENT
                if first.kind == PersonnelKind.APPOINTMENT
                else VoteKind.REMOVAL
            ),
            mode=mode,
            title=title,
            motion=motion,
            agenda_item=first.agenda_item if len(agenda_items) == 1 else None,
            closes_at=closes_at,
            actor=actor,
        )
        Appointment.objects.filter(pk__in=[a.pk for a in group]).update(vote=vote)
        _note(
            first,
            f"提付表决（{'合并表决' if merged else '逐人表决'}）：{title}",
            actor=actor,
            vote=vote,
        )
        votes.append(vote)
    return votes


@transaction.atomic
def oath_record(
    *,
    meeting: CommitteeMeeting,
    appointments,
    taken_at: dt.datetime,
    place: str = "",
    supervised_by: str,
    led_by: str = "",
    actor,
) -> Oath:
    """Record the constitutional oath (宪法宣誓) of appointed persons."""
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_manage(actor, meeting)
    ids = sorted({a.pk for a in appointments or []})
    if not ids:
        raise invalid("请选择宣誓人。", "appointments")
    if not isinstance(taken_at, dt.datetime):
        raise invalid("请填写宣誓时间。", "taken_at")
    place = clean_text(
        place, field="place", label="地点", max_length=100, required=False
    )
    supervised_by = clean_text(
        supervised_by, field="supervised_by", label="监誓人", max_length=50
    )
    led_by = clean_text(
        led_by, field="led_by", label="领誓人", max_length=50, required=False
    )
    locked = list(
        Appointment.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("position", "id")
    )
    if len(locked) != len(ids) or any(a.meeting_id != meeting.pk for a in locked):
        raise invalid("宣誓人应为本次会议通过任命的人员。", "appointments")
    for appointment in locked:
        if appointment.kind != PersonnelKind.APPOINTMENT:
            raise invalid(f"“{appointment}”是免职事项，无需宣誓。", "appointments")
        transition(appointment, "take_oath", action="登记宪法宣誓")
        if appointment.oaths.exists():
            raise Conflict(
                f"{appointment.person_name}已登记宪法宣誓。",
                code="meetings.oath_recorded",
            )
    if len(locked) > 1 and not led_by:
        raise invalid("集体宣誓请填写领誓人。", "led_by")
    oath = Oath.objects.create(
        meeting=meeting,
        taken_at=taken_at,
        place=place,
        supervised_by=supervised_by,
        led_by=led_by,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    oath.appointments.set(locked)
    names = "、".join(a.person_name for a in locked)
    events.record_event(
        Kind.OATH,
        events.Note(text=f"{names}进行宪法宣誓，监誓人{supervised_by}"),
        meeting=meeting,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.oath_record",
        target=oath,
        summary=f"登记宪法宣誓：{names}",
    )
    return oath
