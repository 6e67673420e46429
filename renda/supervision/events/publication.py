"""Timeline events of publication (art. 10, 17, 29, 37, 63): what was made public."""

from __future__ import annotations

from ..models import ItemEvent
from .base import record, register

ITEM_PUBLISHED = register(
    "ITEM_PUBLISHED",
    "公开监督事项",
    ["title"],
    lambda d: f"监督事项《{d['title']}》向社会公开",
)
DOCUMENT_PUBLISHED = register(
    "DOCUMENT_PUBLISHED",
    "公开材料",
    ["document", "title", "version"],
    lambda d: f"公开材料《{d['title']}》（第{d['version']}版）",
)
OPINION_PUBLISHED = register(
    "OPINION_PUBLISHED",
    "公开审议意见",
    ["opinion", "unit"],
    lambda d: f"公开对{d['unit']}的审议意见",
)
HANDLING_REPORT_PUBLISHED = register(
    "HANDLING_REPORT_PUBLISHED",
    "公开研究处理情况报告",
    ["report", "unit", "round"],
    lambda d: f"公开{d['unit']}的研究处理情况报告（第{d['round']}轮）",
)
TEST_PUBLISHED = register(
    "TEST_PUBLISHED",
    "公开满意度测评结果",
    ["test", "unit", "result"],
    lambda d: f"公开对{d['unit']}的满意度测评结果：{d['result']}",
)


def item_published_event(*, item, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=ITEM_PUBLISHED,
        actor=actor,
        at=at,
        data={"title": item.title},
        item=item,
    )


def document_published_event(*, document, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=DOCUMENT_PUBLISHED,
        actor=actor,
        at=at,
        data={
            "document": document.pk,
            "title": document.title,
            "version": document.version,
        },
        item=document.item,
    )


def opinion_published_event(*, opinion, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=OPINION_PUBLISHED,
        actor=actor,
        at=at,
        data={"opinion": opinion.pk, "unit": opinion.unit.name},
        item=opinion.item,
    )


def handling_report_published_event(*, report, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=HANDLING_REPORT_PUBLISHED,
        actor=actor,
        at=at,
        data={
            "report": report.pk,
            "unit": report.opinion.unit.name,
            "round": report.round,
        },
        item=report.opinion.item,
    )


def satisfaction_test_published_event(*, test, actor, at=None) -> ItemEvent:
    return record(
        ItemEvent,
        kind=TEST_PUBLISHED,
        actor=actor,
        at=at,
        data={
            "test": test.pk,
            "unit": test.unit.name,
            "result": test.get_result_display(),
        },
        item=test.item,
    )
