"""/api/v1/liaison/rules: the rules dashboard and the liaison statistics as JSON."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router

from renda.core.api import DETAIL_ERRORS, InvalidParameter

from ..compliance import liaison_rules_report
from ..permissions import can_view_dashboard
from ..rules import default_half
from ..schemas import LiaisonStatsOut, PeriodQuery, RulesOut, RulesQuery
from ..selectors import dashboard_congresses_for
from ..stats import liaison_stats

router = Router()


def _congress_and_year(user, query: PeriodQuery):
    if not can_view_dashboard(user):
        raise PermissionDenied("只有常委会工作人员、班子成员和管理员可以查看。")
    congresses = dashboard_congresses_for(user)
    if query.congress is None:
        congress = congresses.first()
    else:
        congress = congresses.filter(pk=query.congress).first()
    if congress is None:
        raise Http404
    today = timezone.localdate()
    year = query.year or today.year
    if year > today.year:
        raise InvalidParameter("年度不能晚于今年。", field="year")
    return congress, year, today


def _items(items) -> list[dict]:
    return [
        {
            "label": item.label,
            "value": item.value,
            "note": item.note,
            "url": item.url,
            "object_id": item.object_id,
        }
        for item in items
    ]


def _late(items) -> list[dict]:
    return [
        {
            "kind": item.kind,
            "object_id": item.object_id,
            "label": item.label,
            "date": item.date,
            "confirmed": item.confirmed,
            "reason": item.reason,
            "note": item.note,
        }
        for item in items
    ]


@router.get(
    "",
    response={200: RulesOut, **DETAIL_ERRORS},
    summary="双联规则执行情况",
    description=(
        "某人大行政区域内各项规则（接待日、联系代表、小组活动、列席代表、季度调度会、"
        "诉求超期）"
        "的达标与未达标对象。常委会工作人员、班子成员和管理员可用；范围外的人大返回 404。"
    ),
)
def rules_endpoint(request, query: Query[RulesQuery]):
    congress, year, today = _congress_and_year(request.auth, query)
    half = query.half or default_half(year, today)
    report = liaison_rules_report(congress=congress, year=year, half=half, today=today)
    return {
        "congress_id": congress.pk,
        "year": year,
        "half": half,
        "today": today,
        "late_pending": report.late_pending,
        "rules": [
            {
                "key": rule.key,
                "title": rule.title,
                "description": rule.description,
                "threshold": rule.threshold,
                "period_label": rule.period_label,
                "total": rule.total,
                "kept": rule.kept,
                "broken": _items(rule.broken),
                "at_risk": _items(rule.at_risk),
                "late": _late(rule.late),
            }
            for rule in report.rules
        ],
    }


@router.get(
    "/stats",
    response={200: LiaisonStatsOut, **DETAIL_ERRORS},
    summary="双联工作统计",
    description=(
        "某人大行政区域内一年的接待日、到站代表（分级别，含单日最多）、群众诉求、"
        "班子成员走访和列席代表统计。"
    ),
)
def stats_endpoint(request, query: Query[PeriodQuery]):
    congress, year, _today = _congress_and_year(request.auth, query)
    stats = liaison_stats(congress=congress, year=year)
    return {
        "congress_id": congress.pk,
        "year": year,
        "min_meeting_observers": stats.min_meeting_observers,
        "days_held": stats.days_held,
        "requests_received": stats.requests.received,
        "requests_routed": stats.requests.routed,
        "requests_answered": stats.requests.answered,
        "visits": stats.visits,
        "observers_invited": stats.observers_invited,
        "observers_attended": stats.observers_attended,
        "meetings_short_of_observers": stats.meetings_short_of_observers,
        "coordination_meetings": stats.coordination_meetings,
        "levels": [
            {
                "level": row.level,
                "label": row.label,
                "deputies": row.deputies,
                "attendees": row.attendees,
                "best_day": row.best_day,
                "best_day_count": row.best_day_count,
                "best_day_text": row.best_day_text,
            }
            for row in stats.levels
        ],
        "stations": [
            {
                "station_id": row.station.pk,
                "name": row.station.name,
                "days_held": row.days_held,
                "attendees": row.attendees,
                "requests_received": row.requests.received,
                "requests_grassroots": row.requests.grassroots,
                "requests_converted": row.requests.converted,
                "requests_on_the_spot": row.requests.on_the_spot,
                "requests_answered": row.requests.answered,
            }
            for row in stats.stations
        ],
        "leaders": [
            {
                "member_id": row.member.pk,
                "name": row.member.deputy.name,
                "visits": row.visits,
                "contacts": row.contacts,
                "opinions": row.opinions,
            }
            for row in stats.leaders
        ],
        "meetings": [
            {
                "meeting_id": row.meeting.pk,
                "number": row.meeting.number,
                "date": row.meeting.date,
                "invited": row.invited,
                "attended": row.attended,
                "late": row.late,
                "meets_rule": row.meets_rule,
            }
            for row in stats.meetings
        ],
        "late_entries": [
            {
                "kind": row.kind,
                "label": row.label,
                "pending": row.pending,
                "confirmed": row.confirmed,
            }
            for row in stats.late_entries
        ],
    }
