"""Replies, the deputy's rating, handling again after 不满意, and closing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renda.core.errors import (
    Conflict,
    InvalidTransition,
)
from renda.core.idempotency import run_once
from renda.core.state import transition

from .. import events, rules
from ..choices import (
    ANSWERING_ROLES,
    SATISFACTORY_RATINGS,
    AssignmentRole,
    AssignmentStatus,
    CloseReason,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from ..models import (
    Assignment,
    Feedback,
    Reply,
    Suggestion,
)
from ..permissions import (
    can_close_expired,
    can_handle_assignment,
    can_rate_reply,
)
from ..stats_rows import refresh_suggestion
from .common import (
    bad,
    check_choice,
    clean_text,
    denied,
    invalid,
    live_answering,
    lock_assignment,
    lock_suggestion,
    maybe_all_replied,
    now_or,
    record_step,
)

SCOPE_REPLY = "reply.create"


# Replies and feedback ------------------------------------------------------------


@transaction.atomic
def reply_create(
    *,
    assignment: Assignment,
    text: str,
    outcome: str,
    signed_by: str,
    met_deputy_first: bool,
    actor,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Reply:
    """Record a unit's reply; the suggestion is replied once every answering unit is."""
    suggestion, assignment = lock_assignment(assignment)
    result = run_once(
        actor=actor,
        scope=SCOPE_REPLY,
        key=idempotency_key,
        model=Reply,
        action=lambda: _reply(
            suggestion=suggestion,
            assignment=assignment,
            text=text,
            outcome=outcome,
            signed_by=signed_by,
            met_deputy_first=met_deputy_first,
            actor=actor,
            now=now,
        ),
    )
    if result.assignment_id != assignment.pk:
        raise Conflict(
            "该幂等键已用于另一件答复，请使用新的幂等键。",
            code="suggestions.idempotency_key_reused",
            field="idempotency_key",
        )
    return result


def _reply(
    *,
    suggestion: Suggestion,
    assignment: Assignment,
    text: str,
    outcome: str,
    signed_by: str,
    met_deputy_first: bool,
    actor,
    now: dt.datetime | None,
) -> Reply:
    if not can_handle_assignment(actor, assignment):
        raise denied("只有承办单位的工作人员可以答复。")
    if assignment.role == AssignmentRole.COORDINATING:
        raise invalid(
            "政府转办事项不直接答复代表：请登记领导批示后转交承办部门办理。",
            code="suggestions.coordinating_no_reply",
        )
    transition(suggestion, "handle", action="答复")
    assignment_changed = transition(assignment, "reply", action="答复")
    text = clean_text(text, field="text", label="答复内容", max_length=None)
    signed_by = clean_text(signed_by, field="signed_by", label="签发人")
    if len(signed_by) > Reply._meta.get_field("signed_by").max_length:
        raise bad("签发人姓名过长。", "signed_by")
    answering = assignment.role in ANSWERING_ROLES
    if answering and outcome not in ReplyOutcome.values:
        raise bad("请选择答复分类（A、B 或 C）。", "outcome")
    if not answering and outcome and outcome not in ReplyOutcome.values:
        raise bad("答复分类无效。", "outcome")
    at = now_or(now)
    reply = Reply.objects.create(
        assignment=assignment,
        text=text,
        outcome=outcome or "",
        signed_by=signed_by,
        met_deputy_first=bool(met_deputy_first),
        replied_at=at,
        due_at=assignment.due_at,
        created_by=actor,
    )
    assignment.save(update_fields=[*assignment_changed, "updated_at"])
    event = events.replied_event(reply=reply, actor=actor, at=at)
    record_step(
        event,
        actor=actor,
        summary=f"{assignment.handling_unit.name}答复建议《{suggestion.title}》",
    )
    if answering:
        maybe_all_replied(suggestion=suggestion, actor=actor, at=at)
    refresh_suggestion(suggestion)
    return reply


def _close(
    *,
    suggestion: Suggestion,
    reason: str,
    actor,
    at: dt.datetime,
    rating_deadline: dt.date | None = None,
) -> None:
    changed = transition(suggestion, "close")
    suggestion.closed_at = at
    suggestion.close_reason = reason
    suggestion.save(update_fields=[*changed, "closed_at", "close_reason", "updated_at"])
    event = events.closed_event(
        suggestion=suggestion,
        actor=actor,
        at=at,
        close_reason=reason,
        rating_deadline=rating_deadline,
    )
    record_step(
        event,
        actor=actor,
        summary=f"建议《{suggestion.title}》办结（{CloseReason(reason).label}）",
    )
    refresh_suggestion(suggestion)


def _all_rated_satisfactory(suggestion: Suggestion) -> bool:
    for assignment in live_answering(suggestion):
        if assignment.status != AssignmentStatus.REPLIED:
            return False
        latest = assignment.replies.order_by("-replied_at", "-id").first()
        feedback = getattr(latest, "feedback", None) if latest else None
        if feedback is None or feedback.rating not in SATISFACTORY_RATINGS:
            return False
    return True


@transaction.atomic
def feedback_create(
    *,
    reply: Reply,
    rating: str,
    reason: str = "",
    actor,
    now: dt.datetime | None = None,
) -> Feedback:
    """Record the lead deputy's rating of a reply; 不满意 sends it back to the unit."""
    suggestion, assignment = lock_assignment(reply.assignment)
    if not can_rate_reply(actor, suggestion):
        raise denied("只有领衔代表可以测评答复。")
    transition(suggestion, "rate", action="测评")
    if assignment.role not in ANSWERING_ROLES:
        raise invalid(
            "会办单位的意见送主办单位，不需测评。", code="suggestions.not_rateable"
        )
    at = now_or(now)
    if not rules.rating_window_open(suggestion, timezone.localdate(at)):
        # The window has passed even if the daily job has not closed the item yet.
        last_day = rules.rating_deadline(suggestion)
        raise InvalidTransition(
            f"测评期限已于{last_day.year}年{last_day.month}月{last_day.day}日届满，"
            "该建议按规定办结，不能再测评。",
            code="suggestions.rating_window_passed",
        )
    if Feedback.objects.filter(reply=reply).exists():
        raise invalid("该答复已测评。", code="suggestions.already_rated")
    latest = assignment.replies.order_by("-replied_at", "-id").first()
    if assignment.status != AssignmentStatus.REPLIED or latest.pk != reply.pk:
        raise invalid("只能测评承办单位的最新答复。", code="suggestions.not_rateable")
    check_choice(rating, Rating, field="rating", label="测评结果")
    reason = clean_text(
        reason,
        field="reason",
        label="不满意的理由",
        required=rating == Rating.UNSATISFIED,
    )
    feedback = Feedback.objects.create(
        reply=reply,
        rating=rating,
        reason=reason,
        deputy=suggestion.lead_deputy,
        rated_at=at,
        created_by=actor,
    )
    event = events.rated_event(
        feedback=feedback, assignment=assignment, actor=actor, at=at
    )
    record_step(
        event,
        actor=actor,
        summary=f"代表测评{assignment.handling_unit.name}的答复：{Rating(rating).label}",
    )
    if rating == Rating.UNSATISFIED:
        due = rules.rehandling_due(timezone.localdate(at))
        assignment_changed = transition(assignment, "reopen")
        assignment.due_at = due.due
        assignment.due_provisional = due.provisional
        assignment.save(
            update_fields=[
                *assignment_changed,
                "due_at",
                "due_provisional",
                "updated_at",
            ]
        )
        changed = transition(suggestion, "reopen")
        suggestion.save(update_fields=[*changed, "updated_at"])
        event = events.reopened_event(
            assignment=assignment, actor=actor, at=at, reason=reason
        )
        record_step(
            event,
            actor=actor,
            summary=f"建议《{suggestion.title}》交{assignment.handling_unit.name}重新办理",
        )
    elif suggestion.can_close() and _all_rated_satisfactory(suggestion):
        _close(suggestion=suggestion, reason=CloseReason.RATED, actor=actor, at=at)
    refresh_suggestion(suggestion)
    return feedback


def suggestion_close_expired(
    *, today: dt.date, actor=None, now: dt.datetime | None = None
) -> list[Suggestion]:
    """Close replied suggestions whose rating window has passed (run daily)."""
    if not can_close_expired(actor):
        raise denied()
    earliest = rules.rating_window_earliest_reply(today)
    candidates = Suggestion.objects.filter(
        status=SuggestionStatus.REPLIED,
        merged_into__isnull=True,
        replied_at__date__lt=earliest,
    ).values_list("pk", flat=True)
    closed = []
    for pk in list(candidates):
        with transaction.atomic():
            suggestion = lock_suggestion(Suggestion(pk=pk))
            if not suggestion.can_close() or suggestion.replied_at is None:
                continue
            if rules.rating_window_open(suggestion, today):
                continue
            deadline = rules.rating_deadline(suggestion)
            _close(
                suggestion=suggestion,
                reason=CloseReason.RATING_WINDOW_PASSED,
                actor=actor,
                at=now_or(now),
                rating_deadline=deadline,
            )
            closed.append(suggestion)
    return closed
