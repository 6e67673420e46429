"""Writes of the scoring (履职积分): rule versions, quarterly and annual
publication, the deputy's correction requests and staff's decisions, the year's
closing, and the handling of alerts.

- A congress's rules are versioned data (``ScoringRules``); a year is scored with
  the latest version whose ``effective_year`` is not after it. Saving a version
  that would reach a closed year is refused: a closed year is never rewritten.
- Quarterly scores are cumulative from January (Q2 counts January to June);
  republishing a quarter while the year is open replaces its snapshot.
- Publishing the YEAR pins the rule version on ``ScoreYear``, opens the
  correction window (``rules.correction_days()`` on the legal calendar) and
  checks the two-low-years alert. Accepted corrections recompute the deputy's
  YEAR snapshot with the pinned version; closing the year recomputes every YEAR
  snapshot one last time and marks them final.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from renda.congresses.models import Congress
from renda.core.errors import Conflict
from renda.core.state import transition
from renda.deputies.models import Mandate
from renda.legal_calendar.calendar import due_date

from .. import alerts, events, notices_scores, rules
from ..archive import archives_for
from ..choices import (
    AlertStatus,
    ArchiveKind,
    CorrectionStatus,
    DutyEventKind,
    ScorePeriod,
    YearStatus,
)
from ..models import DutyAlert, DutyScore, ScoreCorrection, ScoreYear, ScoringRules
from ..permissions import is_deputy_self, manages_duty
from .common import audit, clean_text, denied, invalid, now_or

Kind = DutyEventKind
MIN_YEAR, MAX_YEAR = 2000, 2100


# Input ------------------------------------------------------------------------


def clean_year(value, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise invalid("请填写有效的年度。", field) from None
    if isinstance(value, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise invalid(f"年度应在 {MIN_YEAR} 到 {MAX_YEAR} 之间。", field)
    return year


def clean_period(value) -> str:
    if value not in ScorePeriod.values:
        raise invalid("请选择有效的期间（第一至第四季度或全年）。", "period")
    return value


def clean_points(value) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise invalid("调整分值应为数字。", "points") from None
    if not points.is_finite() or abs(points) > 100:
        raise invalid("调整分值应在 -100 到 100 之间。", "points")
    if points != points.quantize(Decimal("0.1")):
        raise invalid("调整分值最多保留一位小数。", "points")
    if not points:
        raise invalid("同意更正须填写不为 0 的调整分值。", "points")
    return points


# Rules --------------------------------------------------------------------------


def _first_year(congress) -> int:
    first = congress.terms.order_by("start_date").values_list("start_date", flat=True)
    day = first.first()
    return day.year if day else timezone.localdate().year


def rules_in_force(congress, year: int, *, create: bool = True) -> ScoringRules:
    """The version in force in ``year``: the latest with ``effective_year`` ≤ year
    (the earliest version when all start later). A congress with none gets
    version 1 from ``rules.default_rules()``, effective from its first term's year
    (``create=False``: an unsaved one, for reads)."""
    versions = ScoringRules.objects.filter(congress=congress)
    found = (
        versions.filter(effective_year__lte=year)
        .order_by("-effective_year", "-version")
        .first()
    )
    if found is None:
        found = versions.order_by("effective_year", "version").first()
    if found is not None:
        return found
    start = min(_first_year(congress), year)
    data = rules.validate_rules(rules.default_rules())
    if not create:
        return ScoringRules(
            congress=congress,
            version=1,
            effective_year=start,
            title="履职积分规则（默认）",
            data=data,
        )
    try:
        with transaction.atomic():
            made = ScoringRules.objects.create(
                congress=congress,
                version=1,
                effective_year=start,
                title="履职积分规则（默认）",
                note="首次计分时按系统默认规则建立。",
                data=data,
            )
    except IntegrityError:  # created by a concurrent call
        return ScoringRules.objects.get(congress=congress, version=1)
    events.record_event(
        Kind.RULES_SAVED,
        subject=made,
        congress=congress,
        version=made.version,
        effective_year=made.effective_year,
    )
    audit(
        actor=None,
        action="rules_saved",
        target=made,
        summary=f"建立默认履职积分规则（{start}年起）",
        data={"version": 1, "effective_year": start},
    )
    return made


@transaction.atomic
def rules_save(
    *, congress, data, effective_year, title: str, note: str = "", actor
) -> ScoringRules:
    """Save a new version of the congress's rules (never edits an old one)."""
    if not manages_duty(actor, congress):
        raise denied("您无权修订该人大的履职积分规则。")
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    effective_year = clean_year(effective_year, "effective_year")
    title = clean_text(title, field="title", label="规则名称", max_length=200)
    note = clean_text(
        note, field="note", label="修订说明", max_length=2000, required=False
    )
    cleaned = rules.validate_rules(data)
    if "\\u0000" in json.dumps(cleaned):
        raise invalid("积分规则含有无效字符。", "bands")
    closed = (
        ScoreYear.objects.filter(
            congress=congress, status=YearStatus.CLOSED, year__gte=effective_year
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if closed is not None:
        raise invalid(
            f"{closed}年度积分已定稿，新规则的起始年度须晚于{closed}年"
            "（修订规则不改写已定稿的年度）。",
            "effective_year",
        )
    last = ScoringRules.objects.filter(congress=congress).aggregate(v=Max("version"))
    made = ScoringRules.objects.create(
        congress=congress,
        version=(last["v"] or 0) + 1,
        effective_year=effective_year,
        title=title,
        note=note,
        data=cleaned,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    events.record_event(
        Kind.RULES_SAVED,
        subject=made,
        actor=actor,
        congress=congress,
        version=made.version,
        effective_year=effective_year,
    )
    audit(
        actor=actor,
        action="rules_saved",
        target=made,
        summary=f"修订履职积分规则：第{made.version}版，{effective_year}年起",
        data={"version": made.version, "effective_year": effective_year},
    )
    return made


# Computing ----------------------------------------------------------------------


def mandated_deputy_ids(congress, year: int) -> list[int]:
    """Deputies holding a mandate of ``congress`` at some time in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return sorted(
        set(
            Mandate.objects.filter(term__congress=congress, start_date__lte=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .values_list("deputy_id", flat=True)
        )
    )


def scores_compute(
    *, congress, year: int, period: str, deputy_ids=None, rules_version=None
) -> dict:
    """{deputy_id: ScoreResult} of ``period`` (cumulative from January) for
    every deputy holding a mandate of the congress in ``year`` (or those asked).
    A pure read: the rules are ``rules_version`` or those in force."""
    year = clean_year(year)
    period = clean_period(period)
    version = rules_version or rules_in_force(congress, year, create=False)
    ids = mandated_deputy_ids(congress, year)
    if deputy_ids is not None:
        wanted = set(deputy_ids)
        ids = [pk for pk in ids if pk in wanted]
    upto = rules.quarter_end(year, period)
    archives = archives_for(congress=congress, year=year, deputy_ids=ids)
    return {
        pk: rules.score_from_counts(
            archive.counts(upto=upto),
            version.data,
            adjustment=archive.adjustment(upto=upto),
        )
        for pk, archive in archives.items()
    }


def _lock_snapshots(*, congress, year, period, deputy_ids=None) -> dict:
    """Lock the period's snapshots (of ``deputy_ids``, or all), by deputy."""
    rows = DutyScore.objects.select_for_update().filter(
        congress=congress, year=year, period=period
    )
    if deputy_ids is not None:
        rows = rows.filter(deputy_id__in=list(deputy_ids))
    return {score.deputy_id: score for score in rows.order_by("pk")}


def _snapshots(
    *,
    congress,
    year,
    period,
    version,
    results,
    now,
    final=False,
    keep_published=False,
    existing=None,
) -> list[DutyScore]:
    """Write the period's snapshot of every deputy in ``results`` at once: the
    rows already published are replaced (keeping their publication time with
    ``keep_published``), the others created, in a handful of queries.
    ``existing``: the rows the caller locked already (``_lock_snapshots``)."""
    if existing is None:
        existing = _lock_snapshots(
            congress=congress, year=year, period=period, deputy_ids=results
        )
    fresh, changed = [], []
    for pk, result in results.items():
        score = existing.get(pk) or DutyScore(
            congress=congress, deputy_id=pk, year=year, period=period
        )
        score.rules = version
        score.total = result.total
        score.band = result.band
        score.minimums_met = result.minimums_met
        score.breakdown = result.breakdown()
        if not (keep_published and score.pk):
            score.published_at = now
        score.final = final
        (changed if score.pk else fresh).append(score)
    DutyScore.objects.bulk_update(
        changed,
        [
            "rules",
            "total",
            "band",
            "minimums_met",
            "breakdown",
            "published_at",
            "final",
        ],
        batch_size=500,
    )
    DutyScore.objects.bulk_create(fresh, batch_size=500)
    return list(
        DutyScore.objects.filter(
            congress=congress, year=year, period=period, deputy_id__in=list(results)
        ).select_related("deputy", "deputy__user", "rules")
    )


def _lock_year(congress, year: int) -> ScoreYear:
    ScoreYear.objects.get_or_create(congress=congress, year=year)
    return (
        ScoreYear.objects.select_for_update(of=("self",))
        .select_related("rules")
        .get(congress=congress, year=year)
    )


# Publishing ---------------------------------------------------------------------


@transaction.atomic
def scores_publish(*, congress, year, period, actor, now=None) -> ScoreYear:
    """Publish ``period``'s scores of ``year`` to every deputy (a snapshot each).

    ``actor=None`` is the scheduled job (``duty_publish_quarter``)."""
    if actor is not None and not manages_duty(actor, congress):
        raise denied("您无权公布该人大的履职积分。")
    year = clean_year(year)
    period = clean_period(period)
    now = now_or(now)
    today = timezone.localdate(now)
    if rules.quarter_end(year, period) >= today:
        raise invalid(
            f"{year}年{ScorePeriod(period).label}尚未结束，结束后才能公布。", "period"
        )
    score_year = _lock_year(congress, year)
    verb = "publish_year" if period == ScorePeriod.YEAR else "publish_quarter"
    fields = transition(score_year, verb)
    # Every row lock before the first audit row (decision 0017): the first
    # publication of a congress creates its default rules, which is audited.
    existing = _lock_snapshots(congress=congress, year=year, period=period)
    version = rules_in_force(congress, year)
    results = scores_compute(
        congress=congress, year=year, period=period, rules_version=version
    )
    score_year.rules = version
    fields.append("rules")
    if period == ScorePeriod.YEAR:
        score_year.corrections_until = due_date(today, days=rules.correction_days()).due
        fields.append("corrections_until")
    score_year.save(update_fields=[*fields, "updated_at"])
    scores = _snapshots(
        congress=congress,
        year=year,
        period=period,
        version=version,
        results=results,
        now=now,
        existing=existing,
    )
    if period == ScorePeriod.YEAR:
        for score in scores:
            alerts.check_low_scores(
                congress=congress, deputy=score.deputy, year=year, actor=actor
            )
    label = str(ScorePeriod(period).label)
    events.record_event(
        Kind.SCORES_PUBLISHED,
        subject=score_year,
        actor=actor,
        congress=congress,
        year=year,
        period=label,
        deputies=len(scores),
    )
    audit(
        actor=actor,
        action="scores_published",
        target=score_year,
        summary=f"公布{year}年{label}履职积分（{len(scores)}名代表）",
        data={"year": year, "period": period, "deputies": len(scores)},
    )
    notices_scores.scores_published(scores)
    return score_year


# Corrections --------------------------------------------------------------------


@transaction.atomic
def correction_ask(
    *, score, reason: str, kind: str = "", actor, now=None
) -> ScoreCorrection:
    """The deputy asks for a correction of their annual score, with a reason,
    while the year is published and before ``corrections_until``."""
    if not is_deputy_self(actor, score.deputy_id):
        raise denied("只有代表本人可以申请更正自己的履职积分。")
    score = DutyScore.objects.select_for_update().get(pk=score.pk)
    if score.period != ScorePeriod.YEAR:
        raise invalid("只能对年度积分申请更正。", "score")
    # Locked, so that a request cannot slip in after year_close counted the
    # pending ones.
    score_year = ScoreYear.objects.select_for_update().get(
        congress_id=score.congress_id, year=score.year
    )
    transition(score_year, "correct", action="申请更正")
    today = timezone.localdate(now_or(now))
    if score_year.corrections_until and today > score_year.corrections_until:
        raise invalid(
            f"更正申请已于{score_year.corrections_until:%Y年%-m月%-d日}截止。", "score"
        )
    reason = clean_text(reason, field="reason", label="更正理由", max_length=1000)
    kind = kind or ""
    if kind and (kind not in ArchiveKind.values or kind == ArchiveKind.ADJUSTMENT):
        raise invalid("请选择有效的涉及项目。", "kind")
    if ScoreCorrection.objects.filter(
        score=score, status=CorrectionStatus.PENDING
    ).exists():
        raise Conflict(
            "您已有一项更正申请正在处理，处理后再申请。", code="duty.correction_pending"
        )
    correction = ScoreCorrection.objects.create(
        score=score,
        deputy_id=score.deputy_id,
        kind=kind,
        reason=reason,
        asked_by=actor,
    )
    events.record_event(
        Kind.CORRECTION_ASKED,
        subject=correction,
        actor=actor,
        deputy=score.deputy,
        congress=score.congress,
        year=score.year,
        reason=reason,
    )
    audit(
        actor=actor,
        action="correction_asked",
        target=correction,
        summary=f"申请更正{score.year}年度履职积分",
        data={"score": score.pk, "kind": kind},
    )
    notices_scores.correction_asked(correction)
    return correction


def _recompute_year(score_year: ScoreYear, deputy_ids=None, *, final=False):
    """Recompute YEAR snapshots with the year's pinned rules."""
    version = score_year.rules or rules_in_force(score_year.congress, score_year.year)
    results = scores_compute(
        congress=score_year.congress,
        year=score_year.year,
        period=ScorePeriod.YEAR,
        deputy_ids=deputy_ids,
        rules_version=version,
    )
    return _snapshots(
        congress=score_year.congress,
        year=score_year.year,
        period=ScorePeriod.YEAR,
        version=version,
        results=results,
        now=timezone.now(),
        final=final,
        keep_published=True,
    )


@transaction.atomic
def correction_decide(
    *, correction, accept: bool, points=None, decision: str, actor
) -> ScoreCorrection:
    """Staff accept (with the points granted or taken) or refuse a request; an
    accepted one is an ADJUSTMENT of the archive and the YEAR score is recomputed."""
    correction = (
        ScoreCorrection.objects.select_for_update(of=("self",))
        .select_related("score__congress", "deputy")
        .get(pk=correction.pk)
    )
    score = correction.score
    if not manages_duty(actor, score.congress_id):
        raise denied("您无权处理该更正申请。")
    score_year = _lock_year(score.congress, score.year)
    transition(score_year, "correct", action="处理更正申请")
    decision = clean_text(decision, field="decision", label="处理意见", max_length=2000)
    fields = transition(correction, "accept" if accept else "reject")
    correction.points = clean_points(points) if accept else None
    correction.decision = decision
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.save(
        update_fields=[
            *fields,
            "points",
            "decision",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    if accept:
        _recompute_year(score_year, [correction.deputy_id])
        alerts.check_low_scores(
            congress=score.congress,
            deputy=correction.deputy,
            year=score.year,
            actor=actor,
        )
    events.record_event(
        Kind.CORRECTION_DECIDED,
        subject=correction,
        actor=actor,
        deputy=correction.deputy,
        congress=score.congress,
        year=score.year,
        status=correction.get_status_display(),
        points=str(correction.points) if correction.points is not None else "",
        decision=decision,
    )
    audit(
        actor=actor,
        action="correction_decided",
        target=correction,
        summary=f"{correction.get_status_display()}：{correction.deputy.name}"
        f"{score.year}年度积分更正申请",
        data={"accept": bool(accept), "points": str(correction.points or "")},
    )
    notices_scores.correction_decided(correction)
    return correction


# Closing ------------------------------------------------------------------------


@transaction.atomic
def year_close(*, congress, year, actor) -> ScoreYear:
    """Make the year's annual scores final: no request may pend; every YEAR
    snapshot is recomputed one last time with the pinned rules, then never again."""
    if not manages_duty(actor, congress):
        raise denied("您无权为该人大的年度积分定稿。")
    year = clean_year(year)
    score_year = ScoreYear.objects.filter(congress=congress, year=year).first()
    if score_year is None:
        raise Conflict(
            f"{year}年度积分尚未公布，不能定稿。", code="duty.year_not_published"
        )
    score_year = _lock_year(congress, year)
    pending = ScoreCorrection.objects.filter(
        score__congress=congress,
        score__year=year,
        status=CorrectionStatus.PENDING,
    ).count()
    if pending:
        raise Conflict(
            f"还有{pending}项更正申请未处理，处理完毕后才能定稿。",
            code="duty.corrections_pending",
        )
    fields = transition(score_year, "close", action="定稿")
    scores = _recompute_year(score_year, final=True)
    score_year.closed_at = timezone.now()
    score_year.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    score_year.save(update_fields=[*fields, "closed_at", "closed_by", "updated_at"])
    # This year once more (final now), and the next year's annual score if it
    # was published before this one was closed.
    following = set(
        DutyScore.objects.filter(
            congress=congress, year=year + 1, period=ScorePeriod.YEAR
        ).values_list("deputy_id", flat=True)
    )
    for score in scores:
        alerts.check_low_scores(
            congress=congress, deputy=score.deputy, year=year, actor=actor
        )
        if score.deputy_id in following:
            alerts.check_low_scores(
                congress=congress, deputy=score.deputy, year=year + 1, actor=actor
            )
    events.record_event(
        Kind.YEAR_CLOSED,
        subject=score_year,
        actor=actor,
        congress=congress,
        year=year,
        deputies=len(scores),
    )
    audit(
        actor=actor,
        action="year_closed",
        target=score_year,
        summary=f"{year}年度履职积分定稿（{len(scores)}名代表）",
        data={"year": year, "deputies": len(scores)},
    )
    return score_year


# Alerts ---------------------------------------------------------------------------


@transaction.atomic
def alert_handle(*, alert, note: str, actor) -> DutyAlert:
    """The deputy-affairs committee records what it did about an alert."""
    alert = (
        DutyAlert.objects.select_for_update(of=("self",))
        .select_related("deputy")
        .get(pk=alert.pk)
    )
    if not manages_duty(actor, alert.congress_id):
        raise denied("您无权处理该履职提示。")
    if alert.status != AlertStatus.OPEN:
        raise Conflict("该履职提示已处理。", code="duty.alert_handled")
    note = clean_text(note, field="note", label="处理情况", max_length=2000)
    alert.status = AlertStatus.HANDLED
    alert.handled_note = note
    alert.handled_by = actor
    alert.handled_at = timezone.now()
    alert.save(
        update_fields=[
            "status",
            "handled_note",
            "handled_by",
            "handled_at",
            "updated_at",
        ]
    )
    audit(
        actor=actor,
        action="alert_handled",
        target=alert,
        summary=f"处理履职提示：{alert.deputy.name}，{alert.get_kind_display()}",
        data={"note": note[:200]},
    )
    return alert
