"""The demo's appointments, oath and 2020 票决评议 (renda.demo.meetings_personnel),
built on a small committee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.demo.logins import DEMO_PASSWORD
from renda.demo.meetings_personnel import build
from renda.meetings import services
from renda.meetings.ballots import verify_vote
from renda.meetings.choices import (
    AgendaKind,
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

AGRICULTURE = "农业六大特色产业发展工作票决评议"
HEALTH = "医疗卫生服务能力建设工作票决评议"


def test_the_demo_builds_appointments_and_evaluations(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 7)
    for member in members:
        member.user.set_password(DEMO_PASSWORD)
        member.user.save(update_fields=["password"])
    HandlingUnitFactory(name="辽源市卫健委", region=world.city)
    HandlingUnitFactory(name="辽源市农业农村局", region=world.city)
    held = []
    for day in (dt.date(2020, 2, 26), dt.date(2020, 6, 24), dt.date(2020, 11, 25)):
        session = meeting(committee, actor=committee_staff, date=day)
        sign_in(session, members[:6], actor=committee_staff)
        services.meeting_open(meeting=session, actor=committee_staff)
        held.append(session)
    for session, title in (
        (held[1], AGRICULTURE),
        (held[2], HEALTH),
    ):
        services.agenda_item_add(
            meeting=session,
            kind=AgendaKind.VOTE_EVALUATION,
            title=title,
            actor=committee_staff,
        )
    current = meeting(committee, actor=committee_staff, date=timezone.localdate())

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
        assert verify_vote(vote).ok
    # The removal is voted on the members' phones; the successor on paper.
    assert removal_vote.mode == VoteMode.IN_MEETING
    assert removal_vote.participations.count() == 6
    assert successor_vote.mode == VoteMode.TALLY
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
    rounds = {
        e.title: (e.status, e.entries.get().handling_unit.name, e.agenda_item.meeting)
        for e in VoteEvaluation.objects.all()
    }
    assert rounds == {
        AGRICULTURE: (EvaluationStatus.PUBLISHED, "辽源市农业农村局", held[1]),
        HEALTH: (EvaluationStatus.PUBLISHED, "辽源市卫健委", held[2]),
    }
    assert all(e.grade for v in VoteEvaluation.objects.all() for e in v.entries.all())
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
    services.agenda_item_add(
        meeting=held[1],
        kind=AgendaKind.VOTE_EVALUATION,
        title=HEALTH,
        actor=committee_staff,
    )
    created = build(meetings={"2020": held}, staff=committee_staff, now=timezone.now())
    votes = created["appointments"]["votes"]
    assert {v.mode for v in votes} == {VoteMode.TALLY}
    assert len(created["appointments"]["appointments"]) == 3
    assert created["current"] is None
    # No 卫健 unit here: the 票决评议 rates the busiest unit instead.
    assert VoteEvaluation.objects.filter(status=EvaluationStatus.PUBLISHED).count() == 1
