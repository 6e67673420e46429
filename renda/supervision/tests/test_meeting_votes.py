"""Satisfaction tests from the committee's votes: a SATISFACTION vote on review
opinions closes and the test is recorded from its figures, linked to the vote."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from renda.meetings import services as meetings
from renda.meetings.choices import AgendaKind, Grade, VoteKind, VoteMode, VoteResult
from renda.meetings.tests.factories import (
    PASSWORD,
    add_members,
    meeting,
    sign_in,
    standing_committee_of,
)
from renda.supervision.choices import OpinionStatus, TestResult, UnsatisfiedAction
from renda.supervision.models import SatisfactionTest

from .factories_followup import reported_opinion

pytestmark = pytest.mark.django_db


def _vote_on(subject, world, staff, grades, *, kind=VoteKind.SATISFACTION):
    """A meeting of 5 members votes on the subject with these grades; close it."""
    committee = standing_committee_of(world)
    members = list(committee.members.order_by("id")) or add_members(committee, 5)
    session = meeting(committee, actor=staff)
    agenda_item = meetings.agenda_item_add(
        meeting=session,
        kind=AgendaKind.SATISFACTION_TEST,
        title="对研究处理情况报告进行满意度测评",
        subject=subject,
        actor=staff,
    )
    sign_in(session, members, actor=staff)
    meetings.meeting_open(meeting=session, actor=staff)
    vote = meetings.vote_create(
        meeting=session,
        kind=kind,
        mode=VoteMode.IN_MEETING,
        title="满意度测评",
        agenda_item=agenda_item,
        actor=staff,
    )
    meetings.vote_open(vote=vote, actor=staff)
    for member, grade in zip(members, grades, strict=False):
        meetings.vote_cast(vote=vote, user=member.user, choice=grade, password=PASSWORD)
    return meetings.vote_close(vote=vote, actor=staff)


def test_an_unsatisfied_vote_records_the_test_and_asks_for_a_new_report(
    world, committee_staff, unit_staff, django_capture_on_commit_callbacks
):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    grades = [Grade.SATISFIED, Grade.BASICALLY_SATISFIED] + [Grade.UNSATISFIED] * 2
    with django_capture_on_commit_callbacks(execute=True):
        vote = _vote_on(opinion, world, committee_staff, grades)
    assert vote.result == VoteResult.UNSATISFIED  # 2 of all 5 members
    test = SatisfactionTest.objects.get(vote=vote)
    assert test.opinion == opinion
    assert (test.members_total, test.present) == (5, 5)
    assert (test.satisfied, test.basically_satisfied, test.unsatisfied) == (1, 1, 2)
    assert test.result == TestResult.UNSATISFIED
    assert test.action == UnsatisfiedAction.REPORT_AGAIN
    assert test.held_on == vote.meeting.date
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.SENT
    assert opinion.round == 2


def test_a_satisfied_vote_records_a_satisfied_test(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    grades = [Grade.SATISFIED] * 3 + [Grade.BASICALLY_SATISFIED]
    vote = _vote_on(opinion, world, committee_staff, grades)
    test = SatisfactionTest.objects.get(vote=vote)
    assert test.result == TestResult.SATISFIED
    assert test.action == ""
    opinion.refresh_from_db()
    assert opinion.round == 1
    assert opinion.status != OpinionStatus.SENT


def test_a_vote_on_something_else_records_no_test(world, committee_staff, unit_staff):
    opinion = reported_opinion(world, committee_staff, unit_staff)
    # A resolution on the same agenda subject: no test.
    vote = _vote_on(
        opinion, world, committee_staff, ["FOR"] * 4, kind=VoteKind.RESOLUTION
    )
    assert vote.result == VoteResult.PASSED
    assert not SatisfactionTest.objects.exists()
    # A satisfaction vote whose agenda item names no supervision record: none.
    vote = _vote_on(
        ContentType.objects.first(), world, committee_staff, [Grade.SATISFIED] * 4
    )
    assert not SatisfactionTest.objects.exists()
