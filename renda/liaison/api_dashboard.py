"""/api/v1/liaison/rules: the rules dashboard and the liaison statistics as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from renda.core.api import DETAIL_ERRORS, MAX_ID, InvalidParameter

from .rules import (
    H2,
    can_view_dashboard,
    dashboard_congresses_for,
    half_of,
    liaison_rules_report,
)
from .stats import liaison_stats

router = Router()


class PeriodQuery(Schema):
    congress: int | None = Field(
        None, ge=1, le=MAX_ID, description="人大编号；缺省为您工作范围内的第一个人大"
    )
    year: int | None = Field(None, ge=2000, le=2100, description="年度；缺省为今年")


class RulesQuery(PeriodQuery):
    half: Literal["H1", "H2"] | None = Field(
        None, description="H1 上半年、H2 下半年；缺省为当前半年（往年为下半年）"
    )


class RuleItemOut(Schema):
    label: str = Field(description="联络站名称、班子成员姓名、会次或诉求回执编号")
    value: int = Field(
        description="接待日举行次数、联系代表人数、参加活动次数、列席人数或超期天数"
    )
    note: str
    url: str = Field(description="对应记录的页面")
    object_id: int


class RuleOut(Schema):
    key: str = Field(
        description=(
            "reception_days 接待日、leader_contacts 联系代表、group_activities "
            "小组活动、meeting_observers 列席代表、overdue_requests 超期诉求"
        )
    )
    title: str
    description: str
    threshold: int | None
    period_label: str
    total: int
    kept: int
    broken: list[RuleItemOut]
    at_risk: list[RuleItemOut] = Field(description="进行中的期间内可能未达标的对象")


class RulesOut(Schema):
    congress_id: int
    year: int
    half: str
    today: dt.date
    rules: list[RuleOut]


class LevelOut(Schema):
    level: str
    label: str
    deputies: int
    attendees: int
    best_day: dt.date | None
    best_day_count: int
    best_day_text: str


class StationFiguresOut(Schema):
    station_id: int
    name: str
    days_held: int
    attendees: int
    requests_received: int
    requests_grassroots: int
    requests_converted: int
    requests_on_the_spot: int
    requests_answered: int


class LeaderFiguresOut(Schema):
    member_id: int
    name: str
    visits: int
    contacts: int
    opinions: int


class MeetingFiguresOut(Schema):
    meeting_id: int
    number: int
    date: dt.date
    invited: int
    attended: int


class LiaisonStatsOut(Schema):
    congress_id: int
    year: int
    days_held: int
    requests_received: int
    requests_routed: int
    requests_answered: int
    visits: int
    observers_invited: int
    observers_attended: int
    coordination_meetings: int
    levels: list[LevelOut]
    stations: list[StationFiguresOut]
    leaders: list[LeaderFiguresOut]
    meetings: list[MeetingFiguresOut]


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
            "object_id": item.subject.pk,
        }
        for item in items
    ]


@router.get(
    "",
    response={200: RulesOut, **DETAIL_ERRORS},
    summary="双联规则执行情况",
    description=(
        "某人大行政区域内各项规则（接待日、联系代表、小组活动、列席代表、诉求超期）"
        "的达标与未达标对象。常委会工作人员、班子成员和管理员可用；范围外的人大返回 404。"
    ),
)
def rules_endpoint(request, query: Query[RulesQuery]):
    congress, year, today = _congress_and_year(request.auth, query)
    half = query.half or (half_of(today) if year == today.year else H2)
    report = liaison_rules_report(congress=congress, year=year, half=half, today=today)
    return {
        "congress_id": congress.pk,
        "year": year,
        "half": half,
        "today": today,
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
        "days_held": stats.days_held,
        "requests_received": stats.requests.received,
        "requests_routed": stats.requests.routed,
        "requests_answered": stats.requests.answered,
        "visits": stats.visits,
        "observers_invited": stats.observers_invited,
        "observers_attended": stats.observers_attended,
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
            }
            for row in stats.meetings
        ],
    }
