"""Appointments and removals (任免): person by person, removal before the
appointment to the same post, withdrawn motions end without a vote, the oath."""

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
from renda.meetings.choices import (
    Choice,
    PersonnelKind,
    PersonnelStatus,
    VoteKind,
    VoteMode,
    VoteResult,
    VoteStatus,
)
from renda.meetings.models import Appointment, MeetingEvent, Oath, Vote
from renda.meetings.services import personnel

from .factories import PASSWORD, add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 5)
    held = meeting(committee, actor=committee_staff)
    sign_in(held, members, actor=committee_staff)
    services.meeting_open(meeting=held, actor=committee_staff)
    held.members_list = members
    return held


def propose(
    session, staff, kind=PersonnelKind.APPOINTMENT, name="张三", post="市教育局局长"
):
    return personnel.appointment_propose(
        meeting=session,
        kind=kind,
        person_name=name,
        post=post,
        organisation="",
        proposed_by="市长",
        actor=staff,
    )


def cast_all(vote, members, choice):
    for member in members:
        services.vote_cast(
            vote=vote, user=member.user, choice=choice, password=PASSWORD
        )


def test_appointments_are_voted_person_by_person_by_default(session, committee_staff):
    first = propose(session, committee_staff, name="张三", post="市教育局局长")
    second = propose(session, committee_staff, name="李四", post="市民政局局长")
    votes = personnel.appointments_put_to_vote(
        appointments=[first, second], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    assert len(votes) == 2
    assert [v.kind for v in votes] == [VoteKind.APPOINTMENT] * 2
    assert {a.vote_id for a in Appointment.objects.all()} == {v.pk for v in votes}
    assert votes[0].title == "任命张三为市教育局局长"
    services.vote_open(vote=votes[0], actor=committee_staff)
    first.refresh_from_db()
    assert first.status == PersonnelStatus.VOTING
    cast_all(votes[0], session.members_list[:3], Choice.FOR)
    services.vote_close(vote=votes[0], actor=committee_staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PersonnelStatus.ADOPTED
    assert second.status == PersonnelStatus.PROPOSED


def test_a_rejected_appointment_is_rejected(session, committee_staff):
    one = propose(session, committee_staff)
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[one], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    services.vote_open(vote=vote, actor=committee_staff)
    cast_all(vote, session.members_list[:2], Choice.FOR)  # 2 of 5 is not more than half
    services.vote_close(vote=vote, actor=committee_staff)
    one.refresh_from_db()
    assert one.status == PersonnelStatus.REJECTED


def test_a_merged_vote_adopts_all(session, committee_staff):
    ones = [
        propose(session, committee_staff, name=name, post=post)
        for name, post in [("王五", "市财政局局长"), ("赵六", "市审计局局长")]
    ]
    (vote,) = personnel.appointments_put_to_vote(
        appointments=ones, mode=VoteMode.TALLY, merged=True, actor=committee_staff
    )
    assert "合并表决" in vote.title
    services.vote_tally_enter(
        vote=vote,
        counts={Choice.FOR: 4, Choice.AGAINST: 0, Choice.ABSTAIN: 1},
        present=5,
        tellers=("计票人甲", "监票人乙"),
        actor=committee_staff,
    )
    vote.refresh_from_db()
    assert vote.result == VoteResult.PASSED
    assert set(Appointment.objects.values_list("status", flat=True)) == {
        PersonnelStatus.ADOPTED
    }


def test_merging_refuses_contested_or_mixed_motions(session, committee_staff):
    a = propose(session, committee_staff, name="甲", post="市教育局局长")
    b = propose(session, committee_staff, name="乙", post="市教育局局长")
    c = propose(
        session,
        committee_staff,
        kind=PersonnelKind.REMOVAL,
        name="丙",
        post="市民政局局长",
    )
    for chosen in ([a, b], [a, c], [a]):
        with pytest.raises(ApplicationError):
            personnel.appointments_put_to_vote(
                appointments=chosen,
                mode=VoteMode.TALLY,
                merged=True,
                actor=committee_staff,
            )
    assert Vote.objects.count() == 0
    assert set(Appointment.objects.values_list("vote", flat=True)) == {None}


def test_a_removal_is_voted_before_the_appointment_to_the_same_post(
    session, committee_staff
):
    removal = propose(
        session,
        committee_staff,
        kind=PersonnelKind.REMOVAL,
        name="钱七",
        post="市教育局局长",
    )
    appointment = propose(session, committee_staff, name="孙八", post="市教育局局长")
    with pytest.raises(Conflict) as refused:
        personnel.appointments_put_to_vote(
            appointments=[appointment], mode=VoteMode.IN_MEETING, actor=committee_staff
        )
    assert refused.value.code == "meetings.removal_first"
    assert "请先表决“免去钱七的市教育局局长职务”" in refused.value.message
    assert Vote.objects.count() == 0
    # Both at once: refused too (the removal is not voted yet), nothing written.
    with pytest.raises(Conflict):
        personnel.appointments_put_to_vote(
            appointments=[removal, appointment],
            mode=VoteMode.IN_MEETING,
            actor=committee_staff,
        )
    assert Vote.objects.count() == 0
    (removal_vote,) = personnel.appointments_put_to_vote(
        appointments=[removal], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    assert removal_vote.kind == VoteKind.REMOVAL
    services.vote_open(vote=removal_vote, actor=committee_staff)
    cast_all(removal_vote, session.members_list, Choice.FOR)
    services.vote_close(vote=removal_vote, actor=committee_staff)
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[appointment], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    services.vote_open(vote=vote, actor=committee_staff)
    removal.refresh_from_db()
    assert removal.status == PersonnelStatus.ADOPTED


def test_the_engine_refuses_to_open_an_appointment_before_the_removal(
    session, committee_staff
):
    appointment = propose(session, committee_staff, name="孙八", post="市教育局局长")
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[appointment], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    propose(
        session,
        committee_staff,
        kind=PersonnelKind.REMOVAL,
        name="钱七",
        post="市教育局局长",
    )
    with pytest.raises(Conflict) as refused:
        services.vote_open(vote=vote, actor=committee_staff)
    assert refused.value.code == "meetings.removal_first"
    vote.refresh_from_db()
    assert vote.status == VoteStatus.DRAFT


def test_a_withdrawn_motion_ends_without_a_vote(session, committee_staff):
    one = propose(session, committee_staff)
    personnel.appointment_withdraw(
        appointment=one, reason="提请机关撤回", actor=committee_staff
    )
    one.refresh_from_db()
    assert one.status == PersonnelStatus.WITHDRAWN
    assert one.vote_id is None
    assert Vote.objects.count() == 0
    with pytest.raises(Conflict):
        personnel.appointments_put_to_vote(
            appointments=[one], mode=VoteMode.IN_MEETING, actor=committee_staff
        )
    with pytest.raises(InvalidTransition):
        personnel.appointment_withdraw(
            appointment=one, reason="再撤", actor=committee_staff
        )


def test_withdrawn_after_being_put_to_vote_withdraws_the_draft_vote(
    session, committee_staff
):
    one = propose(session, committee_staff)
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[one], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    personnel.appointment_withdraw(
        appointment=one, reason="本人辞职", actor=committee_staff
    )
    one.refresh_from_db()
    vote.refresh_from_db()
    assert one.status == PersonnelStatus.WITHDRAWN
    assert vote.status == VoteStatus.WITHDRAWN
    assert vote.participations.count() == 0


def test_withdrawn_from_a_merged_vote_leaves_the_others(session, committee_staff):
    ones = [
        propose(session, committee_staff, name=name, post=post)
        for name, post in [("王五", "市财政局局长"), ("赵六", "市审计局局长")]
    ]
    (vote,) = personnel.appointments_put_to_vote(
        appointments=ones, mode=VoteMode.IN_MEETING, merged=True, actor=committee_staff
    )
    personnel.appointment_withdraw(
        appointment=ones[0], reason="另行提请", actor=committee_staff
    )
    vote.refresh_from_db()
    assert vote.status == VoteStatus.DRAFT
    assert list(vote.appointments.values_list("person_name", flat=True)) == ["赵六"]


def test_an_open_vote_cannot_be_withdrawn_from(session, committee_staff):
    one = propose(session, committee_staff)
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[one], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    services.vote_open(vote=vote, actor=committee_staff)
    before = MeetingEvent.objects.count()
    with pytest.raises(InvalidTransition):
        personnel.appointment_withdraw(
            appointment=one, reason="晚了", actor=committee_staff
        )
    one.refresh_from_db()
    assert one.status == PersonnelStatus.VOTING
    assert MeetingEvent.objects.count() == before


def test_the_oath_only_for_adopted_appointments(session, committee_staff):
    adopted = propose(session, committee_staff, name="张三", post="市教育局局长")
    pending = propose(session, committee_staff, name="李四", post="市民政局局长")
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[adopted], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    services.vote_open(vote=vote, actor=committee_staff)
    cast_all(vote, session.members_list, Choice.FOR)
    services.vote_close(vote=vote, actor=committee_staff)
    taken_at = timezone.now()
    with pytest.raises(InvalidTransition):
        personnel.oath_record(
            meeting=session,
            appointments=[pending],
            taken_at=taken_at,
            supervised_by="主任",
            actor=committee_staff,
        )
    assert Oath.objects.count() == 0
    oath = personnel.oath_record(
        meeting=session,
        appointments=[adopted],
        taken_at=taken_at,
        place="常委会会议室",
        supervised_by="主任",
        actor=committee_staff,
    )
    assert list(oath.appointments.all()) == [adopted]
    with pytest.raises(Conflict):
        personnel.oath_record(
            meeting=session,
            appointments=[adopted],
            taken_at=taken_at + dt.timedelta(minutes=5),
            supervised_by="主任",
            actor=committee_staff,
        )
    assert Oath.objects.count() == 1


def test_refusals_change_nothing(session, committee_staff, deputy, district_staff):
    with pytest.raises(PermissionDenied):
        propose(session, deputy)
    with pytest.raises(PermissionDenied):
        propose(session, district_staff)
    with pytest.raises(ApplicationError) as bad:
        propose(session, committee_staff, name="  ")
    assert bad.value.field == "person_name"
    assert Appointment.objects.count() == 0
    one = propose(session, committee_staff)
    with pytest.raises(PermissionDenied):
        personnel.appointments_put_to_vote(
            appointments=[one], mode=VoteMode.IN_MEETING, actor=deputy
        )
    with pytest.raises(ApplicationError):
        personnel.appointments_put_to_vote(
            appointments=[one], mode="NOPE", actor=committee_staff
        )
    assert Vote.objects.count() == 0
    updated = personnel.appointment_update(
        appointment=one, post="市教育局局长（兼）", actor=committee_staff
    )
    assert updated.post == "市教育局局长（兼）"


def test_a_ballot_cast_at_a_local_time_verifies(session, committee_staff):
    from zoneinfo import ZoneInfo

    from renda.meetings.ballots import verify_vote

    one = propose(session, committee_staff)
    (vote,) = personnel.appointments_put_to_vote(
        appointments=[one], mode=VoteMode.IN_MEETING, actor=committee_staff
    )
    local = dt.datetime(2020, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    services.vote_open(vote=vote, actor=committee_staff, now=local)
    for member in session.members_list:
        services.vote_cast(
            vote=vote, user=member.user, choice=Choice.FOR, password=PASSWORD, now=local
        )
    services.vote_close(vote=vote, actor=committee_staff, now=local)
    vote.refresh_from_db()
    assert verify_vote(vote).ok
