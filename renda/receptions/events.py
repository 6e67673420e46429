"""The timeline of a resident's request: one typed constructor per kind of event.

Each constructor writes one ``PublicRequestEvent`` with the payload of its
kind (the ``*Data`` shapes below) and the matching audit row. Pages and the API
show an event through ``describe_event()``, so they say the same thing.
(Saleor's ``saleor/order/events.py`` is the model.)

Reception days have no timeline of their own: their steps are in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from renda.core.services import action_log_record

from .choices import PublicRequestEventKind, RequestSource
from .models import PublicRequest, PublicRequestEvent

SUMMARY_MAX_LENGTH = 500


class ReceivedData(TypedDict):
    source: str
    receipt_number: str
    photos: int


class RoutedData(TypedDict):
    unit: int
    unit_name: str
    due_at: str
    note: str


class ConvertedData(TypedDict):
    suggestion: int
    suggestion_title: str
    lead_deputy_name: str
    channel: str


class AnsweredData(TypedDict):
    on_the_spot: bool
    unit_name: str
    overdue: bool


class ResidentToldData(TypedDict):
    in_person: bool


class ClosedData(TypedDict):
    pass


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _record(
    *, request: PublicRequest, kind: str, actor, at: dt.datetime, data: dict
) -> PublicRequestEvent:
    event = PublicRequestEvent(
        request=request, kind=kind, actor=_user(actor), at=at, data=dict(data)
    )
    event.summary = describe_event(event)[:SUMMARY_MAX_LENGTH]
    event.save()
    action_log_record(
        actor=actor,
        action=f"public_request.{kind.lower()}",
        target=request,
        summary=event.summary,
        data={**data, "event": event.pk},
    )
    return event


def request_received_event(
    *, request: PublicRequest, actor, at: dt.datetime, photos: int
) -> PublicRequestEvent:
    data: ReceivedData = {
        "source": request.source,
        "receipt_number": request.receipt_number,
        "photos": photos,
    }
    return _record(
        request=request,
        kind=PublicRequestEventKind.RECEIVED,
        actor=actor,
        at=at,
        data=data,
    )


def request_routed_event(
    *, request: PublicRequest, actor, at: dt.datetime, unit, due_at: dt.date, note: str
) -> PublicRequestEvent:
    data: RoutedData = {
        "unit": unit.pk,
        "unit_name": unit.name,
        "due_at": due_at.isoformat(),
        "note": note,
    }
    return _record(
        request=request,
        kind=PublicRequestEventKind.ROUTED,
        actor=actor,
        at=at,
        data=data,
    )


def request_converted_event(
    *, request: PublicRequest, actor, at: dt.datetime, suggestion, channel: str
) -> PublicRequestEvent:
    data: ConvertedData = {
        "suggestion": suggestion.pk,
        "suggestion_title": suggestion.title,
        "lead_deputy_name": suggestion.lead_deputy.name,
        "channel": channel,
    }
    return _record(
        request=request,
        kind=PublicRequestEventKind.CONVERTED,
        actor=actor,
        at=at,
        data=data,
    )


def request_answered_event(
    *,
    request: PublicRequest,
    actor,
    at: dt.datetime,
    on_the_spot: bool,
    overdue: bool = False,
) -> PublicRequestEvent:
    data: AnsweredData = {
        "on_the_spot": on_the_spot,
        "unit_name": "" if on_the_spot else request.handling_unit.name,
        "overdue": overdue,
    }
    return _record(
        request=request,
        kind=PublicRequestEventKind.ANSWERED,
        actor=actor,
        at=at,
        data=data,
    )


def request_resident_told_event(
    *, request: PublicRequest, actor, at: dt.datetime, in_person: bool = False
) -> PublicRequestEvent:
    data: ResidentToldData = {"in_person": in_person}
    return _record(
        request=request,
        kind=PublicRequestEventKind.RESIDENT_TOLD,
        actor=actor,
        at=at,
        data=data,
    )


def request_closed_event(
    *, request: PublicRequest, actor, at: dt.datetime
) -> PublicRequestEvent:
    data: ClosedData = {}
    return _record(
        request=request,
        kind=PublicRequestEventKind.CLOSED,
        actor=actor,
        at=at,
        data=data,
    )


def _describe_received(data: dict) -> str:
    label = RequestSource(data["source"]).label
    return f"受理群众诉求（{label}），回执编号 {data['receipt_number']}"


def _describe_routed(data: dict) -> str:
    due = dt.date.fromisoformat(data["due_at"])
    text = f"转{data['unit_name']}办理，限 {due:%Y-%m-%d} 前答复"
    if data["note"]:
        text += f"（{data['note']}）"
    return text


def _describe_converted(data: dict) -> str:
    return f"转为{data['lead_deputy_name']}代表领衔的建议《{data['suggestion_title']}》"


def _describe_answered(data: dict) -> str:
    if data["on_the_spot"]:
        return "当场答复"
    return f"{data['unit_name']}答复" + ("（超期）" if data["overdue"] else "")


def _describe_told(data: dict) -> str:
    return "已当面告知群众" if data["in_person"] else "已告知群众办理结果"


def _describe_closed(data: dict) -> str:
    return "办结"


DESCRIBERS = {
    PublicRequestEventKind.RECEIVED: _describe_received,
    PublicRequestEventKind.ROUTED: _describe_routed,
    PublicRequestEventKind.CONVERTED: _describe_converted,
    PublicRequestEventKind.ANSWERED: _describe_answered,
    PublicRequestEventKind.RESIDENT_TOLD: _describe_told,
    PublicRequestEventKind.CLOSED: _describe_closed,
}


def describe_event(event: PublicRequestEvent) -> str:
    """Return the sentence the timeline shows for an event, on pages and in the API.

    Events written before the payloads were typed lack some keys; they keep
    the sentence stored with them.
    """
    describer = DESCRIBERS.get(event.kind)
    if describer is None:
        return event.summary
    try:
        return describer(event.data or {})
    except (KeyError, ValueError, TypeError):
        return event.summary
