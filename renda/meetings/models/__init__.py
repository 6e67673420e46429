"""The models of meetings and votes, one module per part."""

from .evaluations import EvaluationEntry, VoteEvaluation
from .meetings import (
    AgendaItem,
    ChairpersonsDecision,
    ChairpersonsMeeting,
    CommitteeMeeting,
    MeetingAttendance,
    MeetingEvent,
    MeetingGuest,
    MeetingPaper,
    PaperReceipt,
)
from .personnel import Appointment, Oath
from .votes import Ballot, Participation, Vote, VoteElector

__all__ = [
    "AgendaItem",
    "Appointment",
    "Ballot",
    "ChairpersonsDecision",
    "ChairpersonsMeeting",
    "CommitteeMeeting",
    "EvaluationEntry",
    "MeetingAttendance",
    "MeetingEvent",
    "MeetingGuest",
    "MeetingPaper",
    "Oath",
    "PaperReceipt",
    "Participation",
    "Vote",
    "VoteElector",
    "VoteEvaluation",
]
