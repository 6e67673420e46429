"""Assignment (交办): units as 主办/会办/分办, misrouted returns, withdrawal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from renda.core.state import transition
from renda.units.models import HandlingUnit

from .. import events, hooks, rules
from ..choices import (
    ANSWERING_ROLES,
    DIRECT_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    AssignmentRole,
    ExtensionStatus,
    SuggestionStatus,
)
from ..models import (
    Assignment,
    Suggestion,
)
from ..permissions import (
    can_handle_assignment,
    can_review_suggestion,
)
from ..stats_rows import refresh_suggestion
from .common import (
    bad,
    clean_text,
    denied,
    invalid,
    lock_assignment,
    lock_suggestion,
    maybe_all_replied,
    maybe_back_to_staff,
    now_or,
    record_step,
)

# Assignment ----------------------------------------------------------------------


def _clean_units(
    units: Sequence[tuple[HandlingUnit, str]], suggestion: Suggestion
) -> list[tuple[HandlingUnit, str]]:
    if not units:
        raise bad("请选择承办单位。", "units")
    cleaned: list[tuple[HandlingUnit, str]] = []
    seen: set[int] = set()
    live = set(
        suggestion.assignments.filter(status__in=LIVE_ASSIGNMENT_STATUSES).values_list(
            "handling_unit_id", flat=True
        )
    )
    for position, item in enumerate(units, start=1):
        try:
            unit, role = item
        except (TypeError, ValueError):
            raise bad(f"第 {position} 个承办单位格式有误。", "units") from None
        if not isinstance(unit, HandlingUnit) or role not in DIRECT_ROLES:
            raise bad(f"第 {position} 个承办单位或承办方式无效。", "units")
        if unit.pk in seen:
            raise bad(f"承办单位“{unit.name}”重复。", "units")
        if not unit.is_active:
            raise bad(f"承办单位“{unit.name}”已停用。", "units")
        if unit.pk in live:
            raise bad(f"承办单位“{unit.name}”已在办理该建议。", "units")
        seen.add(unit.pk)
        cleaned.append((unit, AssignmentRole(role)))
    if not any(role in ANSWERING_ROLES for _unit, role in cleaned):
        raise bad("请至少指定一个主办（或分办）单位。", "units")
    return cleaned


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    units: Sequence[tuple[HandlingUnit, str]],
    actor,
    now: dt.datetime | None = None,
) -> list[Assignment]:
    """Assign an accepted suggestion to handling units (交办), with their deadlines."""
    suggestion = lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    if suggestion.status == SuggestionStatus.ASSIGNED:
        raise invalid(
            "该建议已由其他工作人员交办，请刷新页面查看交办情况。",
            code="suggestions.already_assigned",
        )
    changed = transition(suggestion, "assign", action="交办")
    cleaned = _clean_units(units, suggestion)
    at = now_or(now)
    start = timezone.localdate(at)
    assignments = []
    for unit, role in cleaned:
        due = rules.assignment_due(suggestion.channel, role, start)
        assignment = Assignment.objects.create(
            suggestion=suggestion,
            handling_unit=unit,
            role=role,
            assigned_at=at,
            assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            due_at=due.due,
            due_provisional=due.provisional,
        )
        assignments.append(assignment)
        event = events.assigned_event(assignment=assignment, actor=actor, at=at)
        record_step(
            event,
            actor=actor,
            summary=f"建议《{suggestion.title}》交{unit.name}{role.label}",
        )
        hooks.run_assigned(assignment=assignment, actor=actor, at=at)
    suggestion.save(update_fields=[*changed, "updated_at"])
    refresh_suggestion(suggestion)
    return assignments


@transaction.atomic
def assignment_return(
    *, assignment: Assignment, reason: str, actor, now: dt.datetime | None = None
) -> Assignment:
    """Return a misrouted assignment to staff, within the return window."""
    suggestion, assignment = lock_assignment(assignment)
    if not can_handle_assignment(actor, assignment):
        raise denied("只有承办单位的工作人员可以申请退回。")
    transition(suggestion, "handle", action="退回")
    assignment_changed = transition(assignment, "return", action="退回")
    at = now_or(now)
    if not rules.return_window_open(assignment, timezone.localdate(at)):
        deadline = rules.return_deadline(assignment)
        raise invalid(
            f"交办已超过 {rules.return_window_working_days()} 个工作日"
            f"（退回期限至 {deadline:%Y年%m月%d日}），不能退回，请按期办理。",
            code="suggestions.return_window_passed",
        )
    reason = clean_text(reason, field="reason", label="退回理由")
    assignment.returned_at = at
    assignment.return_reason = reason
    assignment.save(
        update_fields=[
            *assignment_changed,
            "returned_at",
            "return_reason",
            "updated_at",
        ]
    )
    _released(
        suggestion=suggestion,
        assignment=assignment,
        actor=actor,
        at=at,
        reason=reason,
        make_event=events.assignment_returned_event,
        summary=f"{assignment.handling_unit.name}退回建议《{suggestion.title}》",
    )
    refresh_suggestion(suggestion)
    return assignment


@transaction.atomic
def assignment_withdraw(
    *, assignment: Assignment, reason: str, actor, now: dt.datetime | None = None
) -> Assignment:
    """Withdraw a unit's assignment before it answered (staff, with a reason).

    For a unit that should not hold the item after all (assigned by mistake,
    merged units, a unit that no longer exists). The unit's pending extension
    request lapses. Once no answering unit holds the item it goes back to
    staff to be assigned again; if the remaining answering units have all
    replied, the rating window opens.
    """
    suggestion, assignment = lock_assignment(assignment)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    transition(suggestion, "handle", action="撤回交办")
    assignment_changed = transition(assignment, "withdraw", action="撤回")
    reason = clean_text(reason, field="reason", label="撤回理由")
    at = now_or(now)
    assignment.withdrawn_at = at
    assignment.withdraw_reason = reason
    assignment.save(
        update_fields=[
            *assignment_changed,
            "withdrawn_at",
            "withdraw_reason",
            "updated_at",
        ]
    )
    for pending in assignment.extension_requests.select_for_update().filter(
        status=ExtensionStatus.PENDING
    ):
        changed = transition(pending, "decline")
        pending.decided_by = actor
        pending.decided_at = at
        pending.decision_note = "交办已撤回，延期申请不再审批。"
        pending.save(
            update_fields=[
                *changed,
                "decided_by",
                "decided_at",
                "decision_note",
                "updated_at",
            ]
        )
    # The hooks first: they lock their own rows (a hotline ticket), and a
    # transaction takes its row locks before the audit log's chain lock
    # (docs/decisions/0017).
    hooks.run_withdrawn(assignment=assignment, actor=actor, at=at)
    _released(
        suggestion=suggestion,
        assignment=assignment,
        actor=actor,
        at=at,
        reason=reason,
        make_event=events.assignment_withdrawn_event,
        summary=f"撤回{assignment.handling_unit.name}办理建议《{suggestion.title}》的交办",
    )
    refresh_suggestion(suggestion)
    return assignment


def _released(
    *, suggestion, assignment, actor, at, reason, make_event, summary: str
) -> None:
    """Record a unit's release from an item (returned or withdrawn) and what follows.

    The item goes back to staff when no answering unit holds it; otherwise, if
    the remaining answering units have all replied, the rating window opens.
    """
    back_to_staff = maybe_back_to_staff(suggestion=suggestion, assignment=assignment)
    event = make_event(
        assignment=assignment,
        actor=actor,
        at=at,
        reason=reason,
        back_to_staff=back_to_staff,
    )
    record_step(event, actor=actor, summary=summary)
    if not back_to_staff:
        maybe_all_replied(suggestion=suggestion, actor=actor, at=at)
