"""The chairpersons' decisions: recorded on a held chairpersons' meeting only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.errors import ApplicationError, PermissionDenied
from renda.meetings import services
from renda.meetings.choices import DecisionKind, MeetingEventKind, MeetingKind
from renda.meetings.models import ChairpersonsDecision, MeetingEvent
from renda.meetings.selectors.decisions import (
    chairpersons_meeting_choices,
    chairpersons_meetings_for,
    decision_for_subject,
    decisions_of_meeting,
)
from renda.meetings.services.decisions import decision_record, decision_remove

from .factories import meeting, standing_committee_of
from .factories_decisions import chairpersons_meeting

pytestmark = pytest.mark.django_db


def test_a_decision_is_recorded_with_its_subject_and_an_event(world, committee_staff):
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    subject = world.unit_city
    decision = decision_record(
        meeting=held,
        kind=DecisionKind.OTHER,
        title="同意某事项",
        subject=subject,
        congress=world.city_congress,
        actor=committee_staff,
    )
    assert decision.decided_on == dt.date(2020, 3, 2)
    assert decision_for_subject(subject) == decision
    assert decision_for_subject(subject, DecisionKind.OTHER) == decision
    assert decision_for_subject(subject, DecisionKind.AGENDA) is None
    assert list(decisions_of_meeting(held)) == [decision]
    event = MeetingEvent.objects.get(meeting=held, kind=MeetingEventKind.DECISION)
    assert "同意某事项" in event.payload["text"]


def test_a_standing_meeting_cannot_decide_as_the_chairpersons(world, committee_staff):
    session = meeting(
        standing_committee_of(world), actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            meeting=session, kind=DecisionKind.OTHER, title="x", actor=committee_staff
        )
    assert refused.value.message == "请选择一次主任会议。"
    assert not ChairpersonsDecision.objects.exists()


def test_a_future_or_cancelled_or_foreign_meeting_is_refused(world, committee_staff):
    future = chairpersons_meeting(
        world.city_congress,
        actor=committee_staff,
        date=timezone.localdate() + dt.timedelta(days=3),
    )
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            meeting=future, kind=DecisionKind.OTHER, title="x", actor=committee_staff
        )
    assert "尚未举行" in refused.value.message
    cancelled = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 1, 2)
    )
    services.meeting_cancel(meeting=cancelled, reason="改期", actor=committee_staff)
    cancelled.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            meeting=cancelled,
            kind=DecisionKind.OTHER,
            title="x",
            actor=committee_staff,
        )
    assert refused.value.message == "该主任会议已取消。"
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 1, 9)
    )
    with pytest.raises(ApplicationError) as refused:
        decision_record(
            meeting=held,
            kind=DecisionKind.OTHER,
            title="x",
            congress=world.longshan_congress,
            actor=committee_staff,
        )
    assert refused.value.message == "该主任会议不属于本级人大常委会。"
    assert not ChairpersonsDecision.objects.exists()


def test_only_the_congress_staff_record_decisions(world, committee_staff, leader):
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    with pytest.raises(PermissionDenied):
        decision_record(meeting=held, kind=DecisionKind.OTHER, title="x", actor=leader)
    assert not ChairpersonsDecision.objects.exists()


def test_the_form_choices_are_held_meetings_recent_first(
    world, committee_staff, deputy
):
    first = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 1, 6)
    )
    second = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 2, 6)
    )
    chairpersons_meeting(
        world.city_congress,
        actor=committee_staff,
        date=timezone.localdate() + dt.timedelta(days=1),
    )
    assert list(chairpersons_meetings_for(committee_staff, world.city_congress)) == [
        second,
        first,
    ]
    assert chairpersons_meeting_choices(committee_staff, world.city_congress)[0] == (
        second.pk,
        "第2次主任会议（2020-02-06）",
    )
    assert second.kind == MeetingKind.CHAIRPERSONS
    assert not chairpersons_meetings_for(deputy, world.city_congress).exists()
    assert not chairpersons_meetings_for(
        committee_staff, world.longshan_congress
    ).exists()


def test_a_decision_recorded_by_mistake_is_removed(world, committee_staff):
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    decision = decision_record(
        meeting=held, kind=DecisionKind.AGENDA, title="议程", actor=committee_staff
    )
    decision_remove(decision=decision, reason="登记错误", actor=committee_staff)
    assert not ChairpersonsDecision.objects.exists()
    assert held.timeline.filter(kind=MeetingEventKind.DECISION).count() == 2
