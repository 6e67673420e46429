"""The committee's figures: 办结率, on-time rate, A/B/C shares, satisfaction, overdue."""

import datetime as dt
from decimal import Decimal

import pytest

from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    Channel,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from renda.suggestions.models import Suggestion
from renda.suggestions.selectors import rate, suggestion_stats

from .factories import accepted, moment, reply, submitted, unit_user

ACCEPTED_ON = moment(2025, 3, 3)
ON_TIME = moment(2025, 3, 10)
LATE = moment(2025, 6, 10)  # the deadline was 2025-06-03
TODAY = dt.date(2025, 7, 1)


@pytest.fixture
def year_2025(world, deputy, committee_staff, unit_staff):
    """83 suggestions accepted in 2025, 58 of them closed within the year."""
    xian_staff = unit_user(world.unit_xian, "xian_unit")
    lead = AssignmentRole.LEAD

    def assign(suggestion, unit):
        [assignment] = services.suggestion_assign(
            suggestion=suggestion,
            units=[(unit, lead)],
            actor=committee_staff,
            now=ACCEPTED_ON,
        )
        return assignment

    outcomes = [ReplyOutcome.A] * 40 + [ReplyOutcome.B] * 10 + [ReplyOutcome.C] * 8
    for index, outcome in enumerate(outcomes):
        # 58 answered on time and rated satisfied (50) or basically satisfied (8).
        suggestion = accepted(world, deputy, committee_staff, now=ACCEPTED_ON)
        answer = reply(
            assign(suggestion, world.unit_city),
            unit_staff,
            now=ON_TIME,
            outcome=outcome,
        )
        rating = Rating.SATISFIED if index < 50 else Rating.BASICALLY_SATISFIED
        services.feedback_create(
            reply=answer, rating=rating, actor=deputy, now=moment(2025, 3, 12)
        )
    for index in range(10):
        # 10 answered late (C); 4 of them rated 不满意 and handled again.
        suggestion = accepted(world, deputy, committee_staff, now=ACCEPTED_ON)
        answer = reply(
            assign(suggestion, world.unit_city),
            unit_staff,
            now=LATE,
            outcome=ReplyOutcome.C,
        )
        if index < 4:
            services.feedback_create(
                reply=answer,
                rating=Rating.UNSATISFIED,
                reason="未解决",
                actor=deputy,
                now=moment(2025, 6, 11),
            )
    for _index in range(5):
        # 5 assigned to the 西安区 government and never answered: overdue.
        suggestion = accepted(world, deputy, committee_staff, now=ACCEPTED_ON)
        assign(suggestion, world.unit_xian)
    for _index in range(10):
        # 10 《代表之声》 items accepted but not assigned yet.
        accepted(world, deputy, committee_staff, now=ACCEPTED_ON, channel=Channel.VOICE)
    for _index in range(2):
        submitted(world, deputy, now=moment(2025, 11, 20))
    # Accepted in 2024 and closed in 2025: counts in neither figure of 2025.
    old = accepted(world, deputy, committee_staff, now=moment(2024, 12, 2))
    [old_assignment] = services.suggestion_assign(
        suggestion=old,
        units=[(world.unit_city, lead)],
        actor=committee_staff,
        now=moment(2024, 12, 2),
    )
    old_reply = reply(old_assignment, unit_staff, now=moment(2025, 1, 6))
    services.feedback_create(
        reply=old_reply, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 1, 7)
    )
    return xian_staff


def test_completion_rate_is_closed_within_the_year_over_accepted(
    world, year_2025, committee_staff
):
    stats = suggestion_stats(
        user=committee_staff, congress=world.city_congress, year=2025, today=TODAY
    ).total

    assert Suggestion.objects.filter(status=SuggestionStatus.CLOSED).count() == 59
    assert (stats.submitted, stats.accepted, stats.closed) == (85, 83, 58)
    assert stats.completion_rate == Decimal("69.9")


def test_on_time_outcome_satisfaction_and_overdue_figures(
    world, year_2025, committee_staff
):
    stats = suggestion_stats(
        user=committee_staff, congress=world.city_congress, year=2025, today=TODAY
    ).total

    assert (stats.replies, stats.on_time_replies, stats.on_time_rate) == (
        68,
        58,
        Decimal("85.3"),
    )
    assert stats.outcomes == {"A": 40, "B": 10, "C": 18}
    assert stats.outcome_shares == {
        "A": Decimal("58.8"),
        "B": Decimal("14.7"),
        "C": Decimal("26.5"),
    }
    assert (stats.rated, stats.satisfied, stats.satisfaction_rate) == (
        62,
        58,
        Decimal("93.5"),
    )
    # The 4 reopened items are due again on 2025-07-11: not overdue yet.
    assert stats.overdue_now == 5


def test_figures_by_channel_and_for_one_unit(world, year_2025, committee_staff):
    report = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        group_by="channel",
        today=TODAY,
    )
    by_unit = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        unit=world.unit_xian,
        today=TODAY,
    ).total

    groups = {group.key: group.stats for group in report.groups}
    assert set(groups) == {Channel.FORMAL, Channel.VOICE}
    assert (groups[Channel.FORMAL].accepted, groups[Channel.FORMAL].closed) == (73, 58)
    assert groups[Channel.FORMAL].completion_rate == Decimal("79.5")
    assert (groups[Channel.VOICE].accepted, groups[Channel.VOICE].completion_rate) == (
        10,
        Decimal("0.0"),
    )
    assert (by_unit.accepted, by_unit.closed, by_unit.overdue_now) == (5, 0, 5)


def test_figures_only_count_what_the_user_may_see(world, year_2025):
    stats = suggestion_stats(
        user=year_2025, congress=world.city_congress, year=2025, today=TODAY
    ).total

    assert (stats.accepted, stats.closed, stats.overdue_now) == (5, 0, 5)


def test_rate_rounds_half_up_to_one_decimal():
    assert rate(58, 83) == Decimal("69.9")
    assert rate(1, 8) == Decimal("12.5")
    assert rate(1, 16) == Decimal("6.3")
    assert rate(0, 0) is None


def test_a_unit_that_returned_an_item_does_not_count_it(world, deputy, committee_staff):
    # Given an item assigned to the 西安区 government, which returns it as misrouted.
    from .factories import assigned

    suggestion, [assignment] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_xian, "LEAD")],
        now=moment(2025, 3, 3),
    )
    services.assignment_return(
        assignment=assignment,
        reason="不属本单位职责",
        actor=unit_user(world.unit_xian, "xian_unit"),
        now=moment(2025, 3, 4),
    )

    # Then the unit's figures, and the by-unit grouping, leave it out.
    by_unit = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        unit=world.unit_xian,
        today=dt.date(2025, 3, 5),
    ).total
    grouped = suggestion_stats(
        user=committee_staff,
        congress=world.city_congress,
        year=2025,
        group_by="unit",
        today=dt.date(2025, 3, 5),
    )
    assert (by_unit.accepted, by_unit.closed) == (0, 0)
    assert world.unit_xian.pk not in {group.key for group in grouped.groups}
    suggestion.refresh_from_db()
    assert suggestion.status == "ACCEPTED"


def test_overdue_now_counts_only_the_years_items(world, deputy, committee_staff):
    # Given an item of 2024 and one of 2025, both unanswered past their deadline
    for year in (2024, 2025):
        suggestion = accepted(world, deputy, committee_staff, now=moment(year, 3, 3))
        services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=committee_staff,
            now=moment(year, 3, 3),
        )

    # When each year's figures are read
    def overdue(year):
        return suggestion_stats(
            user=committee_staff, congress=world.city_congress, year=year, today=TODAY
        ).total.overdue_now

    # Then each year counts its own overdue item only
    assert (overdue(2024), overdue(2025), overdue(2023)) == (1, 1, 0)


def test_an_item_past_its_rating_window_is_closed_before_the_daily_job_runs(
    world, deputy, committee_staff, unit_staff
):
    # Given an item answered on 2025-03-10 and never rated
    suggestion = accepted(world, deputy, committee_staff, now=ACCEPTED_ON)
    [assignment] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=committee_staff,
        now=ACCEPTED_ON,
    )
    reply(assignment, unit_staff, now=ON_TIME)
    suggestion.refresh_from_db()
    deadline = services.rating_deadline(suggestion)

    def figures(today):
        stats = suggestion_stats(
            user=committee_staff, congress=world.city_congress, year=2025, today=today
        ).total
        return stats.closed, stats.completion_rate

    # When the window has passed but the daily job has not run
    # Then the item is closed in the figures already, as after the job
    assert figures(deadline) == (0, Decimal("0.0"))
    before_job = figures(TODAY)
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.REPLIED
    services.suggestion_close_expired(today=TODAY, now=moment(2025, 7, 1))
    assert before_job == figures(TODAY) == (1, Decimal("100.0"))
