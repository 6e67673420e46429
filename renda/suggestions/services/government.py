"""The government's sign-off (签批) of small matters, and its setting.

A congress may route the items of some channels (《代表之声》 and 12345直通车 by
default) through the government: staff send an accepted item to the
coordinating unit (the government's office, a COORDINATING assignment whose
deadline is the channel's reply period counted from that day); the office
records the leader's instruction (``Instruction``) and passes the item on to
departments as 主办/会办/分办 units, whose deadline is the coordinating
assignment's (the clock does not restart). See docs/suggestions-government.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from renda.core.errors import Conflict
from renda.core.idempotency import run_once
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.units.models import HandlingUnit

from .. import events, rules
from ..choices import AssignmentRole, Channel, SuggestionStatus
from ..models import Assignment, GovernmentRoute, Instruction, Suggestion
from ..permissions import (
    can_coordinate_assignment,
    can_manage_government_route,
    can_review_suggestion,
)
from ..stats_rows import refresh_suggestion
from .assignment import _clean_units
from .common import (
    bad,
    clean_text,
    denied,
    invalid,
    lock_assignment,
    lock_suggestion,
    now_or,
    record_step,
)

SCOPE_SEND = "suggestions.government_send"
SCOPE_INSTRUCT = "suggestions.instruction"
SCOPE_DISPATCH = "suggestions.dispatch"

LEADER_NAME_MAX = Instruction._meta.get_field("leader_name").max_length
LEADER_TITLE_MAX = Instruction._meta.get_field("leader_title").max_length


def _key_reused(what: str) -> Conflict:
    return Conflict(
        f"该幂等键已用于另一件{what}，请使用新的幂等键。",
        code="suggestions.idempotency_key_reused",
        field="idempotency_key",
    )


# The setting ----------------------------------------------------------------------


def active_route(congress_id: int, channel: str) -> GovernmentRoute | None:
    """Return the congress's sign-off setting if it covers ``channel`` now."""
    route = (
        GovernmentRoute.objects.select_related("coordinating_unit")
        .filter(congress_id=congress_id, is_active=True)
        .first()
    )
    return route if route is not None and route.covers(channel) else None


@transaction.atomic
def government_route_set(
    *,
    congress,
    coordinating_unit: HandlingUnit | None,
    covers_voice: bool = True,
    covers_hotline: bool = True,
    covers_formal: bool = False,
    is_active: bool = True,
    actor,
    now: dt.datetime | None = None,
) -> GovernmentRoute:
    """Create or change a congress's sign-off setting (committee staff, admins)."""
    if not can_manage_government_route(actor, congress):
        raise denied("只有本级人大常委会工作机构可以设置政府签批。")
    if not isinstance(coordinating_unit, HandlingUnit):
        raise bad("请选择政府办公室（转办单位）。", "coordinating_unit")
    if coordinating_unit.region_id != congress.region_id:
        raise bad("转办单位须是本级人民政府所属单位。", "coordinating_unit")
    if not coordinating_unit.is_active:
        raise bad(f"单位“{coordinating_unit.name}”已停用。", "coordinating_unit")
    if is_active and not (covers_voice or covers_hotline or covers_formal):
        raise bad("请至少选择一个经政府签批的渠道。", "channels")
    at = now_or(now)
    values = {
        "coordinating_unit": coordinating_unit,
        "covers_voice": bool(covers_voice),
        "covers_hotline": bool(covers_hotline),
        "covers_formal": bool(covers_formal),
        "is_active": bool(is_active),
        "set_by": actor if getattr(actor, "is_authenticated", False) else None,
        "set_at": at,
    }
    route, _created = GovernmentRoute.objects.select_for_update().update_or_create(
        congress=congress, defaults=values
    )
    channels = "、".join(str(Channel(c).label) for c in route.channels())
    action_log_record(
        actor=actor,
        action="suggestion.government_route_set",
        target=route,
        summary=(
            f"{congress}：{'启用' if route.is_active else '停用'}政府签批，"
            f"转办单位{coordinating_unit.name}，渠道{channels or '无'}"
        ),
        data={
            "unit": coordinating_unit.pk,
            "channels": route.channels(),
            "is_active": route.is_active,
        },
    )
    return route


# Sending an item to the government ----------------------------------------------------


def suggestion_send_to_government(
    *,
    suggestion: Suggestion,
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Assignment:
    """Send an accepted item to the government's office for sign-off (政府转办)."""
    with transaction.atomic():
        locked = lock_suggestion(suggestion)
        result = run_once(
            actor=actor,
            scope=SCOPE_SEND,
            key=idempotency_key,
            model=Assignment,
            action=lambda: _send(locked, actor=actor, now=now),
        )
    if result.suggestion_id != suggestion.pk:
        raise _key_reused("政府转办")
    return result


def _send(suggestion: Suggestion, *, actor, now) -> Assignment:
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    if suggestion.status == SuggestionStatus.ASSIGNED:
        raise invalid(
            "该建议已由其他工作人员交办，请刷新页面查看交办情况。",
            code="suggestions.already_assigned",
        )
    changed = transition(suggestion, "assign", action="送政府签批")
    route = active_route(suggestion.congress_id, suggestion.channel)
    if route is None:
        raise invalid(
            f"本级人大未设置{Channel(suggestion.channel).label}事项经政府签批，"
            "请直接交办承办单位。",
            code="suggestions.no_government_route",
        )
    unit = route.coordinating_unit
    if not unit.is_active:
        raise invalid(
            f"转办单位“{unit.name}”已停用，请先修改政府签批设置。",
            code="suggestions.no_government_route",
        )
    at = now_or(now)
    due = rules.answer_due(suggestion.channel, timezone.localdate(at))
    assignment = Assignment.objects.create(
        suggestion=suggestion,
        handling_unit=unit,
        role=AssignmentRole.COORDINATING,
        assigned_at=at,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
        due_at=due.due,
        due_provisional=due.provisional,
    )
    event = events.assigned_event(assignment=assignment, actor=actor, at=at)
    record_step(
        event,
        actor=actor,
        summary=f"建议《{suggestion.title}》送{unit.name}报政府领导签批",
    )
    suggestion.save(update_fields=[*changed, "updated_at"])
    refresh_suggestion(suggestion)
    return assignment


# The leader's instruction ---------------------------------------------------------------


def _check_coordinating(assignment: Assignment, actor, what: str) -> None:
    if assignment.role != AssignmentRole.COORDINATING:
        raise invalid(
            f"只有政府转办事项可以{what}。", code="suggestions.not_coordinating"
        )
    if not can_coordinate_assignment(actor, assignment):
        raise denied(f"只有政府办公室的工作人员可以{what}。")


def instruction_record(
    *,
    assignment: Assignment,
    leader_name: str,
    leader_title: str,
    signed_at: dt.datetime | None,
    text: str,
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Instruction:
    """Record the government leader's instruction (签批) on an item sent for sign-off."""
    with transaction.atomic():
        suggestion, locked = lock_assignment(assignment)
        result = run_once(
            actor=actor,
            scope=SCOPE_INSTRUCT,
            key=idempotency_key,
            model=Instruction,
            action=lambda: _instruct(
                suggestion,
                locked,
                leader_name=leader_name,
                leader_title=leader_title,
                signed_at=signed_at,
                text=text,
                actor=actor,
                now=now,
            ),
        )
    if result.assignment_id != assignment.pk:
        raise _key_reused("领导批示")
    return result


def _instruct(
    suggestion, assignment, *, leader_name, leader_title, signed_at, text, actor, now
) -> Instruction:
    _check_coordinating(assignment, actor, "登记领导批示")
    transition(suggestion, "handle", action="登记领导批示")
    transition(assignment, "instruct", action="登记领导批示")
    if Instruction.objects.filter(assignment=assignment).exists():
        raise invalid(
            "该事项已登记领导批示，请刷新页面查看。",
            code="suggestions.already_instructed",
        )
    leader_name = clean_text(
        leader_name, field="leader_name", label="签批领导姓名", max_length=None
    )
    if len(leader_name) > LEADER_NAME_MAX:
        raise bad(f"签批领导姓名不能超过 {LEADER_NAME_MAX} 个字。", "leader_name")
    leader_title = clean_text(
        leader_title, field="leader_title", label="领导职务", max_length=None
    )
    if len(leader_title) > LEADER_TITLE_MAX:
        raise bad(f"领导职务不能超过 {LEADER_TITLE_MAX} 个字。", "leader_title")
    text = clean_text(text, field="text", label="批示内容")
    at = now_or(now)
    if not isinstance(signed_at, dt.datetime):
        raise bad("请填写签批时间。", "signed_at")
    if timezone.is_naive(signed_at):
        signed_at = timezone.make_aware(signed_at)
    # Forms give minutes: a signature in the minute of sending is not "earlier".
    if signed_at < assignment.assigned_at.replace(second=0, microsecond=0):
        raise bad("签批时间不能早于送政府签批的时间。", "signed_at")
    if signed_at > at:
        raise bad("签批时间不能晚于现在。", "signed_at")
    instruction = Instruction.objects.create(
        assignment=assignment,
        suggestion=suggestion,
        leader_name=leader_name,
        leader_title=leader_title,
        signed_at=signed_at,
        text=text,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        recorded_at=at,
    )
    instruction.assignment = assignment
    event = events.instructed_event(instruction=instruction, actor=actor, at=at)
    record_step(
        event,
        actor=actor,
        summary=f"{leader_title}{leader_name}签批建议《{suggestion.title}》",
    )
    return instruction


# Passing the item on --------------------------------------------------------------------


def assignment_dispatch(
    *,
    assignment: Assignment,
    units: Sequence[tuple[HandlingUnit, str]],
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Assignment:
    """Pass a signed item on to departments (转办); their deadline is the office's."""
    with transaction.atomic():
        suggestion, locked = lock_assignment(assignment)
        result = run_once(
            actor=actor,
            scope=SCOPE_DISPATCH,
            key=idempotency_key,
            model=Assignment,
            action=lambda: _dispatch(
                suggestion, locked, units=units, actor=actor, now=now
            ),
        )
    if result.pk != assignment.pk:
        raise _key_reused("转办")
    return result


def _dispatch(suggestion, assignment, *, units, actor, now) -> Assignment:
    _check_coordinating(assignment, actor, "转办")
    transition(suggestion, "handle", action="转办")
    changed = transition(assignment, "dispatch", action="转办")
    if not Instruction.objects.filter(assignment=assignment).exists():
        raise invalid(
            "请先登记政府领导的批示，再转交承办部门。",
            code="suggestions.not_instructed",
        )
    cleaned = _clean_units(units, suggestion)
    at = now_or(now)
    dispatched = []
    for unit, role in cleaned:
        department = Assignment.objects.create(
            suggestion=suggestion,
            handling_unit=unit,
            role=role,
            assigned_at=at,
            assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            # The clock runs from the congress's dispatch: no new period.
            due_at=assignment.due_at,
            due_provisional=assignment.due_provisional,
            via=assignment,
        )
        dispatched.append(department)
        event = events.assigned_event(assignment=department, actor=actor, at=at)
        record_step(
            event,
            actor=actor,
            summary=(
                f"{assignment.handling_unit.name}将建议《{suggestion.title}》"
                f"转交{unit.name}{role.label}"
            ),
        )
    assignment.dispatched_at = at
    assignment.save(update_fields=[*changed, "dispatched_at", "updated_at"])
    event = events.dispatched_event(
        assignment=assignment, dispatched=dispatched, actor=actor, at=at
    )
    record_step(
        event,
        actor=actor,
        summary=f"{assignment.handling_unit.name}转办建议《{suggestion.title}》",
    )
    refresh_suggestion(suggestion)
    return assignment
