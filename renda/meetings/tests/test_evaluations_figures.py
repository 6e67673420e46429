"""A unit's figures for 票决评议, from the suggestions app (registered through
meetings.hooks), built with suggestions made through the suggestion services."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.meetings import hooks
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Rating
from renda.suggestions.meeting_figures import add_months, unit_figures
from renda.suggestions.tests.factories import assigned, moment, reply

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(dt.date(2025, 3, 3), 6) == dt.date(2025, 9, 3)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)


def test_a_units_figures_from_its_assignments(
    world, deputy, committee_staff, unit_staff
):
    # 1: answered in a week, on time, rated 满意.
    _, [first] = assigned(world, deputy, committee_staff, now=moment(2025, 3, 3))
    answer = reply(first, unit_staff, now=moment(2025, 3, 10))
    services.feedback_create(
        reply=answer, rating=Rating.SATISFIED, actor=deputy, now=moment(2025, 3, 12)
    )
    # 2: answered seven months after assignment (late), rated 不满意.
    _, [second] = assigned(
        world,
        deputy,
        committee_staff,
        now=moment(2025, 3, 3),
        title="关于增设停车场的建议",
    )
    late = reply(second, unit_staff, now=moment(2025, 10, 9))
    services.feedback_create(
        reply=late,
        rating=Rating.UNSATISFIED,
        reason="停车位仍然不足",
        actor=deputy,
        now=moment(2025, 10, 10),
    )
    # 3: still unanswered; 4: another unit's item (not counted).
    assigned(
        world, deputy, committee_staff, now=moment(2025, 4, 1), title="关于路灯的建议"
    )
    assigned(
        world,
        deputy,
        committee_staff,
        now=moment(2025, 4, 1),
        title="关于西安区的建议",
        units=[(world.unit_xian, AssignmentRole.LEAD)],
    )
    figures = unit_figures(
        handling_unit=world.unit_city,
        year=2025,
        congress=world.city_congress,
        today=dt.date(2025, 12, 31),
    )
    assert figures["assignments"] == 3
    assert figures["returned"] == 0
    assert figures["signed_on_time"] == 3
    assert figures["sign_off_on_time_rate"] == "100.0"
    assert figures["answered"] == 2
    assert figures["answered_on_time"] == 1
    assert figures["answer_on_time_rate"] == "50.0"
    assert figures["ratings"] == {
        "SATISFIED": 1,
        "BASICALLY_SATISFIED": 0,
        "UNSATISFIED": 1,
    }
    assert figures["items_unsatisfied"] == 1
    # The late answer and the item unanswered since April (as of 31 December).
    assert figures["answered_after_6_months"] == 2
    assert figures["late_by_months"]["1"] == 2
    assert figures["late_by_months"]["9"] == 0
    # Another year, another congress: nothing.
    assert (
        unit_figures(
            handling_unit=world.unit_city, year=2024, congress=world.city_congress
        )["assignments"]
        == 0
    )
    # meetings asks through its hook (registered in SuggestionsConfig.ready).
    through_hook = hooks.unit_figures(
        handling_unit=world.unit_city, year=2025, congress=world.city_congress
    )
    assert through_hook["assignments"] == 3
    assert through_hook["items_unsatisfied"] == 1
