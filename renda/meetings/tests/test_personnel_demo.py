"""The demo's appointments, oath and 2020 票决评议 (renda.demo.meetings_personnel),
built on a small committee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.demo.logins import DEMO_PASSWORD
from renda.demo.meetings_personnel import (
    HEALTH_EVALUATION,
    SUGGESTIONS_EVALUATION,
    build,
)
from renda.meetings import services
from renda.meetings.ballots import verify_vote
from renda.meetings.choices import (
    EvaluationStatus,
    PersonnelKind,
    PersonnelStatus,
    VoteMode,
    VoteStatus,
)
from renda.meetings.models import Appointment, Oath, VoteEvaluation
from renda.units.tests.factories import HandlingUnitFactory

from .factories import add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db


def test_the_demo_builds_appointments_and_evaluations(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 7)
    for member in members:
        member.user.set_password(DEMO_PASSWORD)
        member.user.save(update_fields=["password"])
    HandlingUnitFactory(name="辽源市卫健委", region=world.city)
    held = []
    for day in (dt.date(2020, 2, 26), dt.date(2020, 6, 24), dt.date(2020, 11, 25)):
        session = meeting(committee, actor=committee_staff, date=day)
        sign_in(session, members[:6], actor=committee_staff)
        services.meeting_open(meeting=session, actor=committee_staff)
        held.append(session)
    current = meeting(committee, actor=committee_staff, date=dt.date.today())

    created = build(
        meetings={"2020": held, "current": current},
        staff=committee_staff,
        now=timezone.now(),
    )

    removal = created["appointments"]["removal"]
    removal.refresh_from_db()
    assert removal.kind == PersonnelKind.REMOVAL
    assert removal.status == PersonnelStatus.ADOPTED
    removal_vote, successor_vote, merged_vote = created["appointments"]["votes"]
    assert removal_vote.position < successor_vote.position
    assert merged_vote.appointments.count() == 2
    for vote in (removal_vote, successor_vote):
        vote.refresh_from_db()
        assert vote.status == VoteStatus.CLOSED
        assert vote.mode == VoteMode.IN_MEETING
        assert vote.participations.count() == 6
        assert verify_vote(vote).ok
    assert set(
        Appointment.objects.filter(
            pk__in=[a.pk for a in created["appointments"]["appointments"]]
        ).values_list("status", flat=True)
    ) == {PersonnelStatus.ADOPTED}
    withdrawn = created["appointments"]["withdrawn"]
    withdrawn.refresh_from_db()
    assert withdrawn.status == PersonnelStatus.WITHDRAWN
    assert withdrawn.vote_id is None
    assert Oath.objects.get().appointments.count() == 3
    titles = set(VoteEvaluation.objects.values_list("title", "status"))
    assert titles == {
        (SUGGESTIONS_EVALUATION, EvaluationStatus.PUBLISHED),
        (HEALTH_EVALUATION, EvaluationStatus.PUBLISHED),
    }
    suggestions_round = VoteEvaluation.objects.get(title=SUGGESTIONS_EVALUATION)
    assert suggestions_round.entries.count() >= 2
    assert all(e.grade for e in suggestions_round.entries.all())
    assert created["current"].status == PersonnelStatus.PROPOSED


def test_without_enough_accounts_the_demo_votes_on_paper(world, committee_staff):
    from renda.congresses.models import CommitteeMember

    committee = standing_committee_of(world)
    members = add_members(committee, 5)
    CommitteeMember.objects.filter(pk__in=[m.pk for m in members[1:]]).update(user=None)
    held = []
    for day in (dt.date(2020, 2, 26), dt.date(2020, 11, 25)):
        session = meeting(committee, actor=committee_staff, date=day)
        sign_in(session, members, actor=committee_staff)
        services.meeting_open(meeting=session, actor=committee_staff)
        held.append(session)
    created = build(meetings={"2020": held}, staff=committee_staff, now=timezone.now())
    votes = created["appointments"]["votes"]
    assert {v.mode for v in votes} == {VoteMode.TALLY}
    assert len(created["appointments"]["appointments"]) == 3
    assert created["current"] is None
    # No 卫健 unit here: the second round rates the busiest unit instead.
    assert VoteEvaluation.objects.filter(status=EvaluationStatus.PUBLISHED).count() == 2
