"""Assignment, deadlines per channel, returning misrouted items, extensions."""

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    EventKind,
    ExtensionStatus,
    SuggestionStatus,
)
from renda.suggestions.models import Assignment, ExtensionRequest, SuggestionEvent
from renda.units.tests.factories import HandlingUnitFactory

from .factories import (
    START,
    accepted,
    assigned,
    event_kinds,
    moment,
    snapshot,
    submitted,
    unit_user,
)

LEAD = AssignmentRole.LEAD
JOINT = AssignmentRole.JOINT

# Assigning ----------------------------------------------------------------------


def test_assign_creates_one_assignment_per_unit_with_its_deadline(
    world, deputy, committee_staff
):
    suggestion = accepted(world, deputy, committee_staff)
    joint_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)

    assignments = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
        actor=committee_staff,
        now=START,
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    lead, joint = assignments
    # 3 months from Monday 2025-03-03; 1 month for the joint unit's opinion.
    assert (lead.role, lead.due_at, lead.due_provisional) == (
        LEAD,
        dt.date(2025, 6, 3),
        False,
    )
    assert (joint.role, joint.due_at) == (JOINT, dt.date(2025, 4, 3))
    events = SuggestionEvent.objects.filter(kind=EventKind.ASSIGNED).order_by("id")
    assert [event.assignment for event in events] == [lead, joint]
    assert events[0].data["due_at"] == "2025-06-03"


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (Channel.FORMAL, dt.date(2025, 6, 3)),
        (Channel.VOICE, dt.date(2025, 3, 18)),
        (Channel.HOTLINE, dt.date(2025, 3, 10)),
    ],
)
def test_deadline_follows_the_channel(
    world, deputy, committee_staff, channel, expected
):
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, channel=channel, now=START
    )

    assert assignment.due_at == expected


def test_deadline_on_a_holiday_moves_to_the_next_working_day(
    world, deputy, committee_staff
):
    # 7 days from 2025-09-24 is 10-01, the National Day holiday (10-01 to 10-08).
    _suggestion, [assignment] = assigned(
        world,
        deputy,
        committee_staff,
        channel=Channel.HOTLINE,
        now=moment(2025, 9, 24),
    )

    assert assignment.due_at == dt.date(2025, 10, 9)


def test_joint_deadline_never_exceeds_the_channel_deadline(
    world, deputy, committee_staff
):
    joint_unit = HandlingUnitFactory(name="辽源市公安局", region=world.city)

    _suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        channel=Channel.HOTLINE,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )

    assert joint.due_at == dt.date(2025, 3, 10)


def test_deadline_in_a_year_without_a_holiday_schedule_is_provisional(
    world, deputy, committee_staff
):
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, now=moment(2026, 12, 1)
    )

    assert assignment.due_at == dt.date(2027, 3, 1)
    assert assignment.due_provisional is True


def test_assign_needs_a_lead_unit(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, JOINT)],
            actor=committee_staff,
        )

    assert (error.value.field, error.value.message) == (
        "units",
        "请至少指定一个主办（或分办）单位。",
    )
    assert snapshot(suggestion) == before


def test_assign_refuses_the_same_unit_twice(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, LEAD), (world.unit_city, JOINT)],
            actor=committee_staff,
        )

    assert "重复" in error.value.message
    assert snapshot(suggestion) == before


def test_assign_by_unit_staff_is_denied(world, deputy, committee_staff, unit_staff):
    suggestion = accepted(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.suggestion_assign(
            suggestion=suggestion, units=[(world.unit_city, LEAD)], actor=unit_staff
        )

    assert snapshot(suggestion) == before


def test_the_second_assignment_is_refused_with_a_clear_message(
    world, deputy, committee_staff
):
    suggestion, _assignments = assigned(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_xian, LEAD)],
            actor=committee_staff,
        )

    assert error.value.code == "suggestions.already_assigned"
    assert error.value.message == "该建议已由其他工作人员交办，请刷新页面查看交办情况。"
    assert snapshot(suggestion) == before


def test_a_submitted_suggestion_cannot_be_assigned_before_acceptance(
    world, deputy, committee_staff
):
    suggestion = submitted(world, deputy)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition):
        services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, LEAD)],
            actor=committee_staff,
        )

    assert snapshot(suggestion) == before


# Returning a misrouted item ------------------------------------------------------


def test_unit_returns_a_misrouted_item_on_the_seventh_working_day(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)

    # Seven working days after Monday 2025-03-03 is Wednesday 2025-03-12.
    services.assignment_return(
        assignment=assignment,
        reason="该事项属于市交通运输局职责。",
        actor=unit_staff,
        now=moment(2025, 3, 12, 17),
    )

    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert assignment.return_reason == "该事项属于市交通运输局职责。"
    # Back with staff: no unit's clock runs until they assign it again.
    assert suggestion.status == SuggestionStatus.ACCEPTED
    event = SuggestionEvent.objects.filter(kind=EventKind.ASSIGNMENT_RETURNED).get()
    assert event.assignment == assignment
    assert event.data["back_to_staff"] is True


def test_return_after_seven_working_days_is_refused(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.assignment_return(
            assignment=assignment,
            reason="不属于本单位职责。",
            actor=unit_staff,
            now=moment(2025, 3, 13),
        )

    assert error.value.code == "suggestions.return_window_passed"
    assert "2025年03月12日" in error.value.message
    assert snapshot(suggestion) == before


def test_another_units_staff_cannot_return_the_item(world, deputy, committee_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    other = unit_user(world.unit_xian, "xian_unit")
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.assignment_return(
            assignment=assignment, reason="不属于本单位", actor=other, now=START
        )

    assert snapshot(suggestion) == before


def test_staff_reassign_a_returned_item_with_a_fresh_deadline(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [first] = assigned(world, deputy, committee_staff, now=START)
    services.assignment_return(
        assignment=first, reason="职责不符", actor=unit_staff, now=moment(2025, 3, 5)
    )

    [second] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_xian, LEAD)],
        actor=committee_staff,
        now=moment(2025, 3, 10),
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    assert second.due_at == dt.date(2025, 6, 10)
    assert Assignment.objects.filter(suggestion=suggestion).count() == 2


def test_a_joint_unit_returning_leaves_the_lead_at_work(world, deputy, committee_staff):
    joint_unit = HandlingUnitFactory(name="辽源市公安局", region=world.city)
    joint_staff = unit_user(joint_unit, "police")
    suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )

    services.assignment_return(
        assignment=joint, reason="不涉及本单位", actor=joint_staff, now=START
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED


# Extensions ---------------------------------------------------------------------


def test_unit_requests_and_staff_approve_an_extension(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)

    extension = services.extension_request(
        assignment=assignment, months=2, reason="需列入年度预算。", actor=unit_staff
    )
    services.extension_decide(extension=extension, approve=True, actor=committee_staff)

    assignment.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    assert (extension.old_due_at, extension.new_due_at) == (
        dt.date(2025, 6, 3),
        dt.date(2025, 8, 4),  # 2025-08-03 is a Sunday
    )
    assert assignment.due_at == dt.date(2025, 8, 4)
    assert event_kinds(suggestion)[-2:] == [
        EventKind.EXTENSION_REQUESTED,
        EventKind.EXTENSION_APPROVED,
    ]


def test_an_extension_is_granted_once_only(world, deputy, committee_staff, unit_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    services.suggestion_extend(
        assignment=assignment, months=1, reason="施工季节限制", actor=committee_staff
    )
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as requested:
        services.extension_request(
            assignment=assignment, months=1, reason="仍需时间", actor=unit_staff
        )
    with pytest.raises(InvalidTransition) as granted:
        services.suggestion_extend(
            assignment=assignment, months=1, reason="仍需时间", actor=committee_staff
        )

    assert requested.value.code == granted.value.code == "suggestions.extension_used"
    assert snapshot(suggestion) == before
    assert ExtensionRequest.objects.count() == 1


def test_extension_is_for_formal_suggestions_only(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.VOICE
    )
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.extension_request(
            assignment=assignment, months=1, reason="需要时间", actor=unit_staff
        )

    assert error.value.message == "《代表之声》事项须按期答复，不能延期。"
    assert snapshot(suggestion) == before


def test_extension_longer_than_three_months_is_refused(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)

    with pytest.raises(ApplicationError) as error:
        services.extension_request(
            assignment=assignment, months=4, reason="需要时间", actor=unit_staff
        )

    assert (error.value.field, error.value.message) == (
        "months",
        "延期月数须为 1 到 3 之间的整数。",
    )
    assert not ExtensionRequest.objects.exists()


def test_unit_cannot_approve_its_own_extension(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    extension = services.extension_request(
        assignment=assignment, months=1, reason="需要时间", actor=unit_staff
    )
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.extension_decide(extension=extension, approve=True, actor=unit_staff)

    assert snapshot(suggestion) == before
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING


def test_declining_an_extension_needs_a_reason_and_keeps_the_deadline(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    extension = services.extension_request(
        assignment=assignment, months=1, reason="需要时间", actor=unit_staff
    )

    with pytest.raises(ApplicationError) as error:
        services.extension_decide(
            extension=extension, approve=False, actor=committee_staff
        )
    services.extension_decide(
        extension=extension,
        approve=False,
        note="理由不充分，请按期办理。",
        actor=committee_staff,
    )

    assert error.value.field == "note"
    extension.refresh_from_db()
    assignment.refresh_from_db()
    assert extension.status == ExtensionStatus.DECLINED
    assert assignment.due_at == dt.date(2025, 6, 3)
