"""Writes of meetings and votes, one module per part."""

from .meetings import (
    agenda_item_add,
    attendance_record,
    lock_meeting,
    meeting_cancel,
    meeting_close,
    meeting_create,
    meeting_open,
    meeting_sign_in,
    quorum_of,
)
from .votes import (
    CastReceipt,
    close_due_votes,
    confirm_identity,
    lock_vote,
    vote_cast,
    vote_close,
    vote_create,
    vote_open,
    vote_tally_enter,
    vote_withdraw,
)

__all__ = [
    "CastReceipt",
    "agenda_item_add",
    "attendance_record",
    "close_due_votes",
    "confirm_identity",
    "lock_meeting",
    "lock_vote",
    "meeting_cancel",
    "meeting_close",
    "meeting_create",
    "meeting_open",
    "meeting_sign_in",
    "quorum_of",
    "vote_cast",
    "vote_close",
    "vote_create",
    "vote_open",
    "vote_tally_enter",
    "vote_withdraw",
]
