"""Demo appointments and removals (任免), an oath, and the two 票决评议 of 2020,
written through the meetings services.

Called by the meetings demo (renda/demo/meetings.py) with the committee's
meetings of 2020 (in date order, members signed in, each meeting open) and the
current year's meeting:

- an early 2020 meeting: the removal of the director of the city education
  bureau voted on the members' phones (ballots cast with the demo password)
  before the appointment of his successor (on paper), two uncontested deputy
  directors appointed in one merged vote (paper tally), a motion withdrawn by
  the government before its vote, and the constitutional oath of the three
  appointed;
- the 2020 meetings whose agenda holds a 票决评议 (the source's two: 农业六大特色
  产业 and 医疗卫生服务能力建设): the department reporting is rated, its handling
  of deputies' suggestions beside it, graded and published;
- the current meeting: one appointment proposed, not yet voted.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from renda.meetings import rules, services
from renda.meetings.choices import (
    AgendaKind,
    Attendance,
    Choice,
    Grade,
    PersonnelKind,
    PersonnelStatus,
    VoteMode,
)
from renda.meetings.models import Appointment, MeetingAttendance
from renda.meetings.services import evaluations, personnel
from renda.units.models import HandlingUnit

from .logins import DEMO_PASSWORD

# How many units the suggestions' 票决评议 rates (those with most 2020 items).
SUGGESTION_UNITS = 6


def _at(meeting, hour: int, minute: int = 0) -> dt.datetime:
    """A moment on the meeting's day (votes and the oath happen at the meeting)."""
    return timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(hour, minute)))


def _present(meeting) -> int:
    return MeetingAttendance.objects.filter(
        meeting=meeting, status=Attendance.PRESENT
    ).count()


def _voters(meeting):
    """The present members with an account (they vote on their phones)."""
    return [
        a.member
        for a in MeetingAttendance.objects.filter(
            meeting=meeting, status=Attendance.PRESENT, member__user__isnull=False
        ).select_related("member__user")
    ]


def _tally(vote, meeting, staff, *, graded=False, split=(0, 1, 1), at=None) -> None:
    """Enter a paper tally: all present but ``split`` vote the first choice."""
    present = _present(meeting)
    # The split is meant for the city's full committee; a small one keeps its shape.
    second = min(split[1], present // 3)
    third = min(split[2], present // 5)
    first = max(present - second - third, 0)
    counts = (
        {
            Grade.SATISFIED: first,
            Grade.BASICALLY_SATISFIED: second,
            Grade.UNSATISFIED: third,
        }
        if graded
        else {Choice.FOR: first, Choice.AGAINST: second, Choice.ABSTAIN: third}
    )
    services.vote_tally_enter(
        vote=vote,
        counts=counts,
        present=present,
        tellers=("赵计票", "钱监票"),
        actor=staff,
        now=at or _at(meeting, 11),
    )


def _phone_mode(meeting) -> str:
    """Members vote on their phones where enough of them have an account to
    carry a motion; otherwise the meeting votes on paper (a tally)."""
    electorate = rules.meeting_members(meeting)
    if len(_voters(meeting)) * 2 > electorate.count():
        return VoteMode.IN_MEETING
    return VoteMode.TALLY


def _decide(vote, meeting, staff, now) -> None:
    """Close a vote: ballots cast on the members' phones, or a paper tally."""
    if vote.mode == VoteMode.TALLY:
        _tally(vote, meeting, staff, at=now)
        return
    services.vote_open(vote=vote, actor=staff, now=now)
    closing = now + dt.timedelta(minutes=3)
    voters = _voters(meeting)
    for index, member in enumerate(voters):
        choice = Choice.FOR
        if index == len(voters) - 1 and len(voters) > 3:
            choice = Choice.ABSTAIN
        services.vote_cast(
            vote=vote, user=member.user, choice=choice, password=DEMO_PASSWORD, now=now
        )
    services.vote_close(vote=vote, actor=staff, now=closing)


def _propose(meeting, staff, kind, name, post, organisation=""):
    return personnel.appointment_propose(
        meeting=meeting,
        kind=kind,
        person_name=name,
        post=post,
        organisation=organisation,
        proposed_by="市人民政府市长",
        actor=staff,
    )


def _appointments(meeting, staff) -> dict:
    removal = _propose(meeting, staff, PersonnelKind.REMOVAL, "周建国", "市教育局局长")
    successor = _propose(
        meeting, staff, PersonnelKind.APPOINTMENT, "吴晓梅", "市教育局局长"
    )
    deputies = [
        _propose(meeting, staff, PersonnelKind.APPOINTMENT, "郑海涛", "市民政局副局长"),
        _propose(meeting, staff, PersonnelKind.APPOINTMENT, "王丽娟", "市审计局副局长"),
    ]
    withdrawn = _propose(
        meeting, staff, PersonnelKind.APPOINTMENT, "冯志强", "市财政局副局长"
    )
    personnel.appointment_withdraw(
        appointment=withdrawn, reason="提请机关撤回，另行提请", actor=staff
    )
    # The removal first, then the appointment to the same post.
    mode = _phone_mode(meeting)
    (removal_vote,) = personnel.appointments_put_to_vote(
        appointments=[removal], mode=mode, actor=staff
    )
    _decide(removal_vote, meeting, staff, _at(meeting, 10))
    (successor_vote,) = personnel.appointments_put_to_vote(
        appointments=[successor], mode=VoteMode.TALLY, actor=staff
    )
    _decide(successor_vote, meeting, staff, _at(meeting, 10, 10))
    (merged_vote,) = personnel.appointments_put_to_vote(
        appointments=deputies, mode=VoteMode.TALLY, merged=True, actor=staff
    )
    _tally(merged_vote, meeting, staff)
    adopted = list(
        Appointment.objects.filter(
            pk__in=[successor.pk, *(d.pk for d in deputies)],
            status=PersonnelStatus.ADOPTED,
        ).order_by("position")
    )
    oath = None
    if adopted:
        oath = personnel.oath_record(
            meeting=meeting,
            appointments=adopted,
            taken_at=_at(meeting, 11, 30),
            place=meeting.place or "市人大常委会会议室",
            supervised_by="市人大常委会主任",
            led_by=adopted[0].person_name if adopted else "",
            actor=staff,
        )
    return {
        "removal": removal,
        "appointments": adopted,
        "withdrawn": withdrawn,
        "votes": [removal_vote, successor_vote, merged_vote],
        "oath": oath,
    }


def _units(meeting) -> tuple[list[HandlingUnit], HandlingUnit | None]:
    congress = meeting.standing_committee.term.congress
    local = HandlingUnit.objects.filter(region_id=congress.region_id, is_active=True)
    busiest = list(
        local.annotate(
            items=Count(
                "assignments",
                filter=Q(
                    assignments__suggestion__congress=congress,
                    assignments__suggestion__accepted_at__year=meeting.date.year,
                ),
            )
        ).order_by("-items", "name")[:SUGGESTION_UNITS]
    )
    health = local.filter(name__contains="卫健").first() or (
        busiest[0] if busiest else None
    )
    return busiest, health


def _evaluate(meeting, staff, *, title, units, splits, agenda_item=None) -> object:
    evaluation = evaluations.evaluation_create(
        meeting=meeting,
        year=meeting.date.year,
        title=title,
        units=units,
        agenda_item=agenda_item,
        actor=staff,
    )
    evaluations.evaluation_start(
        evaluation=evaluation, mode=VoteMode.TALLY, actor=staff
    )
    for entry, split in zip(
        evaluation.entries.order_by("position"), splits, strict=False
    ):
        _tally(entry.vote, meeting, staff, graded=True, split=split)
    evaluations.evaluation_decide(evaluation=evaluation, actor=staff)
    evaluations.evaluation_publish(
        evaluation=evaluation, actor=staff, now=_at(meeting, 17)
    )
    return evaluation


def _evaluation_unit(item, units) -> HandlingUnit | None:
    """The department whose work the 票决评议 item rates (农业 → 农业农村局...)."""
    for keyword, unit_keyword in (
        ("农业", "农业"),
        ("医疗卫生", "卫健"),
        ("卫生", "卫"),
    ):
        if keyword in item.title:
            found = units.filter(name__contains=unit_keyword).first()
            if found is not None:
                return found
    return None


def build(*, meetings: dict, staff, now) -> dict:
    """Create the demo's appointments, oath and 2020 票决评议; return them.

    ``now`` is the demo's clock; the 2020 steps are dated on their meetings' days.
    The 2020 票决评议 are the agenda's own (the source's two: 农业六大特色产业 and
    医疗卫生服务能力建设): each rates the department reporting, with its
    handling of deputies' suggestions beside it.
    """
    del now
    held = list(meetings.get("2020") or [])
    created: dict = {"appointments": None, "evaluations": [], "current": None}
    if not held:
        return created
    early = held[1] if len(held) > 2 else held[0]
    created["appointments"] = _appointments(early, staff)
    splits = [(0, 6, 1), (0, 8, 2)]
    index = 0
    for meeting in held:
        congress = meeting.standing_committee.term.congress
        local = HandlingUnit.objects.filter(
            region_id=congress.region_id, is_active=True
        )
        for item in meeting.agenda_items.filter(kind=AgendaKind.VOTE_EVALUATION):
            unit = _evaluation_unit(item, local)
            if unit is None:
                busiest, _health = _units(meeting)
                unit = busiest[0] if busiest else None
            if unit is None:
                continue
            created["evaluations"].append(
                _evaluate(
                    meeting,
                    staff,
                    title=item.title,
                    units=[unit],
                    splits=[splits[index % len(splits)]],
                    agenda_item=item,
                )
            )
            index += 1
    current = meetings.get("current")
    if current is not None:
        created["current"] = _propose(
            current, staff, PersonnelKind.APPOINTMENT, "陈志远", "市交通运输局局长"
        )
    return created
