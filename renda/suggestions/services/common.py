"""What every suggestion service shares: errors, row locks, clean input, the record.

Each transition runs in one transaction: lock the suggestion row (then the
assignment row, always in that order), check permission (``PermissionDenied``),
then state (``renda.core.state.transition`` → ``InvalidTransition``), then
input (``ApplicationError`` naming the field), save with ``update_fields``,
append the step's event through its ``events.py`` constructor, and
``record_step()`` it: the audit log now, the notices (``notices.py``) after the
commit. Services that depend on the date take ``now`` (default:
``timezone.now()``) so that tests pass explicit times.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core.errors import (
    ApplicationError,
    InvalidTransition,
    PermissionDenied,
)
from renda.core.services import action_log_record
from renda.core.state import transition

from .. import events, notices
from ..choices import (
    HOLDING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    REASON_MAX_LENGTH,
    AssignmentStatus,
)
from ..models import (
    Assignment,
    Suggestion,
    SuggestionEvent,
)

# Errors ------------------------------------------------------------------------


def denied(message: str = "您没有权限办理此事项。") -> PermissionDenied:
    return PermissionDenied(message, code="suggestions.forbidden")


def invalid(message: str, code: str = "suggestions.invalid_state") -> InvalidTransition:
    return InvalidTransition(message, code=code)


def bad(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code="suggestions.invalid", field=field)


# Helpers -----------------------------------------------------------------------


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def clean_text(
    value: object,
    *,
    field: str,
    label: str,
    required: bool = True,
    max_length: int | None = REASON_MAX_LENGTH,
) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise bad(f"请填写{label}。", field)
    if max_length is not None and len(text) > max_length:
        raise bad(f"{label}不能超过 {max_length} 个字。", field)
    return text


def lock_suggestion(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def lock_assignment(assignment: Assignment) -> tuple[Suggestion, Assignment]:
    # Suggestion first, then assignment: every service takes locks in this order.
    suggestion = lock_suggestion(Suggestion(pk=assignment.suggestion_id))
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    locked.suggestion = suggestion
    return suggestion, locked


def record_step(event: SuggestionEvent, *, actor, summary: str) -> None:
    """Record a step's audit-log row, and send its notices once it commits.

    The audit row points at the step's timeline event; who is told what is
    ``notices.py``'s business, scheduled with ``transaction.on_commit``.
    """
    action_log_record(
        actor=actor,
        action=f"suggestion.{event.kind.lower()}",
        target=event.suggestion,
        summary=summary,
        data={**event.data, "event": event.pk},
    )
    notices.schedule(event)


def check_choice(value, choices_class, *, field: str, label: str) -> str:
    if value not in choices_class.values:
        raise bad(f"{label}无效，请从列表中选择。", field)
    return value


# Handling -----------------------------------------------------------------------


def live_answering(suggestion: Suggestion):
    """The live assignments that hold the item: answering units, and the
    government's office until it passed the item on (a DISPATCHED coordinating
    assignment is no longer live)."""
    return suggestion.assignments.filter(
        role__in=HOLDING_ROLES, status__in=LIVE_ASSIGNMENT_STATUSES
    )


def maybe_all_replied(*, suggestion: Suggestion, actor, at: dt.datetime) -> None:
    """Move the suggestion to REPLIED once every answering unit has replied."""
    if not suggestion.can("all_replied"):
        return
    answering = live_answering(suggestion)
    if not answering.exists():
        return
    if answering.exclude(status=AssignmentStatus.REPLIED).exists():
        return
    changed = transition(suggestion, "all_replied")
    suggestion.replied_at = at
    suggestion.save(update_fields=[*changed, "replied_at", "updated_at"])
    events.all_replied_event(suggestion=suggestion, actor=actor, at=at)


def maybe_back_to_staff(*, suggestion: Suggestion, assignment: Assignment) -> bool:
    """Give the suggestion back to staff once no answering unit holds it.

    Called after ``assignment`` left the handling (returned as misrouted, or
    withdrawn by staff). The clock stops: no unit holds the item until staff
    assign it again. Return whether the suggestion went back.
    """
    back = (
        assignment.role in HOLDING_ROLES
        and suggestion.can("back_to_staff")
        and not live_answering(suggestion).exists()
    )
    if back:
        changed = transition(suggestion, "back_to_staff")
        suggestion.save(update_fields=[*changed, "updated_at"])
    return back
