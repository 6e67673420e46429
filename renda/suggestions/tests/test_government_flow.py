"""The government's sign-off (签批): the flow, refusals, withdrawal and return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog
from renda.notifications.models import Notification
from renda.suggestions import rules, services
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    CloseReason,
    EventKind,
    SuggestionStatus,
)
from renda.suggestions.events import PAYLOAD_KEYS, describe_event
from renda.suggestions.models import Assignment, Instruction, SuggestionEvent
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

from .factories import START, accepted, event_kinds, reply, unit_user

COORD = AssignmentRole.COORDINATING


@pytest.fixture
def gov(world, committee_staff, django_capture_on_commit_callbacks):
    office = HandlingUnitFactory(
        name="辽源市人民政府办公室", region=world.city, kind=UnitKind.GOVERNMENT
    )
    route = services.government_route_set(
        congress=world.city_congress,
        coordinating_unit=office,
        actor=committee_staff,
        now=START,
    )
    return {
        "office": office,
        "route": route,
        "clerk": unit_user(office, "office_clerk"),
    }


def _voice(world, deputy, staff, **fields):
    fields.setdefault("channel", Channel.VOICE)
    return accepted(world, deputy, staff, **fields)


def _sent(world, deputy, staff, *, now=START, **fields):
    suggestion = _voice(world, deputy, staff, now=now, **fields)
    coordinating = services.suggestion_send_to_government(
        suggestion=suggestion, actor=staff, now=now
    )
    return suggestion, coordinating


def _instruct(assignment, clerk, *, signed_at, now=None, **fields):
    values = {
        "leader_name": "王明",
        "leader_title": "市政府分管副市长",
        "text": "请市交通运输局牵头，会同市住建局抓紧研究解决，按期答复代表。",
    }
    values.update(fields)
    return services.instruction_record(
        assignment=assignment,
        signed_at=signed_at,
        actor=clerk,
        now=now or signed_at,
        **values,
    )


def test_the_setting_covers_voice_and_hotline_by_default(world, gov):
    route = gov["route"]
    assert route.channels() == [Channel.VOICE, Channel.HOTLINE]
    assert route.covers(Channel.VOICE)
    assert not route.covers(Channel.FORMAL)
    assert ActionLog.objects.filter(action="suggestion.government_route_set").exists()


def test_the_full_flow_from_voice_item_to_closing(
    world,
    deputy,
    committee_staff,
    unit_staff,
    gov,
    django_capture_on_commit_callbacks,
):
    clerk = gov["clerk"]
    xian_staff = unit_user(world.unit_xian, "xian_staff")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion, coordinating = _sent(world, deputy, committee_staff)
    due = rules.answer_due(Channel.VOICE, START.date()).due
    assert coordinating.role == COORD
    assert coordinating.handling_unit == gov["office"]
    assert coordinating.due_at == due
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    # The office's staff are told on arrival.
    assert Notification.objects.filter(
        recipient=clerk, title__contains="新交办"
    ).exists()

    signed = START + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        instruction = _instruct(coordinating, clerk, signed_at=signed)
    assert instruction.recorded_by == clerk
    assert instruction.suggestion_id == suggestion.pk
    # Committee staff are told of the instruction.
    assert Notification.objects.filter(
        recipient=committee_staff, title__contains="签批"
    ).exists()

    dispatched_at = START + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_dispatch(
            assignment=coordinating,
            units=[
                (world.unit_city, AssignmentRole.LEAD),
                (world.unit_xian, AssignmentRole.JOINT),
            ],
            actor=clerk,
            now=dispatched_at,
        )
    coordinating.refresh_from_db()
    assert coordinating.status == AssignmentStatus.DISPATCHED
    assert coordinating.dispatched_at == dispatched_at
    lead = Assignment.objects.get(suggestion=suggestion, role=AssignmentRole.LEAD)
    joint = Assignment.objects.get(suggestion=suggestion, role=AssignmentRole.JOINT)
    # The clock does not restart: the departments keep the office's deadline.
    assert lead.due_at == joint.due_at == due
    assert lead.via_id == joint.via_id == coordinating.pk
    # The departments are told on dispatch.
    assert Notification.objects.filter(recipient=unit_staff).exists()
    assert Notification.objects.filter(recipient=xian_staff).exists()

    reply(joint, xian_staff, now=START + dt.timedelta(days=3), outcome="")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    replied_at = START + dt.timedelta(days=4)
    reply(lead, unit_staff, now=replied_at)
    suggestion.refresh_from_db()
    # The office's dispatched assignment takes no part in "all replied".
    assert suggestion.status == SuggestionStatus.REPLIED
    assert suggestion.replied_at == replied_at

    later = replied_at + dt.timedelta(days=90)
    services.suggestion_close_expired(actor=None, now=later, today=later.date())
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CLOSED
    assert suggestion.close_reason == CloseReason.RATING_WINDOW_PASSED

    kinds = event_kinds(suggestion)
    assert kinds.index(EventKind.INSTRUCTED) < kinds.index(EventKind.DISPATCHED)
    for event in SuggestionEvent.objects.filter(
        suggestion=suggestion,
        kind__in=[EventKind.INSTRUCTED, EventKind.DISPATCHED],
    ):
        assert set(event.data) == PAYLOAD_KEYS[event.kind]
        text = " ".join(describe_event(event).detail)
        assert "市政府分管副市长王明" in text or "主办" in text
    # The instruction's text never goes into the timeline (deputies read it).
    assert not SuggestionEvent.objects.filter(
        suggestion=suggestion, data__icontains="牵头"
    ).exists()


def test_refusals_of_wrong_role_and_wrong_state(
    world, deputy, committee_staff, unit_staff, gov
):
    clerk = gov["clerk"]
    suggestion, coordinating = _sent(world, deputy, committee_staff)

    with pytest.raises(InvalidTransition, match="不直接答复"):
        reply(coordinating, clerk)
    with pytest.raises(InvalidTransition, match="先登记政府领导的批示"):
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=clerk,
        )
    with pytest.raises(PermissionDenied, match="政府办公室的工作人员"):
        _instruct(coordinating, unit_staff, signed_at=START)
    with pytest.raises(PermissionDenied, match="政府办公室的工作人员"):
        _instruct(coordinating, committee_staff, signed_at=START)
    with pytest.raises(ApplicationError, match="签批时间不能早于") as error:
        _instruct(
            coordinating, clerk, signed_at=START - dt.timedelta(days=1), now=START
        )
    assert error.value.field == "signed_at"
    with pytest.raises(ApplicationError, match="请填写批示内容"):
        _instruct(coordinating, clerk, signed_at=START, text="  ")
    assert not Instruction.objects.exists()

    _instruct(coordinating, clerk, signed_at=START)
    with pytest.raises(InvalidTransition, match="已登记领导批示"):
        _instruct(coordinating, clerk, signed_at=START)
    with pytest.raises(ApplicationError, match="主办"):
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(world.unit_city, AssignmentRole.JOINT)],
            actor=clerk,
        )
    with pytest.raises(ApplicationError, match="承办方式无效"):
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(world.unit_city, COORD)],
            actor=clerk,
        )
    services.assignment_dispatch(
        assignment=coordinating,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=clerk,
    )
    with pytest.raises(InvalidTransition, match="已转办"):
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(world.unit_xian, AssignmentRole.LEAD)],
            actor=clerk,
        )
    # A lead department cannot use the office's steps.
    lead = Assignment.objects.get(suggestion=suggestion, role=AssignmentRole.LEAD)
    with pytest.raises(InvalidTransition, match="只有政府转办事项"):
        _instruct(lead, unit_staff, signed_at=START)


def test_formal_items_and_congresses_without_the_setting(
    world, deputy, committee_staff, gov
):
    formal = accepted(world, deputy, committee_staff, channel=Channel.FORMAL)
    with pytest.raises(InvalidTransition, match="经政府签批") as error:
        services.suggestion_send_to_government(suggestion=formal, actor=committee_staff)
    assert error.value.code == "suggestions.no_government_route"
    formal.refresh_from_db()
    assert formal.status == SuggestionStatus.ACCEPTED
    # Staff never pick the office's role by hand.
    with pytest.raises(ApplicationError, match="承办方式无效"):
        services.suggestion_assign(
            suggestion=formal, units=[(gov["office"], COORD)], actor=committee_staff
        )
    gov["route"].is_active = False
    gov["route"].save()
    voice = _voice(world, deputy, committee_staff, title="关于修缮人行道的建议")
    with pytest.raises(InvalidTransition, match="经政府签批"):
        services.suggestion_send_to_government(suggestion=voice, actor=committee_staff)
    # Direct assignment still works whatever the setting.
    services.suggestion_assign(
        suggestion=voice,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=committee_staff,
    )


def test_the_setting_refuses_a_unit_of_another_region_and_other_staff(
    world, committee_staff, unit_staff, gov
):
    elsewhere = HandlingUnitFactory(name="吉林省人民政府办公厅", region=world.province)
    with pytest.raises(ApplicationError, match="本级人民政府") as error:
        services.government_route_set(
            congress=world.city_congress,
            coordinating_unit=elsewhere,
            actor=committee_staff,
        )
    assert error.value.field == "coordinating_unit"
    with pytest.raises(ApplicationError, match="至少选择一个"):
        services.government_route_set(
            congress=world.city_congress,
            coordinating_unit=gov["office"],
            covers_voice=False,
            covers_hotline=False,
            actor=committee_staff,
        )
    with pytest.raises(PermissionDenied):
        services.government_route_set(
            congress=world.city_congress,
            coordinating_unit=gov["office"],
            actor=unit_staff,
        )


def test_withdrawal_and_return_of_the_office(
    world, deputy, committee_staff, unit_staff, gov
):
    clerk = gov["clerk"]
    suggestion, coordinating = _sent(world, deputy, committee_staff)
    services.assignment_return(
        assignment=coordinating, reason="请直接交办", actor=clerk, now=START
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED

    again = services.suggestion_send_to_government(
        suggestion=suggestion, actor=committee_staff, now=START
    )
    services.assignment_withdraw(
        assignment=again, reason="改为直接交办", actor=committee_staff
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED

    third = services.suggestion_send_to_government(
        suggestion=suggestion, actor=committee_staff, now=START
    )
    _instruct(third, clerk, signed_at=START + dt.timedelta(hours=1))
    services.assignment_dispatch(
        assignment=third,
        units=[(world.unit_city, AssignmentRole.LEAD)],
        actor=clerk,
        now=START + dt.timedelta(hours=2),
    )
    third.refresh_from_db()
    # A dispatched office cannot be withdrawn; the department can.
    assert not third.can_withdraw()
    lead = Assignment.objects.get(suggestion=suggestion, role=AssignmentRole.LEAD)
    services.assignment_withdraw(
        assignment=lead, reason="单位调整", actor=committee_staff
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_retries_with_an_idempotency_key_record_once(
    world, deputy, committee_staff, gov
):
    clerk = gov["clerk"]
    suggestion = _voice(world, deputy, committee_staff)
    first = services.suggestion_send_to_government(
        suggestion=suggestion,
        actor=committee_staff,
        idempotency_key="k-send",
        now=START,
    )
    second = services.suggestion_send_to_government(
        suggestion=suggestion, actor=committee_staff, idempotency_key="k-send"
    )
    assert first.pk == second.pk
    kwargs = {
        "assignment": first,
        "leader_name": "王明",
        "leader_title": "市政府分管副市长",
        "signed_at": START,
        "text": "同意",
        "actor": clerk,
        "now": START,
        "idempotency_key": "k-i",
    }
    one = services.instruction_record(**kwargs)
    again = services.instruction_record(**kwargs)
    assert one.pk == again.pk
    assert Instruction.objects.count() == 1
    units = [(world.unit_city, AssignmentRole.LEAD)]
    for _ in range(2):
        services.assignment_dispatch(
            assignment=first, units=units, actor=clerk, idempotency_key="k-d", now=START
        )
    assert Assignment.objects.filter(suggestion=suggestion).count() == 2


def test_a_send_page_reusing_another_items_key_answers_409_as_the_api(
    client, world, deputy, committee_staff, gov
):
    sent = _voice(world, deputy, committee_staff)
    services.suggestion_send_to_government(
        suggestion=sent, actor=committee_staff, idempotency_key="k-send", now=START
    )
    other = _voice(world, deputy, committee_staff, title="关于增设公交站台的建议")
    client.force_login(committee_staff)

    refused = client.post(
        reverse("suggestions:staff_send_government", args=[other.pk]),
        {"idempotency_key": "k-send"},
    )

    assert refused.status_code == 409
    assert (
        "该幂等键已用于另一件政府转办，请使用新的幂等键。" in refused.content.decode()
    )
    other.refresh_from_db()
    assert other.status == SuggestionStatus.ACCEPTED
