"""Template filters of the suggestion pages: status words, badges, timeline lines.

Load with ``{% load suggestions_ui %}``. The shared partials
(``_status.html``, ``_timeline.html``, ``_attachments.html``) use them.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from renda.suggestions.attachments import size_text
from renda.suggestions.choices import (
    AssignmentRole,
    AssignmentStatus,
    Channel,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)
from renda.suggestions.events import describe_event

register = template.Library()

# Badge colours by status: work waiting for someone, done, refused, neutral.
SUGGESTION_TONES = {
    SuggestionStatus.DRAFT: "draft",
    SuggestionStatus.SUBMITTED: "wait",
    SuggestionStatus.RETURNED_FOR_CLARIFICATION: "action",
    SuggestionStatus.ACCEPTED: "wait",
    SuggestionStatus.REJECTED: "refused",
    SuggestionStatus.ASSIGNED: "work",
    SuggestionStatus.REPLIED: "action",
    SuggestionStatus.REOPENED: "work",
    SuggestionStatus.CLOSED: "done",
}
ASSIGNMENT_TONES = {
    AssignmentStatus.ASSIGNED: "work",
    AssignmentStatus.RETURNED: "refused",
    AssignmentStatus.REPLIED: "done",
    AssignmentStatus.REHANDLING: "work",
    AssignmentStatus.WITHDRAWN: "draft",
}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@register.filter
def status_label(value, kind: str = "suggestion") -> str:
    """Return a status in Chinese; ``kind`` is "suggestion" or "assignment"."""
    choices = AssignmentStatus if kind == "assignment" else SuggestionStatus
    return _label(choices, value)


@register.filter
def status_tone(value, kind: str = "suggestion") -> str:
    tones = ASSIGNMENT_TONES if kind == "assignment" else SUGGESTION_TONES
    return tones.get(value, "draft")


@register.filter
def channel_label(value) -> str:
    return _label(Channel, value)


@register.filter
def role_label(value) -> str:
    return _label(AssignmentRole, value)


@register.filter
def outcome_label(value) -> str:
    return _label(ReplyOutcome, value) if value else ""


@register.filter
def rating_label(value) -> str:
    return _label(Rating, value)


@register.filter
def filesize_text(value) -> str:
    return size_text(int(value or 0))


def _date(value) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_date(value) -> str:
    """Return a date as 2025年3月3日."""
    return _date(value) if value else ""


@register.filter
def days_left(due, today=None) -> int | None:
    """Return how many days remain until ``due`` (negative once passed)."""
    if not due:
        return None
    today = today or timezone.localdate()
    return (due - today).days


@register.filter
def event_text(event) -> str:
    """Return the details of a timeline event (``events.describe_event``, as the API)."""
    description = getattr(event, "description", None) or describe_event(event)
    return description.detail_text
