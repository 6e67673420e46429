"""The duty app's timeline: one constructor per kind (its payload keys checked),
and one ``describe_event()`` for pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass

from .choices import DutyEventKind
from .models import DutyEvent

Kind = DutyEventKind

# The payload keys each kind carries (checked on write).
PAYLOAD_KEYS: dict[str, frozenset] = {
    Kind.RECORD_ADDED: frozenset({"title", "kind"}),
    Kind.RECORD_DECIDED: frozenset({"title", "status", "note"}),
    Kind.ATTENDANCE: frozenset({"session", "status"}),
    Kind.RULES_SAVED: frozenset({"version", "effective_year"}),
    Kind.SCORES_PUBLISHED: frozenset({"year", "period", "deputies"}),
    Kind.YEAR_CLOSED: frozenset({"year", "deputies"}),
    Kind.CORRECTION_ASKED: frozenset({"year", "reason"}),
    Kind.CORRECTION_DECIDED: frozenset({"year", "status", "points", "decision"}),
    Kind.ALERT: frozenset({"alert", "detail"}),
    Kind.REPORT: frozenset({"change", "summary"}),
    Kind.TRAINING: frozenset({"change", "summary"}),
    Kind.STORY: frozenset({"change", "summary"}),
    Kind.DONATION: frozenset({"change", "summary"}),
}


def subject_of(obj) -> str:
    """``"<app_label>.<model>:<pk>"`` of the object an event is about."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def record_event(
    kind: str, /, *, subject, actor=None, deputy=None, congress=None, **payload
) -> DutyEvent:
    """Write one event; refuse a payload that is not the kind's shape."""
    expected = PAYLOAD_KEYS[kind]
    if set(payload) != expected:
        raise TypeError(f"{kind} takes {sorted(expected)}, got {sorted(payload)}")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return DutyEvent.objects.create(
        kind=kind,
        subject=subject if isinstance(subject, str) else subject_of(subject),
        actor=actor,
        deputy=deputy,
        congress=congress,
        payload={k: ("" if v is None else v) for k, v in payload.items()},
    )


@dataclass(frozen=True)
class EventDescription:
    title: str
    detail: str
    actor: str
    at: object


def _detail(event: DutyEvent) -> str:
    data = event.payload or {}
    kind = event.kind
    if kind in (Kind.REPORT, Kind.TRAINING, Kind.STORY, Kind.DONATION):
        return str(data.get("summary", ""))
    if kind == Kind.RECORD_ADDED:
        return str(data.get("title", ""))
    if kind == Kind.RECORD_DECIDED:
        return "，".join(str(v) for v in (data.get("status"), data.get("note")) if v)
    if kind == Kind.ATTENDANCE:
        return f"{data.get('session', '')} {data.get('status', '')}".strip()
    if kind == Kind.RULES_SAVED:
        return f"第{data.get('version')}版，{data.get('effective_year')}年起施行"
    if kind == Kind.SCORES_PUBLISHED:
        return f"{data.get('year')}年{data.get('period', '')}，{data.get('deputies')}名代表"
    if kind == Kind.YEAR_CLOSED:
        return f"{data.get('year')}年，{data.get('deputies')}名代表"
    if kind == Kind.CORRECTION_ASKED:
        return str(data.get("reason", ""))
    if kind == Kind.CORRECTION_DECIDED:
        points = data.get("points")
        extra = f"，调整 {points} 分" if points not in ("", None) else ""
        return f"{data.get('status', '')}{extra}：{data.get('decision', '')}"
    if kind == Kind.ALERT:
        return str(data.get("detail", ""))
    return ""


def describe_event(event: DutyEvent) -> EventDescription:
    actor = ""
    if event.actor_id:
        actor = event.actor.get_full_name() or event.actor.get_username()
    return EventDescription(
        title=event.get_kind_display(),
        detail=_detail(event),
        actor=actor,
        at=event.created_at,
    )


def timeline(subject) -> list[EventDescription]:
    """The described events of one object, oldest first."""
    key = subject if isinstance(subject, str) else subject_of(subject)
    return [
        describe_event(e)
        for e in DutyEvent.objects.filter(subject=key).select_related("actor")
    ]
