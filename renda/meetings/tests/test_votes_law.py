"""The law of votes through the services: the denominator is ALL members."""

from __future__ import annotations

import pytest
from django.test import override_settings

from renda.meetings import rules, services
from renda.meetings.choices import Choice, Grade, VoteKind, VoteResult
from renda.meetings.selectors.votes import result_summary

from .votes_setup import cast_all, committee_with, new_vote, open_meeting

pytestmark = pytest.mark.django_db

MOTION_76 = [Choice.AGAINST] * 12 + [Choice.ABSTAIN] * 11


@pytest.mark.parametrize(
    ("for_count", "result", "words"),
    [
        (38, VoteResult.FAILED, "赞成 38 票，未超过全体组成人员 76 人的半数"),
        (39, VoteResult.PASSED, "赞成 39 票，超过全体组成人员 76 人的半数"),
    ],
)
def test_76_members_70_present_the_for_votes_decide_over_all_76(
    world, committee_staff, for_count, result, words
):
    committee, members = committee_with(world, 76)
    session = open_meeting(committee, members[:70], committee_staff)
    vote = new_vote(session, committee_staff)
    cast_all(vote, members, [Choice.FOR] * for_count + MOTION_76)
    services.vote_close(vote=vote, actor=committee_staff)
    vote.refresh_from_db()
    assert (vote.electorate_size, vote.present_count) == (76, 70)
    assert vote.for_count == for_count
    assert vote.not_voting_count == 76 - for_count - 23
    assert vote.result == result
    summary = result_summary(vote)
    assert summary.rule_text == words
    assert summary.needed == 39
    assert summary.not_voting == 70 - for_count - 23 + 6


def _satisfaction(world, staff, grades):
    committee, members = committee_with(world, 10)
    session = open_meeting(committee, members[:8], staff)
    vote = new_vote(session, staff, kind=VoteKind.SATISFACTION)
    cast_all(vote, members, grades)
    services.vote_close(vote=vote, actor=staff)
    vote.refresh_from_db()
    return vote


def test_satisfaction_is_counted_over_all_members_not_those_voting(
    world, committee_staff
):
    # 10 members, 8 vote: 3 满意 + 2 基本满意 = 5 is not more than half of 10.
    grades = [Grade.SATISFIED] * 3 + [Grade.BASICALLY_SATISFIED] * 2
    vote = _satisfaction(world, committee_staff, grades + [Grade.UNSATISFIED] * 3)
    assert vote.result == VoteResult.UNSATISFIED
    assert vote.not_voting_count == 2
    assert (
        result_summary(vote).rule_text
        == "满意和基本满意 5 票，未超过全体组成人员 10 人的半数"
    )


def test_satisfaction_passes_with_six_of_ten(world, committee_staff):
    grades = [Grade.SATISFIED] * 2 + [Grade.BASICALLY_SATISFIED] * 4
    vote = _satisfaction(world, committee_staff, grades + [Grade.UNSATISFIED] * 2)
    assert vote.result == VoteResult.SATISFIED


@override_settings(
    RENDA_MEETING_RULES={"220400": {"satisfaction_grades": rules.SATISFIED_ONLY}}
)
def test_a_congress_that_counts_satisfied_alone(world, committee_staff):
    grades = [Grade.SATISFIED] * 2 + [Grade.BASICALLY_SATISFIED] * 4
    vote = _satisfaction(world, committee_staff, grades + [Grade.UNSATISFIED] * 2)
    assert vote.grade_rule == rules.SATISFIED_ONLY
    assert vote.result == VoteResult.UNSATISFIED
    assert result_summary(vote).rule_text == "满意 2 票，未超过全体组成人员 10 人的半数"
