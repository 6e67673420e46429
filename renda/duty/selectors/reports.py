"""Reads of reports to voters (述职): the list, one report with its ratings'
summary, and a deputy's reports of a year (for “我的履职”)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk

from .. import events
from ..choices import Rating, RatingDimension, ReportStatus
from ..models import DutyReport, VoterRating
from ..permissions import can_manage_report


@dataclass
class ReportFilters:
    congress: int | None = None
    deputy: int | None = None
    year: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query) -> ReportFilters:
        year = parse_pk(query.get("year"))
        status = query.get("status") or ""
        return cls(
            congress=parse_pk(query.get("congress")),
            deputy=parse_pk(query.get("deputy")),
            year=year if year and 2000 <= year <= 2100 else None,
            status=status if status in ReportStatus.values else "",
        )


def reports_visible_to(user):
    """The reports a user may read: their congresses' (staff, leaders) and their own."""
    scope = get_scope(user)
    reports = DutyReport.objects.all()
    if scope.is_admin:
        return reports
    visible = Q(congress_id__in=scope.congress_ids)
    if scope.deputy_id is not None:
        visible |= Q(deputy_id=scope.deputy_id)
    return reports.filter(visible)


def report_list(user, filters: ReportFilters | None = None):
    """The reports the user may read, filtered, the latest first."""
    filters = filters or ReportFilters()
    reports = reports_visible_to(user).select_related(
        "deputy", "congress", "electoral_unit", "constituency"
    )
    if filters.congress:
        reports = reports.filter(congress_id=filters.congress)
    if filters.deputy:
        reports = reports.filter(deputy_id=filters.deputy)
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.status:
        reports = reports.filter(status=filters.status)
    return reports.order_by("-date", "-id")


def get_report_for_user(user, pk) -> DutyReport:
    """One report the user may read; 404 for anything else."""
    pk = parse_pk(pk)
    report = (
        reports_visible_to(user)
        .select_related(
            "deputy", "congress", "mandate__term", "electoral_unit", "constituency"
        )
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if report is None:
        raise Http404("没有找到该述职。")
    return report


# The ratings' summary ---------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class DimensionSummary:
    dimension: str
    label: str
    total: int
    shares: list[Share]
    # (满意 + 基本满意) / all, in percent; None when nobody rated.
    satisfaction: float | None


@dataclass(frozen=True)
class RatingSummary:
    total: int
    dimensions: list[DimensionSummary]

    @property
    def overall(self) -> DimensionSummary:
        return next(
            d for d in self.dimensions if d.dimension == RatingDimension.OVERALL
        )

    @property
    def satisfaction(self) -> float | None:
        return self.overall.satisfaction


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def summarize(rows: Iterable[dict]) -> RatingSummary:
    """Count each dimension's ratings; the satisfaction rate counts 满意 and 基本满意."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = 0
    for ratings in rows:
        total += 1
        for dimension, value in (ratings or {}).items():
            counts[dimension][value] += 1
    dimensions = []
    for dimension, label in RatingDimension.choices:
        got = counts.get(dimension, {})
        answered = sum(got.get(value, 0) for value in Rating.values)
        shares = [
            Share(
                value,
                str(name),
                got.get(value, 0),
                _percent(got.get(value, 0), answered),
            )
            for value, name in Rating.choices
        ]
        satisfied = got.get(Rating.SATISFIED, 0) + got.get(Rating.BASICALLY, 0)
        dimensions.append(
            DimensionSummary(
                dimension=dimension,
                label=str(label),
                total=answered,
                shares=shares,
                satisfaction=_percent(satisfied, answered) if answered else None,
            )
        )
    return RatingSummary(total=total, dimensions=dimensions)


def rating_summary(report) -> RatingSummary:
    return summarize(
        VoterRating.objects.filter(report=report).values_list("ratings", flat=True)
    )


def report_comments(report) -> list[str]:
    """The voters' comments, text only (no device data), oldest first."""
    return list(
        VoterRating.objects.filter(report=report)
        .exclude(comment="")
        .order_by("created_at", "id")
        .values_list("comment", flat=True)
    )


def report_actions(user, report) -> list[str]:
    """What the user may do to the report now (the state table and permissions)."""
    if not can_manage_report(user, report):
        return []
    return [
        verb
        for verb in ("edit", "hold", "cancel")
        if report.state_table.can(report.status, verb)
    ]


@dataclass
class ReportDetail:
    report: DutyReport
    summary: RatingSummary
    comments: list[str]
    actions: list[str]
    timeline: list = field(default_factory=list)


def report_detail(user, pk) -> ReportDetail:
    """One report: its ratings' summary, the comments, actions and timeline."""
    report = get_report_for_user(user, pk)
    return ReportDetail(
        report=report,
        summary=rating_summary(report),
        comments=report_comments(report),
        actions=report_actions(user, report),
        timeline=events.timeline(report),
    )


@dataclass(frozen=True)
class ReportWithSummary:
    report: DutyReport
    summary: RatingSummary


def deputy_reports_summary(*, deputy, congress, year) -> list[ReportWithSummary]:
    """A deputy's reports of a year in a congress, each with its ratings' summary
    (two queries whatever the number of reports)."""
    reports = list(
        DutyReport.objects.filter(
            deputy=deputy, congress=congress, year=year
        ).select_related("electoral_unit", "constituency")
    )
    rows: dict[int, list] = defaultdict(list)
    for report_id, ratings in VoterRating.objects.filter(
        report__in=reports
    ).values_list("report_id", "ratings"):
        rows[report_id].append(ratings)
    return [ReportWithSummary(r, summarize(rows.get(r.pk, []))) for r in reports]
