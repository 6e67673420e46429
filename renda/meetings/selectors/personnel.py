"""Reads of appointments (任免), oaths and 票决评议, for the pages and the API alike.

- staff of the congress (and administrators) manage them;
- leaders and members of the congress read them;
- handling units' staff read their own units' published results only;
- anyone else: 404 for the objects, 403 for the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk

from ..choices import EvaluationStatus, PersonnelKind, PersonnelStatus, VoteStatus
from ..models import (
    Appointment,
    CommitteeMeeting,
    EvaluationEntry,
    Oath,
    VoteEvaluation,
)
from ..permissions import manages_congress, meeting_congress_q, reads_congress


def can_read_personnel(user) -> bool:
    """The personnel and 票决评议 pages of meetings: staff, leaders and members."""
    scope = get_scope(user)
    return scope.is_admin or bool(scope.congress_ids | scope.member_congress_ids)


def can_see_unit_evaluations(user) -> bool:
    """A handling unit's staff see their own units' published results."""
    return bool(get_scope(user).unit_ids)


def _congress_id(meeting: CommitteeMeeting) -> int:
    return meeting.standing_committee.term.congress_id


def get_meeting_for_user(user, pk) -> CommitteeMeeting:
    """The meeting, if the user may read it; else 404."""
    pk = parse_pk(pk)
    meeting = (
        CommitteeMeeting.objects.select_related("standing_committee__term__congress")
        .filter(meeting_congress_q(user))
        .filter(pk=pk or 0)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def may_manage(user, meeting: CommitteeMeeting) -> bool:
    return manages_congress(user, _congress_id(meeting))


# Appointments -------------------------------------------------------------------------


@dataclass
class AppointmentRow:
    appointment: Appointment
    actions: list[str] = field(default_factory=list)
    sworn: bool = False


@dataclass
class PersonnelPage:
    meeting: CommitteeMeeting
    rows: list[AppointmentRow]
    oaths: list[Oath]
    may_manage: bool
    # Adopted appointments who have not taken the oath yet.
    to_swear: list[Appointment]


def appointment_list(user, meeting: CommitteeMeeting) -> QuerySet[Appointment]:
    """A meeting's appointments and removals (the meeting already checked)."""
    if not reads_congress(user, _congress_id(meeting)):
        raise Http404
    return meeting.appointments.select_related("vote", "agenda_item").order_by(
        "position", "id"
    )


def _appointment_actions(appointment: Appointment, manage: bool, sworn: bool) -> list:
    if not manage:
        return []
    actions = []
    if appointment.status == PersonnelStatus.PROPOSED:
        if appointment.vote_id is None:
            actions += ["edit", "put_to_vote"]
        actions.append("withdraw")
    if (
        appointment.status == PersonnelStatus.ADOPTED
        and appointment.kind == PersonnelKind.APPOINTMENT
        and not sworn
    ):
        actions.append("take_oath")
    return actions


def personnel_page(user, meeting_pk) -> PersonnelPage:
    meeting = get_meeting_for_user(user, meeting_pk)
    manage = may_manage(user, meeting)
    appointments = list(appointment_list(user, meeting))
    oaths = list(
        meeting.oaths.prefetch_related("appointments").order_by("taken_at", "id")
    )
    sworn_ids = {a.pk for oath in oaths for a in oath.appointments.all()}
    rows = [
        AppointmentRow(
            appointment=a,
            actions=_appointment_actions(a, manage, a.pk in sworn_ids),
            sworn=a.pk in sworn_ids,
        )
        for a in appointments
    ]
    return PersonnelPage(
        meeting=meeting,
        rows=rows,
        oaths=oaths,
        may_manage=manage,
        to_swear=[r.appointment for r in rows if "take_oath" in r.actions],
    )


def get_appointment_for_user(user, pk) -> Appointment:
    pk = parse_pk(pk)
    appointment = (
        Appointment.objects.select_related(
            "meeting__standing_committee__term__congress", "vote"
        )
        .filter(meeting_congress_q(user, "meeting__"))
        .filter(pk=pk or 0)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


# 票决评议 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationFilters:
    meeting: int | None = None
    year: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query) -> EvaluationFilters:
        year = parse_pk(query.get("year"))
        status = query.get("status") or ""
        return cls(
            meeting=parse_pk(query.get("meeting")),
            year=year if year and 2000 <= year <= 2100 else None,
            status=status if status in EvaluationStatus.values else "",
        )


def evaluation_list(user, filters: EvaluationFilters | None = None):
    """The 票决评议 the user may read (staff, leaders, members of the congress)."""
    filters = filters or EvaluationFilters()
    evaluations = VoteEvaluation.objects.filter(
        meeting_congress_q(user, "meeting__")
    ).select_related("meeting__standing_committee__term")
    if filters.meeting:
        evaluations = evaluations.filter(meeting_id=filters.meeting)
    if filters.year:
        evaluations = evaluations.filter(year=filters.year)
    if filters.status:
        evaluations = evaluations.filter(status=filters.status)
    return evaluations.order_by("-meeting__date", "-id")


def get_evaluation_for_user(user, pk) -> VoteEvaluation:
    """The 票决评议, if the user reads its congress; else 404."""
    pk = parse_pk(pk)
    evaluation = (
        evaluation_list(user)
        .select_related("meeting__standing_committee__term__congress", "agenda_item")
        .filter(pk=pk or 0)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


@dataclass
class EvaluationDetail:
    evaluation: VoteEvaluation
    entries: list[EvaluationEntry]
    may_manage: bool
    actions: list[str]
    votes_closed: bool


def evaluation_detail(user, pk) -> EvaluationDetail:
    evaluation = get_evaluation_for_user(user, pk)
    manage = may_manage(user, evaluation.meeting)
    entries = list(
        evaluation.entries.select_related("handling_unit", "vote").order_by(
            "position", "id"
        )
    )
    closed = all(
        e.vote is not None and e.vote.status == VoteStatus.CLOSED for e in entries
    )
    actions = []
    if manage:
        status = evaluation.status
        if status == EvaluationStatus.DRAFT:
            actions.append("start")
        elif status == EvaluationStatus.VOTING and closed:
            actions.append("decide")
        elif status == EvaluationStatus.DECIDED:
            actions.append("publish")
    return EvaluationDetail(
        evaluation=evaluation,
        entries=entries,
        may_manage=manage,
        actions=actions,
        votes_closed=closed,
    )


def unit_evaluation_entries(user) -> QuerySet[EvaluationEntry]:
    """The published results of the user's own handling units, newest first."""
    scope = get_scope(user)
    if not scope.unit_ids:
        return EvaluationEntry.objects.none()
    return (
        EvaluationEntry.objects.filter(
            handling_unit_id__in=scope.unit_ids,
            evaluation__status=EvaluationStatus.PUBLISHED,
        )
        .select_related(
            "evaluation__meeting__standing_committee__term", "handling_unit", "vote"
        )
        .order_by("-evaluation__published_at", "-evaluation_id", "position")
    )


def get_unit_entry_for_user(user, pk) -> EvaluationEntry:
    pk = parse_pk(pk)
    entry = unit_evaluation_entries(user).filter(pk=pk or 0).first()
    if entry is None:
        raise Http404
    return entry


__all__ = [
    "EvaluationDetail",
    "EvaluationFilters",
    "PersonnelPage",
    "appointment_list",
    "can_read_personnel",
    "can_see_unit_evaluations",
    "evaluation_detail",
    "evaluation_list",
    "get_appointment_for_user",
    "get_evaluation_for_user",
    "get_meeting_for_user",
    "get_unit_entry_for_user",
    "may_manage",
    "personnel_page",
    "unit_evaluation_entries",
]
