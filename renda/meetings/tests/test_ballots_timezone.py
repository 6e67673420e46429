"""A ballot cast at a time given in the site's zone verifies once stored (the
participation chain hashes the time in UTC, as the database gives it back)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from renda.meetings import services
from renda.meetings.ballots import verify_vote
from renda.meetings.choices import Choice, VoteKind, VoteMode

from .factories import PASSWORD, add_members, meeting, standing_committee_of

pytestmark = pytest.mark.django_db


def test_an_online_ballot_cast_at_a_local_time_verifies(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 3)
    session = meeting(committee, actor=committee_staff)
    vote = services.vote_create(
        meeting=session,
        kind=VoteKind.RESOLUTION,
        mode=VoteMode.ONLINE,
        title="关于某事项的决定",
        actor=committee_staff,
    )
    local = timezone.now().astimezone(ZoneInfo("Asia/Shanghai"))
    services.vote_open(
        vote=vote,
        actor=committee_staff,
        now=local,
        closes_at=local + dt.timedelta(hours=2),
    )
    for minute, member in enumerate(members[:2], start=1):
        services.vote_cast(
            vote=vote,
            user=member.user,
            choice=Choice.FOR,
            password=PASSWORD,
            now=local + dt.timedelta(minutes=minute),
        )

    services.vote_close(
        vote=vote, actor=committee_staff, now=local + dt.timedelta(hours=1)
    )
    vote.refresh_from_db()

    assert vote.result == "PASSED"
    assert verify_vote(vote).ok
