"""The year's supervision statistics of a congress, computed from records only.

``year_counts`` defines, once, each count of the summary's opening sentence
(the .docx, the page, the API and the .xlsx all read it):

- an item of a kind counts in the year its ``done_on`` (the day its main step
  happened: heard, inspected, adopted) falls in, unless it is cancelled;
- a resolution counts only if adopted (when its vote record exists);
- 备案审查规范性文件: filings accepted (``accepted_on``) in the year of
  documents filed with the congress.

``supervision_stats`` adds the items by kind, theme and body (the items the
year's plan holds, and those counted as done), and the review opinions and
rectification points of the year's items open, done and overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.core.db_router import replica_reads

from ..choices import (
    ItemStatus,
    OpinionStatus,
    PointStatus,
    ResolutionOutcome,
    SupervisionKind,
)
from ..models import Filing, RectificationPoint, ReviewOpinion, SupervisionItem, Theme
from ..permissions import can_view_statistics
from ..services.common import denied
from .filing import filings_reviewed

NO_THEME = "其他监督工作"

# The opening sentence's counts: (field, kind, label, measure word).
COUNTED_KINDS = [
    ("work_reports", SupervisionKind.WORK_REPORT, "听取审议专项工作报告", "项"),
    ("law_inspections", SupervisionKind.LAW_INSPECTION, "执法检查", "项"),
    ("field_inspections", SupervisionKind.FIELD_INSPECTION, "专项视察", "次"),
    ("inquiries", SupervisionKind.INQUIRY, "专题询问", "次"),
    ("vote_evaluations", SupervisionKind.VOTE_EVALUATION, "票决评议", "次"),
    ("research", SupervisionKind.RESEARCH, "专题调研", "项"),
    ("resolutions", SupervisionKind.RESOLUTION, "作出决议决定", "项"),
]


@dataclass(frozen=True)
class YearCounts:
    year: int
    work_reports: int
    law_inspections: int
    field_inspections: int
    inquiries: int
    vote_evaluations: int
    research: int
    filings: int
    resolutions: int

    def sentence(self) -> str:
        """The summary's opening sentence (the source's shape)."""
        return (
            f"全年共听取审议专项工作报告{self.work_reports}项，"
            f"开展执法检查{self.law_inspections}项、"
            f"专项视察{self.field_inspections}次、"
            f"专题询问{self.inquiries}次、"
            f"票决评议{self.vote_evaluations}次、"
            f"专题调研{self.research}项、"
            f"备案审查规范性文件{self.filings}件，"
            f"依法作出决议决定{self.resolutions}项。"
        )

    def rows(self) -> list[tuple[str, str, int]]:
        """(field, label, count) in the sentence's order."""
        rows = [
            (name, label, getattr(self, name)) for name, _k, label, _m in COUNTED_KINDS
        ]
        rows.insert(6, ("filings", "备案审查规范性文件", self.filings))
        return rows


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def counted_items(congress, year: int) -> QuerySet[SupervisionItem]:
    """The items done in ``year`` that the year's counts count (see the module)."""
    first, last = _year_bounds(year)
    return (
        SupervisionItem.objects.filter(
            congress=congress, done_on__gte=first, done_on__lte=last
        )
        .exclude(status=ItemStatus.CANCELLED)
        .exclude(
            kind=SupervisionKind.RESOLUTION,
            resolution__outcome=ResolutionOutcome.REJECTED,
        )
    )


def counted_filings(congress, year: int) -> QuerySet[Filing]:
    """Filings accepted in ``year`` of documents filed with ``congress`` (the
    filing area's definition, ``selectors.filing.filings_reviewed``)."""
    return filings_reviewed(congress, year)


def year_counts(congress, year: int) -> YearCounts:
    """The counts of the year's summary sentence, each defined once (see the module)."""
    by_kind = Counter(counted_items(congress, year).values_list("kind", flat=True))
    return YearCounts(
        year=year,
        filings=counted_filings(congress, year).count(),
        **{name: by_kind.get(kind.value, 0) for name, kind, _l, _m in COUNTED_KINDS},
    )


@dataclass
class StatRow:
    key: str
    label: str
    planned: int = 0
    done: int = 0


@dataclass
class StatusCounts:
    open: int = 0
    done: int = 0
    overdue: int = 0


@dataclass
class SupervisionStats:
    congress: object
    year: int
    today: dt.date
    counts: YearCounts
    by_kind: list[StatRow] = field(default_factory=list)
    by_theme: list[StatRow] = field(default_factory=list)
    by_body: list[StatRow] = field(default_factory=list)
    opinions: StatusCounts = field(default_factory=StatusCounts)
    points: StatusCounts = field(default_factory=StatusCounts)


def _grouped(pairs, planned_ids, done_ids, labels: dict) -> list[StatRow]:
    rows: dict = {}
    for item_id, key in pairs:
        row = rows.setdefault(
            key, StatRow(key=str(key), label=str(labels.get(key, "")))
        )
        if item_id in planned_ids:
            row.planned += 1
        if item_id in done_ids:
            row.done += 1
    return [row for row in rows.values() if row.planned or row.done]


def supervision_stats(user, congress, year: int, *, today=None) -> SupervisionStats:
    """The year's figures of a congress (its readers; others get 403)."""
    if not can_view_statistics(user, congress):
        raise denied("您无权查看该人大的监督统计。")
    # The figures may read a replica (renda/core/db_router.py).
    with replica_reads():
        return _supervision_stats(congress, year, today=today)


def _supervision_stats(congress, year: int, *, today=None) -> SupervisionStats:
    today = today or timezone.localdate()
    done_ids = set(counted_items(congress, year).values_list("pk", flat=True))
    # The year's items, read once; their opinions and points are then read by
    # these ids, a literal list the planner reads by index. Filtered by the
    # item's congress and year in a join instead, it expected the congress's
    # every year and scanned every opinion (bench/figures.py).
    year_items = dict(
        SupervisionItem.objects.filter(congress=congress, year=year)
        .order_by()
        .values_list("pk", "status")
    )
    planned_ids = {
        pk for pk, status in year_items.items() if status != ItemStatus.CANCELLED
    }
    ids = done_ids | planned_ids
    items = SupervisionItem.objects.filter(pk__in=ids)

    kinds = {k.value: k.label for k in SupervisionKind}
    by_kind = {
        row.key: row
        for row in _grouped(
            items.values_list("pk", "kind"), planned_ids, done_ids, kinds
        )
    }
    kind_rows = [by_kind[k.value] for k in SupervisionKind if k.value in by_kind]

    themes = list(Theme.objects.filter(congress=congress).order_by("rank", "id"))
    theme_pairs = list(
        SupervisionItem.themes.through.objects.filter(
            supervisionitem_id__in=ids
        ).values_list("supervisionitem_id", "theme_id")
    )
    with_theme = {item_id for item_id, _t in theme_pairs}
    theme_pairs += [(item_id, None) for item_id in ids - with_theme]
    theme_labels = {t.pk: t.name for t in themes} | {None: NO_THEME}
    grouped = {
        row.key: row
        for row in _grouped(theme_pairs, planned_ids, done_ids, theme_labels)
    }
    theme_rows = [grouped[str(t.pk)] for t in themes if str(t.pk) in grouped]
    if "None" in grouped:
        grouped["None"].key = ""
        theme_rows.append(grouped["None"])

    unit_pairs = list(
        SupervisionItem.target_units.through.objects.filter(
            supervisionitem_id__in=ids
        ).values_list("supervisionitem_id", "handlingunit_id", "handlingunit__name")
    )
    unit_labels = {unit_id: name for _i, unit_id, name in unit_pairs}
    body_rows = sorted(
        _grouped(
            [(i, u) for i, u, _n in unit_pairs], planned_ids, done_ids, unit_labels
        ),
        key=lambda row: (-row.done, -row.planned, row.label),
    )

    opinion_counts = StatusCounts(
        **ReviewOpinion.objects.filter(item_id__in=list(year_items)).aggregate(
            open=Count("pk", filter=~Q(status=OpinionStatus.CONCLUDED)),
            done=Count("pk", filter=Q(status=OpinionStatus.CONCLUDED)),
            overdue=Count(
                "pk", filter=Q(status=OpinionStatus.SENT, report_due__lt=today)
            ),
        )
    )
    point_counts = StatusCounts(
        **RectificationPoint.objects.filter(
            opinion__item_id__in=list(year_items)
        ).aggregate(
            open=Count("pk", filter=Q(status=PointStatus.OPEN)),
            done=Count("pk", filter=Q(status=PointStatus.DONE)),
            overdue=Count("pk", filter=Q(status=PointStatus.OPEN, due_on__lt=today)),
        )
    )
    return SupervisionStats(
        congress=congress,
        year=year,
        today=today,
        counts=year_counts(congress, year),
        by_kind=kind_rows,
        by_theme=theme_rows,
        by_body=body_rows,
        opinions=opinion_counts,
        points=point_counts,
    )


def stats_congresses_for(user):
    """The congresses whose statistics the user reads (the picker's choices)."""
    from renda.accounts.permissions import get_scope, region_subtree_q
    from renda.congresses.models import Congress

    scope = get_scope(user)
    congresses = Congress.objects.select_related("region").order_by("region__code")
    if scope.is_admin:
        return congresses
    query = Q(pk__in=scope.congress_ids | scope.member_congress_ids)
    if scope.region_paths:
        query |= region_subtree_q("region__path", scope.region_paths)
    return congresses.filter(query)
