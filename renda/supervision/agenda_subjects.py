"""What an agenda item of a committee meeting may be linked to (关联事项), offered
to meetings through ``renda.meetings.hooks.register_agenda_subjects`` (meetings
imports nothing of supervision).

- 听取审议工作报告: the congress's items heard at a meeting (work reports,
  inspections, inquiries, special investigations...) of the meeting's year and
  the year before, those not yet concluded first;
- 审议意见: review opinions on the congress's items;
- 规范性文件: normative documents filed with the congress;
- 决议、决定: items of the resolution kind (their record, if any, is on the
  item's page).

Lists are short: the most recent ``LIMIT``.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from .choices import HEARD_KINDS, ItemStatus, OpinionStatus, SupervisionKind
from .models import NormativeDocument, ReviewOpinion, SupervisionItem

LIMIT = 50

_FINISHED = [ItemStatus.CLOSED, ItemStatus.CANCELLED]


def _congress_id(meeting):
    return meeting.standing_committee.term.congress_id


def _items(meeting, kinds):
    year = meeting.date.year
    rows = (
        SupervisionItem.objects.filter(
            congress_id=_congress_id(meeting),
            kind__in=list(kinds),
            year__in=[year, year - 1],
        )
        .exclude(status=ItemStatus.CANCELLED)
        .annotate(
            finished=Case(
                When(status__in=_FINISHED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("finished", "-year", "-id")[:LIMIT]
    )
    return [
        (f"{row.year}年 {row.get_kind_display()}：{row.title}", row) for row in rows
    ]


def agenda_subjects(*, meeting, kind: str) -> list[tuple[str, object]]:
    """The candidates of an agenda item of ``kind`` at ``meeting``."""
    if kind == "WORK_REPORT":
        return _items(meeting, HEARD_KINDS)
    if kind == "RESOLUTION":
        return _items(meeting, [SupervisionKind.RESOLUTION])
    if kind == "REVIEW_OPINIONS":
        rows = (
            ReviewOpinion.objects.filter(item__congress_id=_congress_id(meeting))
            .select_related("item", "unit")
            .annotate(
                finished=Case(
                    When(status=OpinionStatus.CONCLUDED, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("finished", "-id")[:LIMIT]
        )
        return [(str(row), row) for row in rows]
    if kind == "NORMATIVE_DOCUMENT":
        rows = NormativeDocument.objects.filter(
            congress_id=_congress_id(meeting)
        ).order_by("-published_on", "-id")[:LIMIT]
        return [(str(row), row) for row in rows]
    return []
