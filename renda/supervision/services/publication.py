"""Publication of supervision work (Supervision Law art. 10, 17, 29, 37, 63).

The item with a plain public summary, its report documents (the latest
version of a publishable kind, never a draft or the minutes), its review
opinions once sent, the bodies' handling reports and the satisfaction
results. Each service is the item's congress's staff's, records one event on
the item's timeline, and is idempotent: publishing what is already published
changes nothing and records nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..choices import PUBLISHABLE_DOCUMENT_KINDS, ItemStatus, OpinionStatus
from ..events import publication as publication_events
from ..models import (
    HandlingReport,
    ItemDocument,
    ReviewOpinion,
    SatisfactionTest,
    SupervisionItem,
)
from ..notices import publication as publication_notices
from ..notices.base import schedule
from ..permissions import can_manage_item
from .common import clean_text, denied, invalid, lock

PUBLIC_SUMMARY_MAX_LENGTH = 2000


@transaction.atomic
def item_publish(
    *, item, public_summary: str | None = None, actor, now=None
) -> SupervisionItem:
    """Publish an item with its public summary (no personal data); tell the members.

    Publishing a published item again changes nothing (its summary stays).
    """
    item = lock(SupervisionItem, item.pk)
    if not can_manage_item(actor, item):
        raise denied()
    if item.published_at is not None:
        return item
    if item.status == ItemStatus.CANCELLED:
        raise invalid("已取消的监督事项不公开。", "item")
    summary = clean_text(
        public_summary if public_summary is not None else item.public_summary,
        field="public_summary",
        label="公开说明",
        max_length=PUBLIC_SUMMARY_MAX_LENGTH,
    )
    item.public_summary = summary
    item.published_at = now or timezone.now()
    item.save(update_fields=["public_summary", "published_at", "updated_at"])
    publication_events.item_published_event(item=item, actor=actor)
    schedule(publication_notices.item_published, item.pk, actor=actor)
    return item


def _require_published_item(item) -> None:
    if item.published_at is None:
        raise invalid("请先公开该监督事项。", "item")


@transaction.atomic
def document_publish(*, document, actor, now=None) -> ItemDocument:
    """Publish the latest version of a report document of a publishable kind."""
    document = lock(ItemDocument, document.pk)
    item = document.item
    if not can_manage_item(actor, item):
        raise denied()
    if document.published_at is not None:
        return document
    if document.kind not in PUBLISHABLE_DOCUMENT_KINDS:
        raise invalid(
            f"“{document.get_kind_display()}”属于内部材料，不能公开。", "kind"
        )
    latest = ItemDocument.objects.filter(item=item, kind=document.kind).aggregate(
        latest=Max("version")
    )["latest"]
    if document.version != latest:
        raise invalid(
            f"只能公开最新版本（第{latest}版），该材料是第{document.version}版。",
            "version",
        )
    _require_published_item(item)
    document.published_at = now or timezone.now()
    document.save(update_fields=["published_at", "updated_at"])
    publication_events.document_published_event(document=document, actor=actor)
    return document


PUBLISHABLE_OPINION_STATUSES = frozenset(
    {OpinionStatus.SENT, OpinionStatus.REPORTED, OpinionStatus.CONCLUDED}
)


@transaction.atomic
def opinion_publish(*, opinion, actor, now=None) -> ReviewOpinion:
    """Publish a review opinion once it is sent to the body (art. 17)."""
    opinion = lock(ReviewOpinion, opinion.pk)
    item = opinion.item
    if not can_manage_item(actor, item):
        raise denied()
    if opinion.published_at is not None:
        return opinion
    if opinion.status not in PUBLISHABLE_OPINION_STATUSES:
        raise invalid("审议意见交办后才能公开。", "status")
    _require_published_item(item)
    opinion.published_at = now or timezone.now()
    opinion.save(update_fields=["published_at", "updated_at"])
    publication_events.opinion_published_event(opinion=opinion, actor=actor)
    return opinion


@transaction.atomic
def handling_report_publish(*, report, actor, now=None) -> HandlingReport:
    """Publish a body's handling report on a review opinion (art. 17)."""
    report = lock(HandlingReport, report.pk)
    item = report.opinion.item
    if not can_manage_item(actor, item):
        raise denied()
    if report.published_at is not None:
        return report
    _require_published_item(item)
    report.published_at = now or timezone.now()
    report.save(update_fields=["published_at", "updated_at"])
    publication_events.handling_report_published_event(report=report, actor=actor)
    return report


@transaction.atomic
def satisfaction_test_publish(*, test, actor, now=None) -> SatisfactionTest:
    """Publish a satisfaction test's figures and result."""
    test = lock(SatisfactionTest, test.pk)
    item = test.item
    if not can_manage_item(actor, item):
        raise denied()
    if test.published_at is not None:
        return test
    _require_published_item(item)
    test.published_at = now or timezone.now()
    test.save(update_fields=["published_at", "updated_at"])
    publication_events.satisfaction_test_published_event(test=test, actor=actor)
    return test
