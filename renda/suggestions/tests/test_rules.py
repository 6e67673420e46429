"""The rules are read at call time: overriding a setting changes what services do."""

import datetime as dt

import pytest
from django.test import override_settings
from pydantic import ValidationError

from renda.congresses.choices import Level
from renda.core.errors import ApplicationError, InvalidTransition
from renda.suggestions import rules, services
from renda.suggestions.api.schemas import ExtensionRequestIn
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Category,
    Channel,
    Rating,
    SuggestionStatus,
)
from renda.suggestions.daily import deadline_assignments
from renda.suggestions.routing import propose_units
from renda.units.tests.factories import HandlingUnitFactory

from .factories import START, assigned, draft, moment, reply

LEAD = AssignmentRole.LEAD
JOINT = AssignmentRole.JOINT
REPLY_DAY = moment(2025, 3, 10)


@pytest.mark.parametrize(
    ("setting", "value", "channel", "expected"),
    [
        (
            "RENDA_SUGGESTION_FORMAL_REPLY_MONTHS",
            2,
            Channel.FORMAL,
            dt.date(2025, 5, 6),
        ),
        ("RENDA_SUGGESTION_VOICE_REPLY_DAYS", 10, Channel.VOICE, dt.date(2025, 3, 13)),
        (
            "RENDA_SUGGESTION_HOTLINE_REPLY_DAYS",
            3,
            Channel.HOTLINE,
            dt.date(2025, 3, 6),
        ),
    ],
)
def test_the_channel_periods_follow_their_settings(
    world, deputy, committee_staff, setting, value, channel, expected
):
    with override_settings(**{setting: value}):
        _suggestion, [assignment] = assigned(
            world, deputy, committee_staff, channel=channel, now=START
        )

    assert assignment.due_at == expected


@override_settings(RENDA_SUGGESTION_JOINT_OPINION_MONTHS=2)
def test_the_joint_opinion_period_follows_its_setting(world, deputy, committee_staff):
    joint_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    _suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )

    # Default 1 month (2025-04-03); overridden: 2 months, 05-03 falls in the
    # Labour Day holiday, so the next working day.
    assert joint.due_at == dt.date(2025, 5, 6)


def test_the_rehandling_period_follows_its_setting(
    world, deputy, committee_staff, unit_staff
):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff, now=REPLY_DAY)

    with override_settings(RENDA_SUGGESTION_REHANDLING_MONTHS=2):
        services.feedback_create(
            reply=answer,
            rating=Rating.UNSATISFIED,
            reason="信号灯仍未安装。",
            actor=deputy,
            now=moment(2025, 3, 12),
        )

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REHANDLING
    # Default 1 month (2025-04-14, 04-12 a Saturday); overridden: 2 months.
    assert assignment.due_at == dt.date(2025, 5, 12)


def test_the_return_window_follows_its_setting(
    world, deputy, committee_staff, unit_staff
):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)

    # Within the default 7 working days, outside a window of 2.
    with (
        override_settings(RENDA_SUGGESTION_RETURN_WINDOW_WORKING_DAYS=2),
        pytest.raises(InvalidTransition) as error,
    ):
        services.assignment_return(
            assignment=assignment,
            reason="不属于本单位职责。",
            actor=unit_staff,
            now=moment(2025, 3, 6),
        )

    assert error.value.code == "suggestions.return_window_passed"
    assert "2 个工作日" in error.value.message
    assert rules.return_window_open(assignment, dt.date(2025, 3, 6))
    with override_settings(RENDA_SUGGESTION_RETURN_WINDOW_WORKING_DAYS=2):
        assert rules.describe_return_window() == "交办后 2 个工作日内（含第 2 日）"
    assert rules.describe_return_window() == "交办后 7 个工作日内（含第 7 日）"


def test_the_rating_window_follows_its_setting(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    answer = reply(assignment, unit_staff, now=REPLY_DAY)
    suggestion.refresh_from_db()

    with override_settings(RENDA_SUGGESTION_RATING_WINDOW_WORKING_DAYS=2):
        assert not rules.rating_window_open(suggestion, dt.date(2025, 3, 13))
        with pytest.raises(InvalidTransition) as error:
            services.feedback_create(
                reply=answer,
                rating=Rating.SATISFIED,
                actor=deputy,
                now=moment(2025, 3, 13),
            )
        closed = services.suggestion_close_expired(today=dt.date(2025, 3, 13))

    assert error.value.code == "suggestions.rating_window_passed"
    assert [item.pk for item in closed] == [suggestion.pk]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED
    # With the default 20 working days the window would still run.
    assert rules.rating_deadline(suggestion) == dt.date(2025, 4, 8)


def test_the_extension_limits_follow_their_settings(
    world, deputy, committee_staff, unit_staff
):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff)

    with (
        override_settings(RENDA_SUGGESTION_MAX_EXTENSION_MONTHS=1),
        pytest.raises(ApplicationError) as error,
    ):
        services.extension_request(
            assignment=assignment, months=2, reason="需列入预算。", actor=unit_staff
        )
    assert error.value.field == "months"
    assert "1 到 1" in error.value.message

    assert rules.assignment_may_extend(assignment)
    # No extension at all where a congress's rules allow none (the database
    # holds at most one approved extension per assignment, so 1 is the ceiling).
    with override_settings(RENDA_SUGGESTION_MAX_EXTENSIONS=0):
        assert not rules.assignment_may_extend(assignment)
        with pytest.raises(InvalidTransition) as used:
            services.suggestion_extend(
                assignment=assignment,
                months=1,
                reason="施工季节",
                actor=committee_staff,
            )
    assert used.value.code == "suggestions.extension_used"
    services.suggestion_extend(
        assignment=assignment, months=1, reason="施工季节", actor=committee_staff
    )
    assignment.refresh_from_db()
    assert not rules.assignment_may_extend(assignment)
    assert rules.describe_extension_limit() == "延期一次，最多 3 个月"


def test_the_due_soon_window_follows_its_setting(
    world, deputy, committee_staff, unit_staff
):
    # HOTLINE from 2025-03-03: due 2025-03-10.
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.HOTLINE
    )
    today = dt.date(2025, 3, 5)

    assert not rules.due_soon(assignment, today)
    assert list(deadline_assignments(today=today)) == []
    with override_settings(RENDA_SUGGESTION_DUE_SOON_DAYS=5):
        assert rules.due_soon(assignment, today)
        assert rules.due_soon(assignment.due_at, today)
        assert list(deadline_assignments(today=today)) == [assignment]
    # Overdue is not due soon.
    assert not rules.due_soon(assignment, dt.date(2025, 3, 11))


def test_a_replied_assignment_is_never_due_soon(
    world, deputy, committee_staff, unit_staff
):
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.HOTLINE
    )
    reply(assignment, unit_staff, now=moment(2025, 3, 5))
    assignment.refresh_from_db()

    assert not rules.due_soon(assignment, dt.date(2025, 3, 9))


def test_the_routing_keywords_follow_their_setting(world, deputy):
    office = HandlingUnitFactory(
        name="辽源市公路事业发展中心", level=Level.MUNICIPAL, region=world.city
    )
    suggestion = draft(world, deputy, category=Category.EDUCATION)

    assert office not in propose_units(suggestion=suggestion)
    with override_settings(
        RENDA_SUGGESTION_CATEGORY_UNIT_KEYWORDS={Category.EDUCATION: ("公路",)}
    ):
        assert propose_units(suggestion=suggestion) == [office]


def test_the_periods_are_read_at_call_time():
    with override_settings(RENDA_SUGGESTION_MAX_EXTENSION_MONTHS=5):
        assert rules.max_extension_months() == 5
    assert rules.max_extension_months() == 3
    assert rules.describe_channel_period(Channel.VOICE) == "15 日"
    assert rules.describe_channel_period(Channel.FORMAL) == "3 个月"


def test_the_api_reads_the_extension_limit_at_call_time():
    with pytest.raises(ValidationError, match="1 到 3 之间"):
        ExtensionRequestIn(months=4, reason="需要更多时间")
    with override_settings(RENDA_SUGGESTION_MAX_EXTENSION_MONTHS=5):
        assert ExtensionRequestIn(months=4, reason="需要更多时间").months == 4
