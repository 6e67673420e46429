"""Reminders of the rules to those concerned, through the notification service.

For every congress, the rules of the current half-year (``liaison_rules_report``
on ``today``) decide who hears what:

- the chief and liaison officer of a station behind on reception days (broken,
  or on track to miss): once per station and year;
- a leadership member (``CommitteeMember.user``) below the contact rule, or
  without enough group activities this half-year: once per member, rule and
  half-year;
- the congress's committee staff about each meeting short of observers (once
  per meeting) and each overdue request (once per request); the routed unit's
  staff about their own overdue requests (once per request);
- the congress's committee staff about a quarter without its coordination
  meeting, once it is over or from ``rules.coordination_reminder_lead_days()``
  days before its end (once per quarter).

The notifications app has no liaison kinds, so the notices are GENERIC and the
rule is named in the title and in the dedupe key (``liaison:<rule>:...``). The
dedupe keys make the job idempotent: a second run on the same day, or the next
day, sends nothing already sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.congresses.models import Congress
from renda.notifications.choices import NotificationKind
from renda.notifications.services import notification_send

from . import rules
from .compliance import RulesReport, liaison_rules_report, url_or
from .rules import current_period


@dataclass
class ReminderReport:
    today: dt.date
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        parts = "，".join(f"{key} {value}" for key, value in sorted(self.sent.items()))
        return f"{self.today:%Y-%m-%d} 双联提醒：共发送 {self.total} 条" + (
            f"（{parts}）" if parts else ""
        )


def _users(**filters) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__in=RoleAssignment.objects.filter(**filters),
        ).distinct()
    )


def _send(report: ReminderReport, rule: str, recipients, **kwargs) -> None:
    created = notification_send(
        recipients=recipients, kind=NotificationKind.GENERIC, **kwargs
    )
    report.sent[rule] += len(created)


def _stations(report: ReminderReport, rules_report: RulesReport) -> None:
    rule = rules_report.rule(rules.RECEPTION_DAYS)
    year = rules_report.period.year
    for item in rule.broken + rule.at_risk:
        station = item.subject
        recipients = _users(
            role__in=[Role.STATION_CHIEF, Role.LIAISON_OFFICER], station=station
        )
        _send(
            report,
            rules.RECEPTION_DAYS,
            recipients,
            title=f"【双联提醒】{station.name}{year}年代表接待日次数不足",
            body=(
                f"{item.note}。按规定每个联络站每年至少举行{rule.threshold}次"
                "代表接待日，请及时安排。"
            ),
            url=item.url,
            target=station,
            dedupe_key=f"liaison:{rules.RECEPTION_DAYS}:{station.pk}:{year}",
        )


def _leaders(report: ReminderReport, rules_report: RulesReport) -> None:
    period = rules_report.period
    for key, text in (
        (rules.LEADER_CONTACTS, "联系代表人数不足"),
        (rules.GROUP_ACTIVITIES, "本半年参加代表小组活动次数不足"),
    ):
        rule = rules_report.rule(key)
        for item in rule.broken + rule.at_risk:
            member = item.subject
            if member.user_id is None:
                continue
            _send(
                report,
                key,
                [member.user],
                title=f"【双联提醒】{period.label}{text}",
                body=f"{rule.description}。您目前：{item.note}。",
                url=url_or([("liaison:my_contacts", [])]) or item.url,
                target=member,
                dedupe_key=f"liaison:{key}:{member.pk}:{period.key}",
            )


def _staff(report: ReminderReport, rules_report: RulesReport) -> None:
    congress = rules_report.congress
    staff = _users(role=Role.COMMITTEE_STAFF, congress=congress)
    meetings = rules_report.rule(rules.MEETING_OBSERVERS)
    for item in meetings.broken + meetings.at_risk:
        meeting = item.subject
        if staff:
            _send(
                report,
                rules.MEETING_OBSERVERS,
                staff,
                title=f"【双联提醒】{congress.short_name}{item.label}列席代表不足",
                body=f"{item.note}，每次会议应邀请{meetings.threshold}名以上代表列席。",
                url=item.url,
                target=meeting,
                dedupe_key=f"liaison:{rules.MEETING_OBSERVERS}:{meeting.pk}",
            )
    coordination = rules_report.rule(rules.COORDINATION_MEETINGS)
    lead = dt.timedelta(days=rules.coordination_reminder_lead_days())
    for item in coordination.broken + coordination.at_risk:
        quarter = item.subject
        ends = rules.quarter_end(quarter.year, quarter.quarter)
        if staff and rules_report.period.today >= ends - lead:
            _send(
                report,
                rules.COORDINATION_MEETINGS,
                staff,
                title=f"【双联提醒】{congress.short_name}{quarter.label}代表工作调度会",
                body=(
                    f"{item.note}（季度截止 {ends:%Y-%m-%d}）。"
                    f"{coordination.description}。"
                ),
                url=item.url,
                target=congress,
                dedupe_key=(
                    f"liaison:{rules.COORDINATION_MEETINGS}:{congress.pk}:"
                    f"{quarter.year}Q{quarter.quarter}"
                ),
            )
    for item in rules_report.rule(rules.OVERDUE_REQUESTS).broken:
        request = item.subject
        title = f"【双联提醒】群众诉求{request.receipt_number}已超过办理期限"
        key = f"liaison:{rules.OVERDUE_REQUESTS}:{request.pk}"
        if staff:
            _send(
                report,
                rules.OVERDUE_REQUESTS,
                staff,
                title=title,
                body=f"{item.note}，请督促办理。",
                url=item.url,
                target=request,
                dedupe_key=key,
            )
        unit_staff = _users(role=Role.UNIT_STAFF, handling_unit=request.handling_unit)
        if unit_staff:
            _send(
                report,
                rules.OVERDUE_REQUESTS,
                unit_staff,
                title=title,
                body=f"{item.note}，请尽快答复。",
                url=url_or([("stations:unit_requests", [])]),
                target=request,
                dedupe_key=key,
            )


def liaison_reminders(*, today: dt.date | None = None) -> ReminderReport:
    """Send the reminders of the current half-year's rules; return what was sent."""
    today = today or timezone.localdate()
    period = current_period(today)
    report = ReminderReport(today=today)
    for congress in Congress.objects.select_related("region").order_by("region__code"):
        rules_report = liaison_rules_report(
            congress=congress, year=period.year, half=period.half, today=today
        )
        _stations(report, rules_report)
        _leaders(report, rules_report)
        _staff(report, rules_report)
    return report
