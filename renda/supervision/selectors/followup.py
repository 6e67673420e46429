"""Reads of review opinions followed to the end, for pages, the API and boards alike.

Derived states are worked out at read time against ``today``: a handling
report is overdue once today is past its due date and it is not reported; a
point is overdue once today is past its due date and it is open; "due soon"
asks ``rules.due_soon``. Every count of a board equals the list it links to
(the same ``OpinionFilters``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk
from renda.core.state import allowed

from .. import rules
from ..choices import OPINION_STATES, OpinionStatus, PointStatus
from ..models import (
    HandlingReport,
    ItemEvent,
    ProgressReport,
    RectificationPoint,
    ReviewOpinion,
    SatisfactionTest,
    SupervisionItem,
)
from ..permissions import (
    can_file_handling_report,
    can_report_point_progress,
    item_visibility_q,
    manages_congress,
    opinion_visibility_q,
)
from ..services.common import not_found

STAGES = ("open", "done")
OPEN_STATES = (OpinionStatus.SENT, OpinionStatus.REPORTED)


@dataclass(frozen=True)
class OpinionFilters:
    """Opinions by congress, year, unit, status (or stage: open/done) and overdue."""

    congress: int | None = None
    year: int | None = None
    unit: int | None = None
    item: int | None = None
    status: str = ""
    stage: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, query: Mapping) -> OpinionFilters:
        """Parse a page's query string or the API's query; unknown values mean "all"."""
        year = parse_pk(query.get("year"))
        status = str(query.get("status") or "")
        stage = str(query.get("stage") or "")
        return cls(
            congress=parse_pk(query.get("congress")),
            year=year if year and 1979 <= year <= 2100 else None,
            unit=parse_pk(query.get("unit")),
            item=parse_pk(query.get("item")),
            status=status if status in OpinionStatus.values else "",
            stage=stage if stage in STAGES else "",
            overdue=str(query.get("overdue") or "").lower() in ("1", "true", "on"),
        )

    def query(self, **changes) -> str:
        values = {
            "congress": self.congress,
            "year": self.year,
            "unit": self.unit,
            "item": self.item,
            "status": self.status,
            "stage": self.stage,
            "overdue": "1" if self.overdue else "",
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _today(today):
    return today or timezone.localdate()


def _visible(user):
    return ReviewOpinion.objects.filter(
        pk__in=ReviewOpinion.objects.filter(opinion_visibility_q(user)).values("pk")
    )


def opinion_list(user, filters: OpinionFilters, today: dt.date | None = None):
    """The opinions ``user`` may see matching ``filters``, the latest year first."""
    today = _today(today)
    rows = _visible(user).select_related("item__congress", "unit")
    if filters.congress:
        rows = rows.filter(item__congress_id=filters.congress)
    if filters.year:
        rows = rows.filter(item__year=filters.year)
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.item:
        rows = rows.filter(item_id=filters.item)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.stage == "open":
        rows = rows.filter(status__in=OPEN_STATES)
    elif filters.stage == "done":
        rows = rows.filter(status=OpinionStatus.CONCLUDED)
    if filters.overdue:
        rows = rows.filter(overdue_q(today))
    return rows.order_by("-item__year", "item_id", "unit__name", "id")


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Sent and not reported, today past the due date."""
    return Q(**{f"{prefix}status": OpinionStatus.SENT}) & Q(
        **{f"{prefix}report_due__lt": today}
    )


def report_overdue(opinion, today: dt.date | None = None) -> bool:
    today = _today(today)
    return (
        opinion.status == OpinionStatus.SENT
        and opinion.report_due is not None
        and today > opinion.report_due
    )


def report_due_soon(opinion, today: dt.date | None = None) -> bool:
    return opinion.status == OpinionStatus.SENT and rules.due_soon(
        opinion.item.congress, opinion.report_due, _today(today)
    )


def point_overdue(point, today: dt.date | None = None) -> bool:
    return point.status == PointStatus.OPEN and _today(today) > point.due_on


def decorate(opinion, today: dt.date | None = None):
    """Set the derived flags the pages and the API show on an opinion."""
    opinion.report_overdue = report_overdue(opinion, today)
    opinion.report_due_soon = report_due_soon(opinion, today)
    return opinion


def get_opinion_for_user(user, pk) -> ReviewOpinion:
    """The opinion, if ``user`` may see it; else NotFound (404)."""
    pk = parse_pk(pk)
    opinion = (
        _visible(user)
        .select_related("item__congress__region", "unit")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if opinion is None:
        raise not_found("该审议意见")
    return opinion


def get_point_for_user(user, pk) -> RectificationPoint:
    pk = parse_pk(pk)
    point = (
        RectificationPoint.objects.select_related(
            "opinion__item__congress", "opinion__unit", "unit"
        )
        .filter(pk=pk, opinion__in=_visible(user))
        .first()
        if pk
        else None
    )
    if point is None:
        raise not_found("该整改事项")
    return point


def get_handling_report_for_user(user, pk) -> HandlingReport:
    pk = parse_pk(pk)
    report = (
        HandlingReport.objects.select_related(
            "opinion__item__congress", "opinion__unit"
        )
        .filter(pk=pk, opinion__in=_visible(user))
        .first()
        if pk
        else None
    )
    if report is None:
        raise not_found("该研究处理情况报告")
    return report


def get_progress_for_user(user, pk) -> ProgressReport:
    pk = parse_pk(pk)
    progress = (
        ProgressReport.objects.select_related("point__opinion")
        .filter(pk=pk, point__opinion__in=_visible(user))
        .first()
        if pk
        else None
    )
    if progress is None:
        raise not_found("该整改进展")
    return progress


def get_item_for_user(user, pk) -> SupervisionItem:
    pk = parse_pk(pk)
    item = (
        SupervisionItem.objects.filter(
            pk__in=SupervisionItem.objects.filter(item_visibility_q(user)).values("pk")
        )
        .select_related("congress__region")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if item is None:
        raise not_found("该监督事项")
    return item


# The detail ---------------------------------------------------------------------------------


@dataclass
class OpinionDetail:
    opinion: ReviewOpinion
    points: list
    reports: list
    tests: list
    timeline: list
    actions: list
    compile_due: dt.date | None = None
    compiled_late: bool = False
    extensions_left: int = 0
    units: list = field(default_factory=list)


def opinion_actions(user, opinion, extensions_left: int) -> list[str]:
    """The verbs ``user`` may take on the opinion now (the page's forms, the API's)."""
    verbs = []
    staff = manages_congress(user, opinion.item.congress_id)
    if staff:
        for verb in ("edit", "approve", "send"):
            if allowed(opinion, verb):
                verbs.append(verb)
        if allowed(opinion, "extend") and extensions_left > 0:
            verbs.append("extend")
        if opinion.status != OpinionStatus.CONCLUDED:
            verbs.append("add_point")
    if allowed(opinion, "file_report") and can_file_handling_report(user, opinion):
        verbs.append("file_report")
    if staff and opinion.status == OpinionStatus.REPORTED:
        verbs += ["comment", "review", "test", "conclude"]
    return verbs


def point_actions(user, point, opinion) -> list[str]:
    verbs = []
    if (
        opinion.sent_on is not None
        and allowed(point, "report_progress")
        and can_report_point_progress(user, point)
    ):
        verbs.append("report_progress")
    if manages_congress(user, opinion.item.congress_id):
        for verb in ("finish", "reopen"):
            if allowed(point, verb):
                verbs.append(verb)
    return verbs


def opinion_detail(user, pk, today: dt.date | None = None) -> OpinionDetail:
    """The opinion with its points (and progress), reports, tests, timeline, actions."""
    from ..services.followup import compile_due, compiled_late, extensions_used

    today = _today(today)
    opinion = decorate(get_opinion_for_user(user, pk), today)
    points = list(
        opinion.points.select_related("unit").prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.select_related("reported_by"),
            )
        )
    )
    for point in points:
        point.opinion = opinion
        point.overdue = point_overdue(point, today)
        point.actions = point_actions(user, point, opinion)
    reports = list(opinion.handling_reports.all())
    tests = list(opinion.satisfaction_tests.select_related("unit"))
    timeline = list(
        ItemEvent.objects.filter(item_id=opinion.item_id, data__opinion=opinion.pk)
        .select_related("actor")
        .order_by("at", "id")
    )
    allowed_ext = int(rules.rule(opinion.item.congress, "handling_extensions_allowed"))
    left = max(0, allowed_ext - extensions_used(opinion)) if opinion.sent_on else 0
    due = compile_due(opinion)
    return OpinionDetail(
        opinion=opinion,
        points=points,
        reports=reports,
        tests=tests,
        timeline=timeline,
        actions=opinion_actions(user, opinion, left),
        compile_due=due.due if due else None,
        compiled_late=compiled_late(opinion),
        extensions_left=left,
    )


# The unit's queue -----------------------------------------------------------------------------


@dataclass
class UnitQueue:
    opinions: list
    points: list


def unit_queue(user, today: dt.date | None = None) -> UnitQueue:
    """Opinions sent to my unit (not concluded) and the open points of my unit."""
    today = _today(today)
    unit_ids = get_scope(user).unit_ids
    opinions = [
        decorate(o, today)
        for o in ReviewOpinion.objects.filter(
            unit_id__in=unit_ids,
            sent_on__isnull=False,
            status__in=OPEN_STATES,
        )
        .select_related("item__congress__region", "unit")
        .order_by("report_due", "id")
    ]
    points = list(
        RectificationPoint.objects.filter(
            unit_id__in=unit_ids,
            opinion__sent_on__isnull=False,
            status=PointStatus.OPEN,
        )
        .select_related("opinion__item", "unit")
        .order_by("due_on", "id")
    )
    for point in points:
        point.overdue = point_overdue(point, today)
    return UnitQueue(opinions=opinions, points=points)


# Tests --------------------------------------------------------------------------------------


def satisfaction_tests_for_item(user, item_pk):
    """The item's tests (the item visible to ``user``)."""
    item = get_item_for_user(user, item_pk)
    tests = SatisfactionTest.objects.filter(item=item).select_related("unit")
    if not get_scope(user).is_admin and not (
        manages_congress(user, item.congress_id) or _reads(user, item)
    ):
        tests = tests.filter(opinion__in=_visible(user)) | tests.filter(
            unit_id__in=get_scope(user).unit_ids
        )
    return tests.order_by("held_on", "id")


def _reads(user, item) -> bool:
    from ..permissions import reads_congress

    return reads_congress(user, item.congress)


# Boards ---------------------------------------------------------------------------------------


@dataclass
class BoardRow:
    unit: object
    open: int
    done: int
    overdue: int
    points_open: int
    points_overdue: int
    open_url: str
    done_url: str
    overdue_url: str


def _board(user, filters: OpinionFilters, today: dt.date) -> list[BoardRow]:
    rows = {}
    opinions = opinion_list(user, filters, today).prefetch_related("points")
    for opinion in opinions:
        row = rows.setdefault(
            opinion.unit_id,
            {
                "unit": opinion.unit,
                "open": 0,
                "done": 0,
                "overdue": 0,
                "po": 0,
                "pd": 0,
            },
        )
        if opinion.status in OPEN_STATES:
            row["open"] += 1
        if opinion.status == OpinionStatus.CONCLUDED:
            row["done"] += 1
        if report_overdue(opinion, today):
            row["overdue"] += 1
        for point in opinion.points.all():
            if point.status == PointStatus.OPEN:
                row["po"] += 1
                row["pd"] += point_overdue(point, today)
    base = reverse("supervision:opinions")
    result = []
    for unit_id, row in sorted(rows.items(), key=lambda kv: kv[1]["unit"].name):
        scoped = OpinionFilters(
            congress=filters.congress,
            year=filters.year,
            unit=unit_id,
            item=filters.item,
        )
        result.append(
            BoardRow(
                unit=row["unit"],
                open=row["open"],
                done=row["done"],
                overdue=row["overdue"],
                points_open=row["po"],
                points_overdue=row["pd"],
                open_url=f"{base}?{scoped.query(stage='open')}",
                done_url=f"{base}?{scoped.query(stage='done')}",
                overdue_url=f"{base}?{scoped.query(overdue='1')}",
            )
        )
    return result


def board_for_unit(
    user, unit=None, year: int | None = None, *, congress=None, today=None
) -> list[BoardRow]:
    """Per unit: open / done / overdue opinions of the year (one unit if given)."""
    filters = OpinionFilters(
        congress=getattr(congress, "pk", congress),
        year=year,
        unit=getattr(unit, "pk", unit),
    )
    return _board(user, filters, _today(today))


def board_for_item(user, item, today=None) -> list[BoardRow]:
    """Per unit: the item's opinions open / done / overdue."""
    return _board(user, OpinionFilters(item=item.pk), _today(today))


# The item page's panel --------------------------------------------------------------------------


@dataclass
class ItemFollowup:
    item: object
    opinions: list
    tests: list
    follows: object
    follow_ups: list
    may_manage: bool


def item_followup(user, item, today=None) -> ItemFollowup:
    """The item's opinions (with points), tests and follow-up chain, for its page."""
    today = _today(today)
    opinions = [
        decorate(o, today)
        for o in _visible(user)
        .filter(item=item)
        .select_related("unit", "item__congress")
        .prefetch_related("points")
        .order_by("unit__name", "id")
    ]
    for opinion in opinions:
        points = list(opinion.points.all())
        opinion.points_open = sum(p.status == PointStatus.OPEN for p in points)
        opinion.points_overdue = sum(point_overdue(p, today) for p in points)
    visible_items = SupervisionItem.objects.filter(item_visibility_q(user)).values("pk")
    follows = (
        SupervisionItem.objects.filter(pk=item.follows_id, pk__in=visible_items).first()
        if item.follows_id
        else None
    )
    return ItemFollowup(
        item=item,
        opinions=opinions,
        tests=list(satisfaction_tests_for_item(user, item.pk)),
        follows=follows,
        follow_ups=list(
            SupervisionItem.objects.filter(follows=item, pk__in=visible_items).order_by(
                "year", "id"
            )
        ),
        may_manage=manages_congress(user, item.congress_id),
    )


OPINION_ACTION_LABELS = {
    **OPINION_STATES.actions,
    "add_point": "列出整改事项",
    "review": "登记审议",
}
