"""Staff withdraw a unit's assignment before it answered (撤回交办)."""

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog
from renda.suggestions import services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    EventKind,
    ExtensionStatus,
    SuggestionStatus,
)
from renda.suggestions.models import SuggestionEvent
from renda.units.tests.factories import HandlingUnitFactory

from .factories import START, assigned, moment, reply, snapshot, unit_user

LEAD = AssignmentRole.LEAD
JOINT = AssignmentRole.JOINT
REASON = "该事项已由市交通运输局统筹办理。"


def test_withdrawing_the_only_lead_gives_the_item_back_to_staff(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    pending = services.extension_request(
        assignment=assignment, months=1, reason="需要调研。", actor=unit_staff
    )

    services.assignment_withdraw(
        assignment=assignment,
        reason=REASON,
        actor=committee_staff,
        now=moment(2025, 3, 5),
    )

    assignment.refresh_from_db()
    suggestion.refresh_from_db()
    pending.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert (assignment.withdraw_reason, assignment.withdrawn_at) == (
        REASON,
        moment(2025, 3, 5),
    )
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert pending.status == ExtensionStatus.DECLINED
    event = SuggestionEvent.objects.get(kind=EventKind.ASSIGNMENT_WITHDRAWN)
    assert (event.assignment, event.actor) == (assignment, committee_staff)
    assert event.data == {
        "unit": world.unit_city.pk,
        "reason": REASON,
        "back_to_staff": True,
    }
    log = ActionLog.objects.get(action="suggestion.assignment_withdrawn")
    assert log.data["event"] == event.pk


def test_a_withdrawn_unit_may_be_assigned_again(world, deputy, committee_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    services.assignment_withdraw(
        assignment=assignment, reason=REASON, actor=committee_staff
    )

    [again] = services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_city, LEAD)],
        actor=committee_staff,
    )

    assert again.status == AssignmentStatus.ASSIGNED
    assert again.pk != assignment.pk


def test_withdrawing_a_joint_unit_leaves_the_lead_at_work(
    world, deputy, committee_staff
):
    joint_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    suggestion, [_lead, joint] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (joint_unit, JOINT)],
    )

    services.assignment_withdraw(assignment=joint, reason=REASON, actor=committee_staff)

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    event = SuggestionEvent.objects.get(kind=EventKind.ASSIGNMENT_WITHDRAWN)
    assert event.data["back_to_staff"] is False


def test_withdrawing_the_last_unanswered_lead_opens_the_rating_window(
    world, deputy, committee_staff, unit_staff
):
    other_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    suggestion, [first, second] = assigned(
        world,
        deputy,
        committee_staff,
        units=[(world.unit_city, LEAD), (other_unit, LEAD)],
    )
    reply(first, unit_staff, now=moment(2025, 3, 10))

    services.assignment_withdraw(
        assignment=second,
        reason=REASON,
        actor=committee_staff,
        now=moment(2025, 3, 11),
    )

    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED
    assert suggestion.replied_at == moment(2025, 3, 11)


def test_unit_staff_cannot_withdraw(world, deputy, committee_staff, unit_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(PermissionDenied):
        services.assignment_withdraw(
            assignment=assignment, reason=REASON, actor=unit_staff
        )

    assert snapshot(suggestion) == before


def test_a_replied_assignment_cannot_be_withdrawn(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    reply(assignment, unit_staff, now=moment(2025, 3, 10))
    before = snapshot(suggestion)

    with pytest.raises(InvalidTransition) as error:
        services.assignment_withdraw(
            assignment=assignment, reason=REASON, actor=committee_staff
        )

    assert error.value.code == "suggestions.invalid_state"
    assert error.value.message == "该交办事项当前状态为“已答复”，不能撤回。"
    assert snapshot(suggestion) == before


def test_a_withdrawal_needs_a_reason(world, deputy, committee_staff):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    before = snapshot(suggestion)

    with pytest.raises(ApplicationError) as error:
        services.assignment_withdraw(
            assignment=assignment, reason="  ", actor=committee_staff
        )

    assert (error.value.field, error.value.message) == ("reason", "请填写撤回理由。")
    assert snapshot(suggestion) == before


def test_a_withdrawn_unit_can_no_longer_reply(world, deputy, committee_staff):
    _suggestion, [assignment] = assigned(world, deputy, committee_staff, now=START)
    services.assignment_withdraw(
        assignment=assignment, reason=REASON, actor=committee_staff
    )
    unit = unit_user(world.unit_city, "unit2")

    with pytest.raises(InvalidTransition):
        reply(assignment, unit, now=moment(2025, 3, 10))
