"""Replies, ratings, reopening on 不满意, closing by rating or by the expired window."""

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import IdempotencyKey
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    CloseReason,
    EventKind,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from renda.suggestions.models import Feedback, Reply, SuggestionEvent
from renda.units.tests.factories import HandlingUnitFactory

from .factories import (
    START,
    assigned,
    deputy_user,
    event_kinds,
    moment,
    reply,
    snapshot,
    unit_user,
)

LEAD = AssignmentRole.LEAD
JOINT = AssignmentRole.JOINT
REPLY_DAY = moment(2025, 3, 10)  # a Monday


# Within the 20 working days the deputy has to rate a reply of REPLY_DAY.
RATE_DAY = moment(2025, 3, 12)


@pytest.fixture
def replied(world, deputy, committee_staff, unit_staff):
    """A suggestion whose only lead unit replied on 2025-03-10."""
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff, now=REPLY_DAY)
    suggestion.refresh_from_db()
    return suggestion, assignment, answer


# Replies ----------------------------------------------------------------------


def test_the_lead_units_reply_opens_the_rating_window(replied):
    suggestion, assignment, answer = replied

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPLIED
    assert suggestion.status == SuggestionStatus.REPLIED
    assert suggestion.replied_at == REPLY_DAY
    assert (answer.outcome, answer.signed_by, answer.met_deputy_first) == (
        ReplyOutcome.A,
        "李局长",
        True,
    )
    assert answer.due_at == dt.date(2025, 6, 3)
    assert answer.on_time is True
    assert event_kinds(suggestion)[-2:] == [EventKind.REPLIED, EventKind.ALL_REPLIED]


def test_with_two_lead_units_the_suggestion_waits_for_both(
    world, deputy, committee_staff, unit_staff
):
    second = HandlingUnitFactory(name="辽源市公安局", region=world.city)
    suggestion, [first_assignment, second_assignment] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (second, LEAD)],
    )

    reply(first_assignment, unit_staff, now=REPLY_DAY)
    suggestion.refresh_from_db()
    status_after_one = suggestion.status
    reply(second_assignment, unit_user(second, "police"), now=moment(2025, 3, 11))
    suggestion.refresh_from_db()

    assert status_after_one == SuggestionStatus.ASSIGNED
    assert suggestion.status == SuggestionStatus.REPLIED
    assert suggestion.replied_at == moment(2025, 3, 11)


def test_a_joint_units_opinion_needs_no_outcome_and_moves_nothing(
    world, deputy, committee_staff
):
    joint_unit = HandlingUnitFactory(name="辽源市公安局", region=world.city)
    suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )

    opinion = reply(joint, unit_user(joint_unit, "police"), outcome="")

    suggestion.refresh_from_db()
    assert opinion.outcome == ""
    assert suggestion.status == SuggestionStatus.ASSIGNED


def test_a_lead_reply_needs_an_outcome(world, deputy, committee_staff, unit_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        reply(assignment, unit_staff, outcome="")

    assert (error.value.field, error.value.message) == (
        "outcome",
        "请选择答复分类（A、B 或 C）。",
    )
    assert snapshot(suggestion) == before
    assert not Reply.objects.exists()


def test_another_unit_cannot_reply(world, deputy, committee_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        reply(assignment, unit_user(world.unit_xian, "xian_unit"))

    assert snapshot(suggestion) == before
    assert not Reply.objects.exists()


def test_replying_twice_is_an_invalid_transition(replied, unit_staff):
    suggestion, assignment, _answer = replied
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        reply(assignment, unit_staff)

    assert snapshot(suggestion) == before
    assert Reply.objects.count() == 1


def test_a_retried_reply_with_the_same_key_returns_the_first_reply(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)

    first = reply(assignment, unit_staff, idempotency_key="r-1", now=REPLY_DAY)
    retry = reply(assignment, unit_staff, idempotency_key="r-1")

    assert retry.pk == first.pk
    assert Reply.objects.count() == 1
    assert event_kinds(suggestion).count(EventKind.REPLIED) == 1
    assert IdempotencyKey.objects.get().result_pk == first.pk


def test_a_late_reply_is_recorded_as_late(world, deputy, committee_staff, unit_staff):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)

    answer = reply(assignment, unit_staff, now=moment(2025, 6, 4))

    assert answer.on_time is False


# Feedback -----------------------------------------------------------------------


@pytest.mark.parametrize("rating", [Rating.SATISFIED, Rating.BASICALLY_SATISFIED])
def test_a_satisfied_rating_closes_the_suggestion(replied, deputy, rating):
    suggestion, _assignment, answer = replied
    when = moment(2025, 3, 12)

    services.feedback_create(reply=answer, rating=rating, actor=deputy, now=when)

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED
    assert suggestion.closed_at == when
    assert suggestion.close_reason == CloseReason.RATED
    assert event_kinds(suggestion)[-2:] == [EventKind.RATED, EventKind.CLOSED]


def test_unsatisfied_reopens_the_unit_for_one_month(replied, deputy):
    suggestion, assignment, answer = replied

    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="信号灯仍未安装。",
        actor=deputy,
        now=moment(2025, 3, 20),
    )

    suggestion.refresh_from_db()
    assignment.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REOPENED
    assert assignment.status == AssignmentStatus.REHANDLING
    assert assignment.due_at == dt.date(2025, 4, 21)  # 04-20 is a Sunday
    event = SuggestionEvent.objects.filter(kind=EventKind.REOPENED).get()
    assert event.data["reason"] == "信号灯仍未安装。"


def test_unsatisfied_needs_a_reason(replied, deputy):
    suggestion, _assignment, answer = replied
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.feedback_create(
            reply=answer, rating=Rating.UNSATISFIED, actor=deputy, now=RATE_DAY
        )

    assert (error.value.field, error.value.message) == (
        "reason",
        "请填写不满意的理由。",
    )
    assert snapshot(suggestion) == before
    assert not Feedback.objects.exists()


def test_after_rehandling_a_second_reply_can_be_rated_and_closes(
    replied, deputy, unit_staff
):
    suggestion, assignment, answer = replied
    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="未落实",
        actor=deputy,
        now=moment(2025, 3, 20),
    )

    second = reply(assignment, unit_staff, now=moment(2025, 4, 10))
    suggestion.refresh_from_db()
    status_after_second_reply = suggestion.status
    services.feedback_create(
        reply=second, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 4, 11)
    )

    suggestion.refresh_from_db()
    assert status_after_second_reply == SuggestionStatus.REPLIED
    assert second.due_at == dt.date(2025, 4, 21)
    assert suggestion.status == SuggestionStatus.CLOSED
    assert suggestion.replied_at == moment(2025, 4, 10)


def test_only_the_latest_reply_can_be_rated(replied, deputy, unit_staff):
    suggestion, assignment, answer = replied
    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="未落实",
        actor=deputy,
        now=RATE_DAY,
    )
    reply(assignment, unit_staff)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        services.feedback_create(
            reply=answer, rating=Rating.SATISFIED, actor=deputy, now=RATE_DAY
        )

    assert snapshot(suggestion) == before


def test_a_reply_is_rated_once(replied, deputy):
    suggestion, _assignment, answer = replied
    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="未落实",
        actor=deputy,
        now=RATE_DAY,
    )
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.feedback_create(
            reply=answer, rating=Rating.SATISFIED, actor=deputy, now=RATE_DAY
        )

    assert error.value.message == "该答复已测评。"
    assert snapshot(suggestion) == before


@pytest.mark.parametrize("who", ["cosigner", "committee_staff", "unit_staff"])
def test_only_the_lead_deputy_rates(world, replied, request, who):
    suggestion, _assignment, answer = replied
    actor = (
        deputy_user(world.deputy_city_b, "cosigner")
        if who == "cosigner"
        else request.getfixturevalue(who)
    )
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.feedback_create(
            reply=answer, rating=Rating.SATISFIED, actor=actor, now=RATE_DAY
        )

    assert snapshot(suggestion) == before
    assert not Feedback.objects.exists()


def test_with_two_leads_one_satisfied_rating_does_not_close(
    world, deputy, committee_staff, unit_staff
):
    second = HandlingUnitFactory(name="辽源市公安局", region=world.city)
    suggestion, [first_assignment, second_assignment] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (second, LEAD)],
    )
    first_reply = reply(first_assignment, unit_staff)
    second_reply = reply(second_assignment, unit_user(second, "police"))

    services.feedback_create(
        reply=first_reply, rating=Rating.SATISFIED, actor=deputy, now=RATE_DAY
    )
    suggestion.refresh_from_db()
    after_one = suggestion.status
    services.feedback_create(
        reply=second_reply,
        rating=Rating.BASICALLY_SATISFIED,
        actor=deputy,
        now=RATE_DAY,
    )
    suggestion.refresh_from_db()

    assert after_one == SuggestionStatus.REPLIED
    assert suggestion.status == SuggestionStatus.CLOSED


def test_a_joint_opinion_is_not_rated(world, deputy, committee_staff, unit_staff):
    joint_unit = HandlingUnitFactory(name="辽源市公安局", region=world.city)
    suggestion, [lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )
    opinion = reply(joint, unit_user(joint_unit, "police"), outcome="")
    reply(lead, unit_staff)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.feedback_create(
            reply=opinion, rating=Rating.SATISFIED, actor=deputy, now=RATE_DAY
        )

    assert error.value.code == "suggestions.not_rateable"
    assert snapshot(suggestion) == before


# Closing when the rating window has passed ----------------------------------------


def test_unrated_suggestions_close_after_twenty_working_days(replied):
    suggestion, _assignment, _answer = replied

    # 20 working days after 2025-03-10, skipping 清明 (04-04): 2025-04-08.
    on_last_day = services.suggestion_close_expired(today=dt.date(2025, 4, 8))
    suggestion.refresh_from_db()
    status_on_last_day = suggestion.status
    day_after = services.suggestion_close_expired(
        today=dt.date(2025, 4, 9), now=moment(2025, 4, 9, 1)
    )

    suggestion.refresh_from_db()
    assert on_last_day == []
    assert status_on_last_day == SuggestionStatus.REPLIED
    assert [item.pk for item in day_after] == [suggestion.pk]
    assert suggestion.status == SuggestionStatus.CLOSED
    assert suggestion.close_reason == CloseReason.RATING_WINDOW_PASSED
    event = SuggestionEvent.objects.filter(kind=EventKind.CLOSED).get()
    assert (event.actor, event.data["rating_deadline"]) == (None, "2025-04-08")


def test_a_reopened_suggestion_is_not_closed_by_the_window(replied, deputy):
    suggestion, _assignment, answer = replied
    services.feedback_create(
        reply=answer,
        rating=Rating.UNSATISFIED,
        reason="未落实",
        actor=deputy,
        now=RATE_DAY,
    )

    closed = services.suggestion_close_expired(today=dt.date(2025, 12, 31))

    suggestion.refresh_from_db()
    assert closed == []
    assert suggestion.status == SuggestionStatus.REOPENED


def test_closing_by_hand_is_for_administrators(replied, committee_staff):
    suggestion, _assignment, _answer = replied

    with pytest.raises(PermissionDenied):
        services.suggestion_close_expired(
            today=dt.date(2025, 12, 31), actor=committee_staff
        )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED


def test_a_rating_after_the_window_is_refused_before_the_daily_job(replied, deputy):
    # Given the 20 working days after the 2025-03-10 reply ended on 2025-04-08 and
    # the daily job has not closed the item yet.
    suggestion, assignment, answer = replied

    # When the deputy tries 不满意 the next day, it is refused ...
    with pytest.raises(InvalidTransition) as error:
        services.feedback_create(
            reply=answer,
            rating=Rating.UNSATISFIED,
            reason="迟到的意见",
            actor=deputy,
            now=moment(2025, 4, 9),
        )

    # ... with the date, and nothing changes: no rating, no reopening.
    assert error.value.code == "suggestions.rating_window_passed"
    assert "2025年4月8日" in error.value.message
    suggestion.refresh_from_db()
    assignment.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED
    assert assignment.status == "REPLIED"
    assert not Feedback.objects.exists()


def test_a_rating_on_the_last_day_of_the_window_counts(replied, deputy):
    suggestion, _assignment, answer = replied

    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 4, 8, 23)
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED
