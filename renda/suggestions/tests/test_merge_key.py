"""Merging similar suggestions (并案) and key suggestions (重点建议)."""

import datetime as dt

import pytest

from renda.congresses.choices import MemberRole
from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.meetings.choices import DecisionKind
from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    EventKind,
    KeySource,
    Rating,
    SuggestionStatus,
)
from renda.suggestions.selectors import (
    replies_for,
    suggestion_timeline,
    suggestions_visible_to,
    with_effective_state,
)

from .factories import (
    accepted,
    assigned,
    committee_member,
    deputy_user,
    event_kinds,
    moment,
    reply,
    snapshot,
    submitted,
)


@pytest.fixture
def deputy_b(world):
    return deputy_user(world.deputy_city_b, "deputy_b")


def _by_b(world, deputy_b, committee_staff, **fields):
    fields.setdefault("title", "关于东吉大路拥堵治理的建议")
    return accepted(
        world, deputy_b, committee_staff, lead_deputy=world.deputy_city_b, **fields
    )


def test_merge_points_the_others_at_the_primary(
    world, deputy, deputy_b, committee_staff
):
    primary = accepted(world, deputy, committee_staff)
    other = _by_b(world, deputy_b, committee_staff)

    services.suggestion_merge(primary=primary, others=[other], actor=committee_staff)

    other.refresh_from_db()
    assert other.merged_into == primary
    assert event_kinds(other)[-1] == EventKind.MERGED
    assert event_kinds(primary)[-1] == EventKind.MERGED


def test_a_merged_item_follows_its_primary_and_its_deputy_gets_the_answer(
    world, deputy, deputy_b, committee_staff, unit_staff
):
    primary = accepted(world, deputy, committee_staff)
    other = _by_b(world, deputy_b, committee_staff)
    services.suggestion_merge(primary=primary, others=[other], actor=committee_staff)
    [assignment] = services.suggestion_assign(
        suggestion=primary,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=committee_staff,
    )
    answer = reply(assignment, unit_staff)

    row = with_effective_state(suggestions_visible_to(deputy_b)).get(pk=other.pk)
    assert row.status == SuggestionStatus.ACCEPTED
    assert row.effective_status == SuggestionStatus.REPLIED
    assert suggestions_visible_to(deputy_b).filter(pk=primary.pk).exists()
    assert list(replies_for(user=deputy_b, suggestion=other)) == [answer]
    kinds = [
        event.kind for event in suggestion_timeline(user=deputy_b, suggestion=other)
    ]
    assert EventKind.REPLIED in kinds


def test_a_merged_item_cannot_be_handled_on_its_own(
    world, deputy, deputy_b, committee_staff
):
    primary = accepted(world, deputy, committee_staff)
    other = _by_b(world, deputy_b, committee_staff)
    services.suggestion_merge(primary=primary, others=[other], actor=committee_staff)
    before = snapshot(other)

    with pytest.raises(InvalidTransition) as error:
        services.suggestion_assign(
            suggestion=other,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=committee_staff,
        )

    assert error.value.code == "suggestions.merged"
    assert "随主建议办理" in error.value.message
    assert snapshot(other) == before


def test_only_staff_merge(world, deputy, deputy_b, committee_staff, unit_staff):
    primary = accepted(world, deputy, committee_staff)
    other = _by_b(world, deputy_b, committee_staff)
    before = snapshot(other)

    with pytest.raises(PermissionDenied):
        services.suggestion_merge(primary=primary, others=[other], actor=unit_staff)

    assert snapshot(other) == before


def test_an_assigned_item_cannot_be_merged_into_another(
    world, deputy, deputy_b, committee_staff
):
    primary = accepted(world, deputy, committee_staff)
    other, _assignments = assigned(
        world,
        deputy_b,
        committee_staff,
        lead_deputy=world.deputy_city_b,
        title="关于东吉大路拥堵治理的建议",
    )
    before = snapshot(other)

    with pytest.raises(InvalidTransition):
        services.suggestion_merge(
            primary=primary, others=[other], actor=committee_staff
        )

    assert snapshot(other) == before


def test_merged_items_do_not_chain(world, deputy, deputy_b, committee_staff):
    first = accepted(world, deputy, committee_staff)
    second = _by_b(world, deputy_b, committee_staff)
    third = _by_b(world, deputy_b, committee_staff, title="关于东吉大路停车的建议")
    services.suggestion_merge(primary=second, others=[third], actor=committee_staff)
    before = snapshot(second)

    with pytest.raises(InvalidTransition) as error:
        services.suggestion_merge(primary=first, others=[second], actor=committee_staff)

    assert error.value.code == "suggestions.merge_chain"
    assert snapshot(second) == before


def test_a_suggestion_is_not_merged_into_itself(world, deputy, committee_staff):
    primary = accepted(world, deputy, committee_staff)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_merge(
            primary=primary, others=[primary], actor=committee_staff
        )

    assert error.value.field == "others"


# Key suggestions ------------------------------------------------------------------


def test_staff_mark_a_key_suggestion_and_its_overseer_sees_it(
    world, deputy, committee_staff, leader
):
    overseer = committee_member(world, role=MemberRole.DEPUTY_DIRECTOR, user=leader)
    suggestion = accepted(world, deputy, committee_staff)

    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 3, 1), actor=committee_staff
    )
    services.suggestion_mark_key(
        suggestion=suggestion,
        overseer=overseer,
        actor=committee_staff,
        source=KeySource.CHAIRPERSONS_MEETING,
        chairpersons_meeting=held,
    )

    suggestion.refresh_from_db()
    assert (suggestion.is_key, suggestion.oversight, suggestion.key_source) == (
        True,
        overseer,
        KeySource.CHAIRPERSONS_MEETING,
    )
    assert event_kinds(suggestion)[-1] == EventKind.MARKED_KEY
    assert suggestions_visible_to(leader).filter(pk=suggestion.pk).exists()
    # The choice is a decision of that chairpersons' meeting.
    assert suggestion.chairpersons_decision.meeting == held
    assert suggestion.chairpersons_decision.kind == DecisionKind.KEY_SUGGESTIONS


def test_a_plain_committee_member_cannot_oversee(world, deputy, committee_staff):
    member = committee_member(world, role=MemberRole.MEMBER)
    suggestion = accepted(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_mark_key(
            suggestion=suggestion, overseer=member, actor=committee_staff
        )

    assert error.value.field == "oversight"
    assert snapshot(suggestion) == before


def test_a_deputy_cannot_mark_key(world, deputy, committee_staff):
    overseer = committee_member(world)
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_mark_key(
            suggestion=suggestion, overseer=overseer, actor=deputy
        )

    assert snapshot(suggestion) == before


def test_a_closed_suggestion_cannot_become_key(
    world, deputy, committee_staff, unit_staff
):
    overseer = committee_member(world)
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff)
    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 3, 12)
    )
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        services.suggestion_mark_key(
            suggestion=suggestion, overseer=overseer, actor=committee_staff
        )

    assert snapshot(suggestion) == before
