"""Typed events of a notice's timeline: one constructor per kind, one payload
shape per kind, and one ``describe_event()`` for the page and the API.

Reads and answers are not events: the receipts table shows them per recipient.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils import timezone

from .choices import NoticeEventKind
from .models import Notice, NoticeEvent

Kind = NoticeEventKind


@dataclass(frozen=True)
class Created:
    title: str


@dataclass(frozen=True)
class Updated:
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    recipients: int
    undeliverable: int


@dataclass(frozen=True)
class Withdrawn:
    reason: str


@dataclass(frozen=True)
class Reminded:
    round: int
    reminded: int


PAYLOADS = {
    Kind.CREATED: Created,
    Kind.UPDATED: Updated,
    Kind.PUBLISHED: Published,
    Kind.WITHDRAWN: Withdrawn,
    Kind.REMINDED: Reminded,
}


@dataclass(frozen=True)
class EventDescription:
    title: str
    detail: str
    actor: str
    at: object


def _record(kind: str, payload, *, notice: Notice, actor, at=None) -> NoticeEvent:
    if not isinstance(payload, PAYLOADS[kind]):
        raise TypeError(f"{kind} takes a {PAYLOADS[kind].__name__} payload")
    return NoticeEvent.objects.create(
        notice=notice,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or timezone.now(),
        payload=asdict(payload),
    )


def notice_created_event(*, notice: Notice, actor, at=None) -> NoticeEvent:
    return _record(
        Kind.CREATED, Created(title=notice.title), notice=notice, actor=actor, at=at
    )


def notice_updated_event(*, notice: Notice, fields: list[str], actor, at=None):
    return _record(
        Kind.UPDATED, Updated(fields=fields), notice=notice, actor=actor, at=at
    )


def notice_published_event(
    *, notice: Notice, recipients: int, undeliverable: int, actor, at=None
) -> NoticeEvent:
    return _record(
        Kind.PUBLISHED,
        Published(recipients=recipients, undeliverable=undeliverable),
        notice=notice,
        actor=actor,
        at=at,
    )


def notice_withdrawn_event(*, notice: Notice, reason: str, actor, at=None):
    return _record(
        Kind.WITHDRAWN, Withdrawn(reason=reason), notice=notice, actor=actor, at=at
    )


def notice_reminded_event(
    *, notice: Notice, round: int, reminded: int, actor, at=None
) -> NoticeEvent:
    return _record(
        Kind.REMINDED,
        Reminded(round=round, reminded=reminded),
        notice=notice,
        actor=actor,
        at=at,
    )


FIELD_LABELS = {
    "title": "标题",
    "body": "正文",
    "category": "类别",
    "answer_form": "回复方式",
    "answer_options": "回复选项",
    "answer_deadline": "回复截止时间",
    "targets": "通知对象",
    "attachments": "附件",
}


def payload_of(event: NoticeEvent):
    """Return the event's payload as its kind's dataclass."""
    return PAYLOADS[event.kind](**event.payload)


def describe_event(event: NoticeEvent) -> EventDescription:
    """Describe one event in Chinese, for the page timeline and the API alike."""
    payload = payload_of(event)
    detail = ""
    match payload:
        case Created():
            detail = f"起草“{payload.title}”"
        case Updated():
            names = [FIELD_LABELS.get(name, name) for name in payload.fields]
            detail = "修改了" + "、".join(names) if names else "保存草稿"
        case Published():
            detail = f"发送给 {payload.recipients} 人"
            if payload.undeliverable:
                detail += f"，{payload.undeliverable} 人无账号，无法送达"
        case Withdrawn():
            detail = f"理由：{payload.reason}"
        case Reminded():
            detail = f"第 {payload.round} 次提醒，提醒 {payload.reminded} 人"
    actor = event.actor
    return EventDescription(
        title=event.get_kind_display(),
        detail=detail,
        actor=(actor.display_name or actor.username) if actor else "系统",
        at=event.at,
    )
