"""The two conditions the deputy-affairs committee must hear about. Raising is
idempotent (one alert per deputy, kind and year or term) and never ends a
mandate: the committee decides (Deputies Law art. 62 ends it by law after two
sessions missed without approval; the congress records that, not Renda)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from . import events, notices, rules
from .choices import AlertKind, DutyEventKind, ScorePeriod, SessionAttendanceStatus
from .models import DutyAlert, DutyScore, SessionAttendance


def _raise(*, congress, deputy, kind, detail, year=None, term=None, actor=None):
    lookup = {"congress": congress, "deputy": deputy, "kind": kind}
    lookup.update({"year": year} if year is not None else {"term": term})
    existing = DutyAlert.objects.filter(**lookup).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            alert = DutyAlert.objects.create(**lookup, detail=detail[:500])
    except IntegrityError:  # raised by a concurrent check
        return DutyAlert.objects.get(**lookup), False
    events.record_event(
        DutyEventKind.ALERT,
        subject=alert,
        actor=actor,
        deputy=deputy,
        congress=congress,
        alert=alert.get_kind_display(),
        detail=alert.detail,
    )
    notices.alert_raised(alert)
    return alert, True


def check_session_absences(*, deputy, term, actor=None):
    """Raise SESSION_ABSENCES once the deputy has missed, without approval, as
    many sessions of ``term`` as the rule says (two). Returns the alert or None."""
    missed = list(
        SessionAttendance.objects.filter(
            deputy=deputy, session__term=term, status=SessionAttendanceStatus.ABSENT
        )
        .select_related("session")
        .order_by("session__number")
    )
    if len(missed) < rules.session_absences_limit():
        return None
    names = "、".join(row.session.ordinal for row in missed)
    alert, _ = _raise(
        congress=term.congress,
        deputy=deputy,
        kind=AlertKind.SESSION_ABSENCES,
        term=term,
        detail=f"{term}{names}未经批准缺席（代表法第六十二条）。",
        actor=actor,
    )
    return alert


def check_low_scores(*, congress, deputy, year: int, actor=None):
    """Raise LOW_SCORE when the annual score of ``year`` (published) and the final
    scores of the years before it (two years in all, by the rule) are all below
    their pass mark."""
    span = rules.low_score_years()
    years = list(range(year - span + 1, year + 1))
    # Earlier years count once final; ``year`` itself once its annual score is
    # published, so the committee hears before the year is closed.
    scores = list(
        DutyScore.objects.filter(
            congress=congress,
            deputy=deputy,
            period=ScorePeriod.YEAR,
            year__in=years,
        )
        .filter(Q(final=True) | Q(year=year))
        .select_related("rules")
    )
    if len(scores) < span:
        return None
    below = [
        s for s in scores if s.total < Decimal(str(s.rules.data.get("pass_mark", 60)))
    ]
    if len(below) < span:
        return None
    figures = "、".join(
        f"{s.year}年{s.total}分" for s in sorted(below, key=lambda s: s.year)
    )
    alert, _ = _raise(
        congress=congress,
        deputy=deputy,
        kind=AlertKind.LOW_SCORE,
        year=year,
        detail=f"年度履职积分连续{span}年低于合格线（{figures}）。",
        actor=actor,
    )
    return alert
