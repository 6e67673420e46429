"""Extensions of a formal suggestion's deadline: request, decision, direct grant."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from renda.core.state import transition

from .. import events, rules
from ..choices import (
    AssignmentRole,
    Channel,
    ExtensionStatus,
)
from ..models import (
    Assignment,
    ExtensionRequest,
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
    now_or,
    record_step,
)

# Extensions ----------------------------------------------------------------------


def _check_extendable(suggestion: Suggestion, assignment: Assignment) -> None:
    transition(suggestion, "handle", action="延期")
    if not rules.extension_allowed_for_channel(suggestion.channel):
        raise invalid(
            f"{Channel(suggestion.channel).label}事项须按期答复，不能延期。",
            code="suggestions.extension_not_allowed",
        )
    transition(assignment, "extend", action="延期")
    if assignment.role == AssignmentRole.COORDINATING:
        raise invalid(
            "政府转办事项不能延期：期限随转交的承办部门计算。",
            code="suggestions.extension_not_allowed",
        )
    if rules.extensions_used(assignment) >= rules.max_extensions():
        raise invalid(
            "该交办事项已经延期过，不能再次延期。", code="suggestions.extension_used"
        )


def _check_months(months: object) -> int:
    if not rules.extension_months_valid(months):
        raise bad(
            f"延期月数须为 1 到 {rules.max_extension_months()} 之间的整数。", "months"
        )
    return months


def _apply_extension(
    *, extension: ExtensionRequest, assignment: Assignment, actor, at: dt.datetime
) -> None:
    new_due = rules.extended_due(assignment.due_at, extension.months)
    transition(extension, "approve")
    extension.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    extension.decided_at = at
    extension.old_due_at = assignment.due_at
    extension.new_due_at = new_due.due
    assignment.due_at = new_due.due
    assignment.due_provisional = assignment.due_provisional or new_due.provisional
    assignment.save(update_fields=["due_at", "due_provisional", "updated_at"])


@transaction.atomic
def extension_request(
    *,
    assignment: Assignment,
    months: int,
    reason: str,
    actor,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Ask staff to extend a formal suggestion's deadline (once, by up to 3 months)."""
    suggestion, assignment = lock_assignment(assignment)
    if not can_handle_assignment(actor, assignment):
        raise denied("只有承办单位的工作人员可以申请延期。")
    _check_extendable(suggestion, assignment)
    if assignment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise invalid(
            "已有待审批的延期申请，请等待审批结果。",
            code="suggestions.extension_pending",
        )
    months = _check_months(months)
    reason = clean_text(reason, field="reason", label="延期理由")
    at = now_or(now)
    extension = ExtensionRequest.objects.create(
        assignment=assignment,
        months=months,
        reason=reason,
        requested_by=actor,
        requested_at=at,
    )
    event = events.extension_requested_event(extension=extension, actor=actor, at=at)
    record_step(
        event,
        actor=actor,
        summary=f"{assignment.handling_unit.name}申请建议《{suggestion.title}》"
        f"延期{months}个月",
    )
    return extension


@transaction.atomic
def extension_decide(
    *,
    extension: ExtensionRequest,
    approve: bool,
    actor,
    note: str = "",
    months: int | None = None,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Approve or decline a unit's extension request; approval moves the deadline.

    ``months`` lets staff approve fewer months than requested (never more).
    """
    suggestion, assignment = lock_assignment(extension.assignment)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    extension.assignment = assignment
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    if extension.status != ExtensionStatus.PENDING:
        raise invalid("该延期申请已审批。", code="suggestions.extension_decided")
    _check_extendable(suggestion, assignment)
    note = clean_text(note, field="note", label="不批准的理由", required=not approve)
    if approve and months is not None:
        months = _check_months(months)
        if months > extension.months:
            raise bad(
                f"批准的延期月数不能超过申请的 {extension.months} 个月。", "months"
            )
        extension.months = months
    at = now_or(now)
    if approve:
        _apply_extension(extension=extension, assignment=assignment, actor=actor, at=at)
    else:
        transition(extension, "decline")
        extension.decided_by = actor
        extension.decided_at = at
    extension.decision_note = note
    extension.save(
        update_fields=[
            "months",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "old_due_at",
            "new_due_at",
            "updated_at",
        ]
    )
    event = events.extension_decided_event(
        extension=extension, actor=actor, at=at, reason=note
    )
    record_step(
        event,
        actor=actor,
        summary=f"{'批准' if approve else '不批准'}{assignment.handling_unit.name}"
        f"延期办理建议《{suggestion.title}》",
    )
    refresh_suggestion(suggestion)
    return extension


@transaction.atomic
def suggestion_extend(
    *,
    assignment: Assignment,
    months: int,
    reason: str,
    actor,
    now: dt.datetime | None = None,
) -> ExtensionRequest:
    """Extend a formal suggestion's deadline directly (staff, on the unit's request)."""
    suggestion, assignment = lock_assignment(assignment)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    _check_extendable(suggestion, assignment)
    months = _check_months(months)
    reason = clean_text(reason, field="reason", label="延期理由")
    at = now_or(now)
    pending = assignment.extension_requests.filter(
        status=ExtensionStatus.PENDING
    ).first()
    extension = pending or ExtensionRequest(
        assignment=assignment, requested_by=actor, requested_at=at
    )
    extension.months = months
    extension.reason = reason
    _apply_extension(extension=extension, assignment=assignment, actor=actor, at=at)
    extension.save()
    event = events.extension_decided_event(
        extension=extension, actor=actor, at=at, reason=reason
    )
    record_step(
        event,
        actor=actor,
        summary=f"批准{assignment.handling_unit.name}延期{months}个月"
        f"办理建议《{suggestion.title}》",
    )
    refresh_suggestion(suggestion)
    return extension
