"""Reads of the scoring: rankings (from published snapshots, with a live preview
of an unpublished period), a deputy's own scores, the staff board, rule
versions, correction requests and alerts. Pages and the API share them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from renda.congresses.models import Congress
from renda.deputies.models import Deputy, DeputyGroup, Mandate

from .. import rules
from ..choices import (
    AlertStatus,
    ArchiveKind,
    CorrectionStatus,
    ScorePeriod,
    YearStatus,
)
from ..models import DutyAlert, DutyScore, ScoreCorrection, ScoreYear, ScoringRules
from ..permissions import (
    can_use_duty_staff,
    is_deputy_self,
    manages_duty,
    reads_duty,
    visible_congress_ids,
)

GROUPINGS = {
    "congress": "全体代表",
    "delegation": "代表团",
    "group": "代表小组",
    "station": "联络站",
}
PREVIEW_LABEL = "实时预览（未公布）"
KIND_LABELS = dict(ArchiveKind.choices)


@dataclass
class ScoreFilters:
    congress: int | None = None
    year: int | None = None
    period: str = ""
    delegation: int | None = None
    group: int | None = None
    station: int | None = None
    band: str = ""
    q: str = ""
    grouping: str = "congress"


@dataclass
class ScoreRow:
    deputy_id: int
    deputy_name: str
    total: Decimal
    band: str
    minimums_met: bool
    delegation_id: int | None = None
    delegation: str = ""
    group_id: int | None = None
    group: str = ""
    station_id: int | None = None
    station: str = ""
    rank: int = 0
    grouping_label: str = ""
    final: bool = False
    score_id: int | None = None


@dataclass
class Ranking:
    congress: Congress
    year: int
    period: str
    grouping: str
    rows: list[ScoreRow]
    published: bool
    preview: bool
    score_year: ScoreYear | None

    @property
    def period_label(self) -> str:
        return str(ScorePeriod(self.period).label)

    @property
    def label(self) -> str:
        return PREVIEW_LABEL if self.preview else "已公布"


# Congress and year -------------------------------------------------------------


def duty_congresses(user):
    """Congresses whose scores the user reads as staff or leader."""
    ids = visible_congress_ids(user)
    queryset = Congress.objects.order_by("level", "region__code", "pk")
    return queryset if ids is None else queryset.filter(pk__in=ids)


def get_score_congress(user, pk=None) -> Congress:
    """The congress asked (404 when outside the user's reading), or the first."""
    queryset = duty_congresses(user)
    found = queryset.first() if pk is None else queryset.filter(pk=pk).first()
    if found is None or not reads_duty(user, found):
        raise Http404
    return found


def default_year_period(congress, today=None) -> tuple[int, str]:
    """The latest published period of the congress, else the current quarter."""
    latest = (
        DutyScore.objects.filter(congress=congress)
        .order_by("-year", "-published_at")
        .values_list("year", "period")
        .first()
    )
    if latest:
        return latest
    today = today or timezone.localdate()
    return today.year, f"Q{(today.month - 1) // 3 + 1}"


# Memberships ------------------------------------------------------------------


def _placements(congress, deputy_ids) -> dict[int, dict]:
    """Per deputy: delegation, group and station in ``congress`` (2 queries)."""
    out: dict[int, dict] = {pk: {} for pk in deputy_ids}
    for mandate in (
        Mandate.objects.filter(term__congress=congress, deputy_id__in=deputy_ids)
        .select_related("delegation")
        .order_by("deputy_id", "-start_date")
    ):
        place = out.setdefault(mandate.deputy_id, {})
        if "delegation" not in place and mandate.delegation_id:
            place["delegation"] = mandate.delegation
    through = DeputyGroup.members.through
    for link in (
        through.objects.filter(deputygroup__congress=congress, deputy_id__in=deputy_ids)
        .select_related("deputygroup__station")
        .order_by("deputy_id", "deputygroup__name")
    ):
        place = out.setdefault(link.deputy_id, {})
        if "group" not in place:
            place["group"] = link.deputygroup
    return out


def _row(deputy_id, name, total, band, minimums_met, place, **extra) -> ScoreRow:
    delegation = place.get("delegation")
    group = place.get("group")
    station = group.station if group is not None else None
    return ScoreRow(
        deputy_id=deputy_id,
        deputy_name=name,
        total=total,
        band=band,
        minimums_met=minimums_met,
        delegation_id=getattr(delegation, "pk", None),
        delegation=getattr(delegation, "name", ""),
        group_id=getattr(group, "pk", None),
        group=getattr(group, "name", ""),
        station_id=getattr(station, "pk", None),
        station=getattr(station, "name", ""),
        **extra,
    )


def _grouping_key(row: ScoreRow, grouping: str) -> str:
    if grouping == "delegation":
        return row.delegation or "（未编入代表团）"
    if grouping == "group":
        return row.group or "（未编入代表小组）"
    if grouping == "station":
        return row.station or "（未联系联络站）"
    return GROUPINGS["congress"]


def rank_rows(rows: list[ScoreRow], grouping: str) -> list[ScoreRow]:
    """Rank within each value of the grouping (equal totals share a rank)."""
    grouping = grouping if grouping in GROUPINGS else "congress"
    rows = sorted(
        rows,
        key=lambda r: (
            _grouping_key(r, grouping),
            -r.total,
            r.deputy_name,
            r.deputy_id,
        ),
    )
    previous_key, previous_total, rank, position = None, None, 0, 0
    for row in rows:
        key = _grouping_key(row, grouping)
        if key != previous_key:
            previous_key, previous_total, position = key, None, 0
        position += 1
        if row.total != previous_total:
            rank, previous_total = position, row.total
        row.rank = rank
        row.grouping_label = key
    return rows


def _filtered(rows: list[ScoreRow], filters: ScoreFilters) -> list[ScoreRow]:
    out = rows
    if filters.delegation:
        out = [r for r in out if r.delegation_id == filters.delegation]
    if filters.group:
        out = [r for r in out if r.group_id == filters.group]
    if filters.station:
        out = [r for r in out if r.station_id == filters.station]
    if filters.band:
        out = [r for r in out if r.band == filters.band]
    if filters.q:
        out = [r for r in out if filters.q.strip() in r.deputy_name]
    return out


def score_list(user, filters: ScoreFilters, *, preview: bool = True) -> Ranking:
    """The ranking of a congress's period: published snapshots; when nothing is
    published for it (and the year is not closed), a live preview computed now."""
    if not can_use_duty_staff(user):
        raise Http404
    congress = get_score_congress(user, filters.congress)
    year, period = filters.year, filters.period
    if not year or period not in ScorePeriod.values:
        default_year, default_period = default_year_period(congress)
        year = year or default_year
        period = period if period in ScorePeriod.values else default_period
    grouping = filters.grouping if filters.grouping in GROUPINGS else "congress"
    score_year = ScoreYear.objects.filter(congress=congress, year=year).first()
    scores = list(
        DutyScore.objects.filter(congress=congress, year=year, period=period)
        .select_related("deputy")
        .only(
            "id",
            "deputy_id",
            "deputy__name",
            "total",
            "band",
            "minimums_met",
            "final",
        )
    )
    is_preview = False
    if scores:
        places = _placements(congress, [s.deputy_id for s in scores])
        rows = [
            _row(
                s.deputy_id,
                s.deputy.name,
                s.total,
                s.band,
                s.minimums_met,
                places.get(s.deputy_id, {}),
                final=s.final,
                score_id=s.pk,
            )
            for s in scores
        ]
    elif preview and not (score_year and score_year.status == YearStatus.CLOSED):
        from ..services.scores import scores_compute

        results = scores_compute(congress=congress, year=year, period=period)
        names = dict(
            Deputy.objects.filter(pk__in=list(results)).values_list("pk", "name")
        )
        places = _placements(congress, list(results))
        rows = [
            _row(pk, names.get(pk, ""), r.total, r.band, r.minimums_met, places[pk])
            for pk, r in results.items()
        ]
        is_preview = bool(rows)
    else:
        rows = []
    rows = rank_rows(_filtered(rows, filters), grouping)
    return Ranking(
        congress=congress,
        year=year,
        period=period,
        grouping=grouping,
        rows=rows,
        published=bool(scores),
        preview=is_preview,
        score_year=score_year,
    )


# A deputy's own ----------------------------------------------------------------


@dataclass
class ScoreLineView:
    kind: str
    label: str
    count: str
    points_each: str
    points: str
    cap: str
    capped: bool


@dataclass
class DeputyScore:
    score: DutyScore
    lines: list[ScoreLineView]
    missing: list[dict]
    base: str
    adjustment: str
    corrections: list[ScoreCorrection] = field(default_factory=list)
    can_ask: bool = False
    corrections_until: object = None
    year_status: str = ""

    @property
    def period_label(self) -> str:
        return str(ScorePeriod(self.score.period).label)


def _number(value) -> str:
    number = Decimal(str(value))
    return str(
        number.quantize(Decimal(1)) if number == number.to_integral() else number
    )


def score_view(score: DutyScore, score_year: ScoreYear | None = None) -> DeputyScore:
    """A snapshot as lines: count × points each = points (cap applied)."""
    items = (score.rules.data or {}).get("items", {})
    lines = []
    for line in score.breakdown.get("lines", []):
        cap = items.get(line["kind"], {}).get("cap")
        lines.append(
            ScoreLineView(
                kind=line["kind"],
                label=str(KIND_LABELS.get(line["kind"], line["kind"])),
                count=_number(line["count"]),
                points_each=_number(line["points_each"]),
                points=_number(line["points"]),
                cap="" if cap is None else _number(cap),
                capped=bool(line.get("capped")),
            )
        )
    return DeputyScore(
        score=score,
        lines=lines,
        missing=score.breakdown.get("missing", []),
        base=_number(score.breakdown.get("base", "0")),
        adjustment=_number(score.breakdown.get("adjustment", "0")),
        corrections_until=getattr(score_year, "corrections_until", None),
        year_status=getattr(score_year, "status", ""),
    )


def _can_ask(score, score_year, corrections, today) -> bool:
    return (
        score.period == ScorePeriod.YEAR
        and score_year is not None
        and score_year.status == YearStatus.PUBLISHED
        and (
            score_year.corrections_until is None
            or today <= score_year.corrections_until
        )
        and not any(c.status == CorrectionStatus.PENDING for c in corrections)
    )


def deputy_scores(user, deputy, congress=None) -> list[DeputyScore]:
    """Every published period of the deputy (in ``congress``, or all), newest
    first, with their lines, the minimums missed and the corrections asked."""
    if congress is not None:
        if not (is_deputy_self(user, deputy) or reads_duty(user, congress)):
            raise Http404
    elif not is_deputy_self(user, deputy):
        raise Http404
    scores = DutyScore.objects.filter(deputy=deputy).select_related("rules", "congress")
    if congress is not None:
        scores = scores.filter(congress=congress)
    scores = list(scores.order_by("-year", "congress_id", "period"))
    order = {p: i for i, p in enumerate(["YEAR", "Q4", "Q3", "Q2", "Q1"])}
    scores.sort(key=lambda s: (-s.year, s.congress_id, order[s.period]))
    years = {
        (y.congress_id, y.year): y
        for y in ScoreYear.objects.filter(
            congress_id__in={s.congress_id for s in scores},
            year__in={s.year for s in scores},
        )
    }
    corrections: dict[int, list] = {}
    for c in ScoreCorrection.objects.filter(score__in=scores).order_by("-created_at"):
        corrections.setdefault(c.score_id, []).append(c)
    today = timezone.localdate()
    out = []
    self_view = is_deputy_self(user, deputy)
    for score in scores:
        score_year = years.get((score.congress_id, score.year))
        view = score_view(score, score_year)
        view.corrections = corrections.get(score.pk, [])
        view.can_ask = self_view and _can_ask(
            score, score_year, view.corrections, today
        )
        out.append(view)
    return out


def get_own_score(user, pk) -> DutyScore:
    """One of the user's own scores (404 otherwise): corrections are asked here."""
    score = DutyScore.objects.select_related("deputy", "congress").filter(pk=pk).first()
    if score is None or not is_deputy_self(user, score.deputy_id):
        raise Http404
    return score


# The board ----------------------------------------------------------------------


@dataclass
class Board:
    ranking: Ranking
    bands: list[tuple[str, int]]
    alerts: list[DutyAlert]
    corrections: list[ScoreCorrection]
    years: list[ScoreYear]
    manages: bool
    rules: ScoringRules | None


def board(user, filters: ScoreFilters) -> Board:
    ranking = score_list(user, filters)
    congress = ranking.congress
    counts = Counter(row.band for row in ranking.rows)
    version = ranking.score_year.rules if ranking.score_year else None
    if version is None:
        from ..services.scores import rules_in_force

        version = rules_in_force(congress, ranking.year, create=False)
    band_labels = [b["label"] for b in version.data.get("bands", [])]
    bands = [(label, counts.get(label, 0)) for label in band_labels]
    bands += [(label, n) for label, n in counts.items() if label not in band_labels]
    return Board(
        ranking=ranking,
        bands=bands,
        alerts=list(
            DutyAlert.objects.filter(congress=congress, status=AlertStatus.OPEN)
            .select_related("deputy")
            .order_by("-created_at")[:50]
        ),
        corrections=list(
            ScoreCorrection.objects.filter(
                score__congress=congress, status=CorrectionStatus.PENDING
            )
            .select_related("deputy", "score")
            .order_by("created_at")[:50]
        ),
        years=list(ScoreYear.objects.filter(congress=congress).order_by("-year")),
        manages=manages_duty(user, congress),
        rules=version,
    )


# Rules, corrections, alerts -------------------------------------------------------


def rules_list(user, congress) -> list[ScoringRules]:
    if not reads_duty(user, congress):
        raise Http404
    return list(
        ScoringRules.objects.filter(congress=congress)
        .select_related("created_by")
        .order_by("-version")
    )


def get_rules_for_user(user, pk) -> ScoringRules:
    found = ScoringRules.objects.select_related("congress", "created_by").filter(pk=pk)
    found = found.first()
    if found is None or not reads_duty(user, found.congress_id):
        raise Http404
    return found


def correction_list(user, congress, *, status: str = "") -> list[ScoreCorrection]:
    if not reads_duty(user, congress):
        raise Http404
    queryset = ScoreCorrection.objects.filter(score__congress=congress).select_related(
        "deputy", "score", "decided_by"
    )
    if status in CorrectionStatus.values:
        queryset = queryset.filter(status=status)
    return list(queryset.order_by("-created_at", "-id"))


def get_correction_for_user(user, pk) -> ScoreCorrection:
    """A request the user may see: its deputy, or staff and leaders of its congress."""
    found = (
        ScoreCorrection.objects.select_related(
            "deputy", "score__congress", "score__rules", "decided_by", "asked_by"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not (
        is_deputy_self(user, found.deputy_id)
        or reads_duty(user, found.score.congress_id)
    ):
        raise Http404
    return found


def alert_list(user, congress, *, status: str = "") -> list[DutyAlert]:
    if not reads_duty(user, congress):
        raise Http404
    queryset = DutyAlert.objects.filter(congress=congress).select_related(
        "deputy", "term", "handled_by"
    )
    if status in AlertStatus.values:
        queryset = queryset.filter(status=status)
    return list(queryset.order_by("status", "-created_at", "-id"))


def get_alert_for_user(user, pk) -> DutyAlert:
    found = (
        DutyAlert.objects.select_related("deputy", "congress", "term", "handled_by")
        .filter(pk=pk)
        .first()
    )
    if found is None or not reads_duty(user, found.congress_id):
        raise Http404
    return found


def deputy_for_user(user) -> Deputy:
    """The deputy record of the logged-in deputy (404 for anyone else)."""
    from renda.accounts.permissions import get_scope

    scope = get_scope(user)
    if scope.deputy_id is None:
        raise Http404
    return Deputy.objects.get(pk=scope.deputy_id)


def rules_kinds() -> list[tuple[str, str]]:
    """The items a rule version scores (every archive kind but ADJUSTMENT)."""
    return [(k, str(KIND_LABELS[k])) for k in rules.SCORED_KINDS]


def latest_published_score(*, deputy, congress, year: int) -> DutyScore | None:
    """The deputy's latest published score of ``year`` in ``congress``: the
    annual one once published, else the last quarter's (callers check access)."""
    order = {"YEAR": 0, "Q4": 1, "Q3": 2, "Q2": 3, "Q1": 4}
    scores = list(
        DutyScore.objects.filter(deputy=deputy, congress=congress, year=year).only(
            "id", "period", "total", "band", "minimums_met", "final", "year"
        )
    )
    return min(scores, key=lambda s: order[s.period], default=None)
