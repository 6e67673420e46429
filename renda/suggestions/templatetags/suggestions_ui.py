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
    CloseReason,
    EventKind,
    KeySource,
    Rating,
    ReplyOutcome,
    SuggestionStatus,
)

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
    """Return the details of a timeline event in plain Chinese ("" when none)."""
    data = event.data or {}
    unit = ""
    if event.assignment_id is not None:
        unit = event.assignment.handling_unit.name
    unit = data.get("unit_name") or unit
    kind = event.kind
    if kind == EventKind.RETURNED_FOR_CLARIFICATION:
        return f"说明：{data.get('reason', '')}"
    if kind == EventKind.REJECTED:
        return f"理由：{data.get('reason', '')}"
    if kind == EventKind.ASSIGNED:
        text = f"{unit}（{_label(AssignmentRole, data.get('role'))}）"
        if data.get("due_at"):
            text += f"，办理期限 {_date(data['due_at'])}"
            if data.get("due_provisional"):
                text += "（暂定）"
        return text
    if kind == EventKind.ASSIGNMENT_RETURNED:
        return f"{unit}：{data.get('reason', '')}"
    if kind == EventKind.EXTENSION_REQUESTED:
        return f"{unit}申请延期 {data.get('months', '')} 个月：{data.get('reason', '')}"
    if kind == EventKind.EXTENSION_APPROVED:
        text = f"{unit}延期 {data.get('months', '')} 个月"
        if data.get("due_at"):
            text += f"，新期限 {_date(data['due_at'])}"
        return text
    if kind == EventKind.EXTENSION_DECLINED:
        note = data.get("note")
        return f"{unit}：{note}" if note else unit
    if kind == EventKind.REPLIED:
        outcome = data.get("outcome")
        return f"{unit}（{_label(ReplyOutcome, outcome)}）" if outcome else unit
    if kind == EventKind.RATED:
        text = f"{unit}：{_label(Rating, data.get('rating'))}"
        if data.get("reason"):
            text += f"，意见：{data['reason']}"
        return text
    if kind == EventKind.REOPENED:
        text = f"{unit}重新办理"
        if data.get("due_at"):
            text += f"，期限 {_date(data['due_at'])}"
        return text
    if kind == EventKind.CLOSED:
        return _label(CloseReason, data.get("reason")) if data.get("reason") else ""
    if kind == EventKind.MERGED:
        if data.get("primary_title"):
            return f"并入《{data['primary_title']}》"
        if data.get("merged"):
            return f"{len(data['merged'])} 件建议并入本件"
        return ""
    if kind == EventKind.MARKED_KEY:
        return _label(KeySource, data.get("source")) if data.get("source") else ""
    return ""
