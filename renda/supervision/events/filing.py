"""Timeline events of the filing area: filings (filed, accepted, returned,
refiled) and reviews (opened, started, checked, suspended, correction asked,
concluded, referred, proposer told). Kinds are registered in events.base."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..choices import DocumentType, ReviewKind, ReviewOutcome, Standard
from ..models import FilingEvent
from .base import record, register

FILING_FILED = register(
    "FILING_FILED",
    "报备",
    ["document_type", "title", "number", "late"],
    lambda d: (
        f"报备{DocumentType(d['document_type']).label}《{d['title']}》（{d['number']}）"
        + ("，逾期报备" if d["late"] else "")
    ),
)
FILING_ACCEPTED = register(
    "FILING_ACCEPTED", "登记备案", ["on"], lambda d: f"{d['on']} 登记备案"
)
FILING_RETURNED = register(
    "FILING_RETURNED",
    "退回补正",
    ["reason", "refile_due"],
    lambda d: f"退回补正：{d['reason']}（{d['refile_due']} 前重新报备）",
)
FILING_REFILED = register(
    "FILING_REFILED", "重新报备", ["on"], lambda d: f"{d['on']} 重新报备"
)

REVIEW_OPENED = register(
    "REVIEW_OPENED",
    "登记审查",
    ["kind", "subject", "documents"],
    lambda d: (
        f"登记{ReviewKind(d['kind']).label}：{d['subject']}（文件 {d['documents']} 件）"
    ),
)
REVIEW_STARTED = register("REVIEW_STARTED", "开始审查", [], lambda d: "开始审查")
REVIEW_CHECKED = register(
    "REVIEW_CHECKED",
    "登记审查意见",
    ["checks"],
    lambda d: (
        "审查标准："
        + "；".join(
            f"{Standard(c['standard']).label}{'符合' if c['passed'] else '不符合'}"
            for c in d["checks"]
        )
    ),
)
REVIEW_SUSPENDED = register(
    "REVIEW_SUSPENDED",
    "中止审查",
    ["note"],
    lambda d: "制定机关自行纠正，审查中止" + (f"：{d['note']}" if d["note"] else ""),
)
REVIEW_CORRECTION_REQUESTED = register(
    "REVIEW_CORRECTION_REQUESTED",
    "书面要求纠正",
    ["correction_due"],
    lambda d: f"书面要求制定机关于 {d['correction_due']} 前纠正",
)
REVIEW_CONCLUDED = register(
    "REVIEW_CONCLUDED",
    "结束审查",
    ["outcome", "on"],
    lambda d: f"{d['on']} 审查结束：{ReviewOutcome(d['outcome']).label}",
)
REVIEW_REFERRED = register(
    "REVIEW_REFERRED", "移送", ["organ"], lambda d: f"移送{d['organ']}处理"
)
REVIEW_PROPOSER_TOLD = register(
    "REVIEW_PROPOSER_TOLD",
    "告知提出人",
    ["on"],
    lambda d: f"{d['on']} 已将审查结果告知提出人",
)


def at_of(today) -> dt.datetime | None:
    """The moment of a step done on ``today`` (None: now): noon of a past day."""
    if today is None or today == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(today, dt.time(12)))


def filing_event(filing, kind: str, *, actor, data: dict, today=None) -> FilingEvent:
    return record(
        FilingEvent, kind=kind, actor=actor, data=data, at=at_of(today), filing=filing
    )


def review_event(case, kind: str, *, actor, data: dict, today=None) -> FilingEvent:
    return record(
        FilingEvent, kind=kind, actor=actor, data=data, at=at_of(today), case=case
    )
