"""Writes of supervision items: create, lifecycle, people, visits, documents, clock.

Each service checks permission first (``PermissionDenied``), then the input
(``ApplicationError`` naming the field), writes in one transaction, records one
timeline event (which writes the audit row) and schedules its notices after
the commit.
"""

from __future__ import annotations

from django.db import transaction

from renda.congresses.models import Committee, CommitteeMember
from renda.core.state import transition
from renda.units.models import HandlingUnit

from ..choices import ItemStatus, SupervisionKind, WorkReportSubtype
from ..events import items as item_events
from ..models import SupervisionItem, Theme
from ..permissions import manages_congress
from .common import (
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    clean_date,
    clean_month,
    clean_text,
    clean_year,
    denied,
    invalid,
    lock,
)


def _ids_of(model, ids, *, field: str, label: str, **filters):
    ids = list(dict.fromkeys(ids or []))
    if any(isinstance(pk, bool) or not isinstance(pk, int) for pk in ids):
        raise invalid(f"{label}应为编号列表。", field)
    found = list(model.objects.filter(pk__in=ids, **filters))
    if len(found) != len(ids):
        raise invalid(f"{label}中有不存在或不属于本人大的项。", field)
    return found


@transaction.atomic
def item_create(
    *,
    congress,
    year: int,
    kind: str,
    title: str,
    actor,
    subtype: str = "",
    summary: str = "",
    theme_ids=(),
    target_unit_ids=(),
    lead_committee_id: int | None = None,
    leader_ids=(),
    planned_month: int | None = None,
    meeting_date=None,
    meeting_name: str = "",
    written_review: bool = False,
    follows: SupervisionItem | None = None,
) -> SupervisionItem:
    """Create a supervision item of a congress (its staff), planned."""
    if not manages_congress(actor, congress.pk):
        raise denied()
    if kind not in SupervisionKind.values:
        raise invalid("请选择监督方式。", "kind")
    if subtype and kind != SupervisionKind.WORK_REPORT:
        raise invalid("只有专项工作报告可以选择报告类别。", "subtype")
    if subtype and subtype not in WorkReportSubtype.values:
        raise invalid("报告类别无效。", "subtype")
    if (
        lead_committee_id is not None
        and not Committee.objects.filter(
            pk=lead_committee_id, congress=congress
        ).exists()
    ):
        raise invalid("牵头委员会不存在或不属于本人大。", "lead_committee")
    item = SupervisionItem.objects.create(
        congress=congress,
        year=clean_year(year),
        kind=kind,
        subtype=subtype
        or (WorkReportSubtype.GENERAL if kind == SupervisionKind.WORK_REPORT else ""),
        title=clean_text(
            title, field="title", label="议题名称", max_length=TITLE_MAX_LENGTH
        ),
        summary=clean_text(summary, field="summary", label="内容摘要", required=False),
        lead_committee_id=lead_committee_id,
        planned_month=clean_month(planned_month),
        meeting_date=meeting_date,
        meeting_name=clean_text(
            meeting_name,
            field="meeting_name",
            label="审议会议",
            max_length=100,
            required=False,
        ),
        written_review=bool(written_review),
        follows=follows,
        status=ItemStatus.PLANNED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.themes.set(
        _ids_of(Theme, theme_ids, field="themes", label="主题", congress=congress)
    )
    item.target_units.set(
        _ids_of(HandlingUnit, target_unit_ids, field="target_units", label="被监督机关")
    )
    item.leaders.set(
        _ids_of(
            CommitteeMember,
            leader_ids,
            field="leaders",
            label="分管领导",
            standing_committee__term__congress=congress,
        )
    )
    item_events.item_created_event(item=item, actor=actor)
    return item


def _lock_item(item) -> SupervisionItem:
    return lock(SupervisionItem, item.pk)


@transaction.atomic
def item_start(*, item, actor) -> SupervisionItem:
    """Mark a planned item as under way (inspections, research, the report drafted)."""
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    changed = transition(item, "start")
    item.save(update_fields=[*changed, "updated_at"])
    item_events.item_started_event(item=item, actor=actor)
    return item


@transaction.atomic
def item_complete(
    *, item, done_on, actor, meeting_name: str | None = None
) -> SupervisionItem:
    """Record the kind's main step done on ``done_on`` (heard, inspected, adopted).

    The year's counts (statistics, the summary) are made by this day.
    """
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    done_on = clean_date(done_on, field="done_on", label="完成日期")
    changed = transition(item, "complete")
    item.done_on = done_on
    fields = [*changed, "done_on", "updated_at"]
    if meeting_name is not None:
        item.meeting_name = clean_text(
            meeting_name,
            field="meeting_name",
            label="审议会议",
            max_length=100,
            required=False,
        )
        fields.append("meeting_name")
    item.save(update_fields=fields)
    item_events.item_completed_event(item=item, actor=actor)
    return item


@transaction.atomic
def item_cancel(*, item, reason: str, actor) -> SupervisionItem:
    """Cancel a planned or running item, with the reason (e.g. a plan adjustment)."""
    item = _lock_item(item)
    if not manages_congress(actor, item.congress_id):
        raise denied()
    reason = clean_text(
        reason, field="reason", label="取消原因", max_length=REASON_MAX_LENGTH
    )
    changed = transition(item, "cancel")
    item.cancel_reason = reason
    item.save(update_fields=[*changed, "cancel_reason", "updated_at"])
    item_events.item_cancelled_event(item=item, actor=actor)
    return item
