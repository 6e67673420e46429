"""Shared set-up of the vote tests (mt-votes): a committee, an open meeting, a vote."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.meetings import services
from renda.meetings.choices import VoteKind, VoteMode

from .factories import PASSWORD, add_members, meeting, sign_in, standing_committee_of


def committee_with(world, count: int, *, prefix="v"):
    committee = standing_committee_of(world)
    return committee, add_members(committee, count, prefix=prefix)


def open_meeting(committee, present, staff):
    """A meeting held today, the given members signed in, declared open."""
    session = meeting(committee, actor=staff)
    sign_in(session, present, actor=staff)
    services.meeting_open(meeting=session, actor=staff)
    return session


def new_vote(
    session,
    staff,
    *,
    kind=VoteKind.RESOLUTION,
    mode=VoteMode.IN_MEETING,
    title="关于某事项的决定（草案）",
    start=True,
    closes_at=None,
):
    vote = services.vote_create(
        meeting=session,
        kind=kind,
        mode=mode,
        title=title,
        motion="第一条 为了……，制定本决定。",
        actor=staff,
    )
    if start and mode != VoteMode.TALLY:
        if mode == VoteMode.ONLINE and closes_at is None:
            closes_at = timezone.now() + dt.timedelta(hours=2)
        services.vote_open(vote=vote, actor=staff, closes_at=closes_at)
        vote.refresh_from_db()
    return vote


def cast_all(vote, members, choices):
    """Each member casts the choice beside them; returns the receipts in order."""
    return [
        services.vote_cast(vote=vote, user=m.user, choice=c, password=PASSWORD)
        for m, c in zip(members, choices, strict=False)
    ]
