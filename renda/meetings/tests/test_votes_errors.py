"""Bad input and wrong moments: a clear Chinese error and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.meetings import services
from renda.meetings.choices import Attendance, Choice, VoteMode, VoteStatus
from renda.meetings.models import Ballot, Participation, VoteElector

from .factories import PASSWORD, sign_in
from .votes_setup import committee_with, new_vote, open_meeting

pytestmark = pytest.mark.django_db


def _chinese(error) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in error.message)


@pytest.fixture
def running(world, committee_staff):
    committee, members = committee_with(world, 5)
    session = open_meeting(committee, members[:4], committee_staff)
    vote = new_vote(session, committee_staff)
    return vote, members, session


def _rows(vote):
    return (
        Participation.objects.filter(vote=vote).count(),
        Ballot.objects.filter(vote=vote).count(),
    )


def test_a_second_ballot_is_refused(running):
    vote, members, _ = running
    services.vote_cast(vote=vote, user=members[0].user, choice="FOR", password=PASSWORD)
    with pytest.raises(Conflict) as refused:
        services.vote_cast(
            vote=vote, user=members[0].user, choice="AGAINST", password=PASSWORD
        )
    assert refused.value.code == "meetings.already_voted"
    assert refused.value.message == "您已投票，不能重复投票。"
    assert _rows(vote) == (1, 1)
    assert Ballot.objects.get(vote=vote).choice == Choice.FOR


def test_a_ballot_after_close_is_refused(running, committee_staff):
    vote, members, _ = running
    services.vote_close(vote=vote, actor=committee_staff)
    with pytest.raises(InvalidTransition) as refused:
        services.vote_cast(
            vote=vote, user=members[0].user, choice="FOR", password=PASSWORD
        )
    assert _chinese(refused.value)
    assert _rows(vote) == (0, 0)


def test_a_ballot_after_an_online_votes_deadline_is_refused(world, committee_staff):
    committee, members = committee_with(world, 3)
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff, mode=VoteMode.ONLINE)
    late = vote.closes_at + dt.timedelta(seconds=1)
    with pytest.raises(Conflict) as refused:
        services.vote_cast(
            vote=vote, user=members[0].user, choice="FOR", password=PASSWORD, now=late
        )
    assert refused.value.message == "网络表决已截止，不能再投票。"
    assert _rows(vote) == (0, 0)


@pytest.mark.parametrize("who", ["committee_staff", "deputy", "leader", "unit_staff"])
def test_a_ballot_by_a_non_member_is_refused(running, request, who):
    vote, _members, _ = running
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied) as refused:
        services.vote_cast(vote=vote, user=user, choice="FOR", password=PASSWORD)
    assert refused.value.message == "您不是本次表决的组成人员，不能投票。"
    assert _rows(vote) == (0, 0)


def test_a_member_not_signed_in_votes_online_only(running):
    vote, members, _ = running
    with pytest.raises(Conflict) as refused:
        services.vote_cast(
            vote=vote, user=members[4].user, choice="FOR", password=PASSWORD
        )
    assert refused.value.message == "请先在会场签到，再参加表决。"
    assert _rows(vote) == (0, 0)


def test_a_wrong_password_is_refused_and_nothing_is_written(running):
    vote, members, _ = running
    for password in ["wrong", "", None]:
        with pytest.raises(PermissionDenied) as refused:
            services.vote_cast(
                vote=vote, user=members[0].user, choice="FOR", password=password
            )
        assert refused.value.code == "meetings.reauth_failed"
        assert refused.value.message == "密码不正确，请重新输入登录密码确认身份。"
    assert _rows(vote) == (0, 0)
    # The member may still vote with the right password.
    services.vote_cast(vote=vote, user=members[0].user, choice="FOR", password=PASSWORD)
    assert _rows(vote) == (1, 1)


@pytest.mark.parametrize("choice", ["", "YES", "SATISFIED", None, "for"])
def test_a_choice_that_is_not_one_is_refused(running, choice):
    vote, members, _ = running
    with pytest.raises(ApplicationError) as refused:
        services.vote_cast(
            vote=vote, user=members[0].user, choice=choice, password=PASSWORD
        )
    assert refused.value.field == "choice"
    assert refused.value.message == "请选择有效的表决意见。"
    assert _rows(vote) == (0, 0)


def test_closing_twice_is_refused(running, committee_staff):
    vote, members, _ = running
    services.vote_cast(vote=vote, user=members[0].user, choice="FOR", password=PASSWORD)
    services.vote_close(vote=vote, actor=committee_staff)
    vote.refresh_from_db()
    head = vote.chain_head
    with pytest.raises(InvalidTransition) as refused:
        services.vote_close(vote=vote, actor=committee_staff)
    assert _chinese(refused.value)
    vote.refresh_from_db()
    assert (vote.chain_head, vote.for_count) == (head, 1)


def test_opening_without_quorum_is_refused(world, committee_staff):
    committee, members = committee_with(world, 5)
    session = open_meeting(committee, members[:3], committee_staff)
    # One of the three leaves: 2 of 5 is not more than half.
    sign_in(session, members[:1], actor=committee_staff, status=Attendance.LEAVE)
    vote = new_vote(session, committee_staff, start=False)
    with pytest.raises(Conflict) as refused:
        services.vote_open(vote=vote, actor=committee_staff)
    assert refused.value.code == "meetings.no_quorum"
    assert refused.value.message == (
        "出席人数2人，未超过全体组成人员5人的半数，不能表决。"
    )
    vote.refresh_from_db()
    assert vote.status == VoteStatus.DRAFT
    assert not VoteElector.objects.filter(vote=vote).exists()


def test_staff_of_another_congress_cannot_open_or_close(running, district_staff):
    vote, _m, _ = running
    with pytest.raises(PermissionDenied):
        services.vote_close(vote=vote, actor=district_staff)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN


def test_an_online_close_time_in_the_past_is_refused(world, committee_staff):
    committee, members = committee_with(world, 3)
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff, mode=VoteMode.ONLINE, start=False)
    with pytest.raises(ApplicationError) as refused:
        services.vote_open(
            vote=vote,
            actor=committee_staff,
            closes_at=timezone.now() - dt.timedelta(minutes=1),
        )
    assert refused.value.field == "closes_at"
    vote.refresh_from_db()
    assert vote.status == VoteStatus.DRAFT
