"""The law of votes, pinned: the denominator is ALL members, never those present."""

from __future__ import annotations

import pytest

from renda.core.errors import Conflict
from renda.meetings import rules, services
from renda.meetings.ballots import verify_vote
from renda.meetings.choices import Choice, MeetingStatus, VoteKind, VoteMode, VoteResult
from renda.meetings.models import Ballot, Participation

from .factories import PASSWORD, add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("for_count", "result"), [(38, VoteResult.FAILED), (39, VoteResult.PASSED)]
)
def test_a_motion_needs_more_than_half_of_all_76_members(for_count, result):
    tally = rules.motion_tally(
        {Choice.FOR: for_count, Choice.AGAINST: 12, Choice.ABSTAIN: 11}, 76
    )
    assert tally.result == result
    assert tally.not_voting == 76 - for_count - 23


def test_38_present_cannot_open_a_meeting_of_76():
    assert not rules.quorum_met(38, 76)
    assert rules.quorum_met(39, 76)
    assert rules.quorum_needed(76) == 39


def test_satisfaction_counts_satisfied_and_basic_over_all_members():
    tally = rules.grade_tally(
        {"SATISFIED": 20, "BASICALLY_SATISFIED": 18, "UNSATISFIED": 5}, 76, present=43
    )
    assert tally.result == VoteResult.UNSATISFIED  # 38 of 76 is not more than half
    present_rule = rules.grade_tally(
        {"SATISFIED": 20, "BASICALLY_SATISFIED": 18, "UNSATISFIED": 5},
        76,
        present=43,
        denominator_rule=rules.PRESENT_MEMBERS,
    )
    assert present_rule.result == VoteResult.SATISFIED


@pytest.fixture
def committee_76(world, committee_staff):
    committee = standing_committee_of(world)
    return committee, add_members(committee, 76)


def test_the_meeting_and_its_electronic_vote_end_to_end(
    world, committee_staff, committee_76
):
    committee, members = committee_76
    session = meeting(committee, actor=committee_staff)
    sign_in(session, members[:38], actor=committee_staff)
    with pytest.raises(Conflict) as refused:
        services.meeting_open(meeting=session, actor=committee_staff)
    assert refused.value.code == "meetings.no_quorum"
    session.refresh_from_db()
    assert session.status == MeetingStatus.PLANNED
    sign_in(session, members[38:70], actor=committee_staff)
    services.meeting_open(meeting=session, actor=committee_staff)
    vote = services.vote_create(
        meeting=session,
        kind=VoteKind.RESOLUTION,
        mode=VoteMode.IN_MEETING,
        title="关于某事项的决定（草案）",
        actor=committee_staff,
    )
    services.vote_open(vote=vote, actor=committee_staff)
    choices = [Choice.FOR] * 38 + [Choice.AGAINST] * 12 + [Choice.ABSTAIN] * 11
    receipts = [
        services.vote_cast(
            vote=vote, user=member.user, choice=choice, password=PASSWORD
        )
        for member, choice in zip(members, choices, strict=False)
    ]
    services.vote_close(vote=vote, actor=committee_staff)
    vote.refresh_from_db()
    assert (vote.electorate_size, vote.present_count) == (76, 70)
    assert (vote.for_count, vote.against_count, vote.abstain_count) == (38, 12, 11)
    assert vote.not_voting_count == 15
    assert vote.result == VoteResult.FAILED
    assert verify_vote(vote).ok
    trackers = set(Ballot.objects.filter(vote=vote).values_list("tracker", flat=True))
    assert {r.tracker for r in receipts} == trackers
    # Tampering with any stored row is found.
    Ballot.objects.filter(vote=vote, tracker=receipts[40].tracker).update(
        choice=Choice.FOR
    )
    assert not verify_vote(vote).ok
    Ballot.objects.filter(vote=vote, tracker=receipts[40].tracker).update(
        choice=Choice.AGAINST
    )
    assert verify_vote(vote).ok
    Participation.objects.filter(vote=vote, seq=3).delete()
    assert not verify_vote(vote).ok
