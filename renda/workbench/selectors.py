"""The workbench's reads: one section of tiles per role, each tile a list's count.

Every tile counts the queryset (or list) of the page it links to, built by that
page's own selector from the same filters its URL encodes, so the tile's number
and the list's length cannot disagree (``tests/test_tiles_match_lists.py``).
A section's ``tiles`` is a plain list: another app's tile (the notices' unread
count) is one more entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from renda.accounts.choices import Role
from renda.accounts.models import User
from renda.accounts.permissions import can_view_audit_log, get_scope
from renda.congresses.models import Congress
from renda.liaison import rules as liaison_rules
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.permissions import (
    can_read_records,
    is_leadership_user,
    leadership_memberships_of,
)
from renda.liaison.selectors import (
    ActivityFilters,
    group_activity_list,
    leader_contacts,
    observations_of,
)
from renda.notifications.selectors import unread_count
from renda.receptions.choices import ReceptionDayStatus
from renda.receptions.permissions import can_use_station_work_pages
from renda.receptions.selectors import (
    PublicRequestFilters,
    ReceptionDayFilters,
    public_request_list,
    public_requests_for_unit,
    reception_day_list,
    reception_days_on_duty,
)
from renda.suggestions import rules as suggestion_rules
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.permissions import (
    can_handle_assignments,
    can_review_suggestions,
    can_see_key_suggestions,
    can_write_suggestions,
)
from renda.suggestions.selectors import (
    MY_STATUS_GROUPS,
    AssignmentFilters,
    SuggestionFilters,
    key_suggestions_overseen,
    pending_extension_list,
    suggestion_list,
    unit_assignment_list,
)
from renda.supervision.permissions import can_use_supervision
from renda.supervision.selectors.followup import unit_queue
from renda.supervision.selectors.items import ItemFilters, item_list

# How many of a tile's rows the workbench shows (the rest are one tap away).
TOP_ITEMS = 3

# Urgency, most urgent first: the order of a section's tiles.
URGENT = "urgent"  # past a deadline, a rule broken
SOON = "soon"  # a deadline within days
TODO = "todo"  # waiting for this user
INFO = "info"  # to know, nothing due
NONE = "none"  # an empty queue
URGENCY_RANK = {URGENT: 0, SOON: 1, TODO: 2, INFO: 3, NONE: 4}


@dataclass(frozen=True)
class TileItem:
    """One row of a tile: what it is, where its action is, and a short note."""

    title: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Tile:
    """A queue: its label, how many rows its list holds, where the list is, the top rows."""

    key: str
    label: str
    count: int
    url: str
    urgency: str = TODO
    items: tuple[TileItem, ...] = ()
    note: str = ""


@dataclass
class Section:
    """One role's part of the workbench."""

    key: str
    title: str
    tiles: list[Tile] = field(default_factory=list)
    # The section's main action (the deputy's 写建议), shown above its tiles.
    action: TileItem | None = None

    def ordered(self) -> list[Tile]:
        """Return the tiles, most urgent first, empty queues last (stable otherwise)."""
        return sorted(self.tiles, key=lambda tile: URGENCY_RANK[tile.urgency])


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _tile(key, label, rows, url, *, urgency=TODO, item, note="", count=None) -> Tile:
    """Count ``rows`` (a queryset or a list) and describe its first ``TOP_ITEMS``."""
    if count is None:
        count = len(rows) if isinstance(rows, list) else rows.count()
    top = list(rows[:TOP_ITEMS]) if count else []
    return Tile(
        key=key,
        label=label,
        count=count,
        url=url,
        urgency=urgency if count else NONE,
        items=tuple(item(row) for row in top),
        note=note,
    )


def _date(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _days_left(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"已超期 {-days} 天"
    if days == 0:
        return "今天到期"
    return f"还剩 {days} 天"


# Deputy ---------------------------------------------------------------------------------


def deputy_section(user, *, today: dt.date | None = None) -> Section:
    """Return the deputy's queues: replies to rate, items in handling, duty days, meetings."""
    today = today or timezone.localdate()
    section = Section(
        key="deputy",
        title="代表履职",
        action=TileItem(title="写建议", url=reverse("suggestions:new")),
    )

    def mine(group: str):
        return suggestion_list(
            user=user,
            filters=SuggestionFilters(
                mine=True, order="created", statuses=MY_STATUS_GROUPS[group][1]
            ),
            today=today,
        )

    def rating_item(suggestion) -> TileItem:
        note, urgent = "请评价答复", False
        if suggestion.replied_at is not None:
            deadline = suggestion_rules.rating_deadline(suggestion)
            note = f"评价{_days_left(deadline, today)}（{_date(deadline)}截止）"
            urgent = (deadline - today).days <= suggestion_rules.due_soon_days()
        return TileItem(
            title=suggestion.title,
            url=reverse("suggestions:detail", args=[suggestion.pk]),
            note=note,
            urgent=urgent,
        )

    section.tiles.append(
        _tile(
            "to_rate",
            "答复待我评价",
            mine("replied"),
            _url("suggestions:my", status="replied"),
            urgency=SOON,
            item=rating_item,
        )
    )
    section.tiles.append(
        _tile(
            "drafts",
            "草稿和退回补充",
            mine("draft"),
            _url("suggestions:my", status="draft"),
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:edit", args=[s.pk]),
                note=SuggestionStatus(s.effective_status).label,
            ),
        )
    )
    section.tiles.append(
        _tile(
            "handling",
            "我的建议办理中",
            mine("handling"),
            _url("suggestions:my", status="handling"),
            urgency=INFO,
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:detail", args=[s.pk]),
                note=SuggestionStatus(s.effective_status).label,
            ),
        )
    )
    duty_days = list(reception_days_on_duty(user, today=today))
    section.tiles.append(
        _tile(
            "duty_days",
            "我值班的接待日",
            duty_days,
            # The days are listed here; the station's board shows the next one.
            _url("public:board", duty_days[0].station_id) if duty_days else "",
            urgency=SOON,
            item=lambda day: TileItem(
                title=f"{_date(day.date)} {day.station.name}",
                url=_url("public:board", day.station_id),
                note="值班：" + "、".join(deputy.name for deputy in day.deputies.all()),
                urgent=(day.date - today).days <= 3,
            ),
        )
    )
    section.tiles.append(
        _tile(
            "meetings",
            "待列席的常委会会议",
            observations_of(user, upcoming_from=today),
            _url("liaison:my_meetings", upcoming="1"),
            item=lambda o: TileItem(
                title=f"{o.meeting.standing_committee.term.congress.short_name}"
                f"常委会第{o.meeting.number}次会议",
                url=reverse("liaison:meeting_detail", args=[o.meeting_id]),
                note=_date(o.meeting.date),
            ),
        )
    )
    # A deputy who is also a committee member sees it in the member's section.
    if can_use_supervision(user) and not get_scope(user).has(Role.COMMITTEE_MEMBER):
        section.tiles.append(_supervision_tile(user))
    # The integrator's place for the notices' tile (通知公告, renda.notices): one
    # more ``Tile`` appended here, its count read through the notices' own
    # selector and its url the notices' inbox filtered the same way.
    unread = unread_count(user)
    section.tiles.append(
        Tile(
            key="messages",
            label="未读消息",
            count=unread,
            url=reverse("notifications:list"),
            urgency=TODO if unread else NONE,
        )
    )
    return section


def _supervision_tile(user) -> Tile:
    return _tile(
        "supervision_mine",
        "我参加的监督工作",
        item_list(user, ItemFilters(mine=True)),
        _url("supervision:item_list", mine="1"),
        urgency=INFO,
        item=lambda item: TileItem(
            title=item.title,
            url=reverse("supervision:item_detail", args=[item.pk]),
            note=f"{item.year}年 · {item.get_status_display()}",
        ),
    )


# Committee staff ------------------------------------------------------------------------


def staff_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return one section per congress the user serves as staff."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    congresses = list(
        Congress.objects.filter(pk__in=scope.staff_congress_ids).order_by(
            "region__code"
        )
    )
    several = len(congresses) > 1
    return [
        _staff_section(user, congress, today=today, named=several)
        for congress in congresses
    ]


def _staff_section(user, congress, *, today, named) -> Section:
    section = Section(
        key=f"staff-{congress.pk}",
        title=f"{congress.short_name or congress.name} 工作人员"
        if named
        else "常委会工作人员",
    )

    def listed(**filters):
        return suggestion_list(
            user=user,
            filters=SuggestionFilters(congress=congress.pk, **filters),
            today=today,
        )

    def review_item(suggestion) -> TileItem:
        return TileItem(
            title=suggestion.title,
            url=reverse("suggestions:staff_review", args=[suggestion.pk]),
            note=suggestion.lead_deputy.name if suggestion.lead_deputy else "",
        )

    staff_list = "suggestions:staff_list"
    section.tiles += [
        _tile(
            "overdue",
            "超期未答复",
            listed(overdue=True),
            _url(staff_list, congress=congress.pk, overdue_only="on"),
            urgency=URGENT,
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:detail", args=[s.pk]),
                note=f"期限 {_date(s.next_due_at)}" if s.next_due_at else "",
                urgent=True,
            ),
        ),
        _tile(
            "submitted",
            "待审查的建议",
            listed(status=SuggestionStatus.SUBMITTED),
            _url(staff_list, congress=congress.pk, status=SuggestionStatus.SUBMITTED),
            item=review_item,
        ),
        _tile(
            "returned",
            "单位退回，待重新交办",
            listed(returned=True),
            _url(staff_list, congress=congress.pk, returned_only="on"),
            urgency=SOON,
            item=review_item,
        ),
        _tile(
            "accepted",
            "已立案待交办",
            listed(status=SuggestionStatus.ACCEPTED),
            _url(staff_list, congress=congress.pk, status=SuggestionStatus.ACCEPTED),
            item=review_item,
        ),
        _tile(
            "extensions",
            "延期申请待审批",
            pending_extension_list(user, congress),
            _url("suggestions:staff_extensions", congress=congress.pk),
            urgency=SOON,
            item=lambda e: TileItem(
                title=e.assignment.suggestion.title,
                url=_url("suggestions:staff_extensions", congress=congress.pk),
                note=f"{e.assignment.handling_unit.name} 申请延期 {e.months} 个月",
            ),
        ),
    ]
    if can_read_records(user):
        section.tiles.append(_rules_tile(congress, today=today))
    return section


def _rules_tile(congress, *, today) -> Tile:
    """The 双联 rules broken this half-year, as the dashboard counts them."""
    period = liaison_rules.current_period(today)
    report = liaison_rules_report(
        congress=congress, year=period.year, half=period.half, today=today
    )
    broken = [rule for rule in report.rules if rule.broken]
    url = _url(
        "liaison:dashboard", congress=congress.pk, year=period.year, half=period.half
    )
    count = sum(len(rule.broken) for rule in report.rules)
    at_risk = sum(len(rule.at_risk) for rule in report.rules)
    return Tile(
        key="liaison_rules",
        label="双联规则未达标",
        count=count,
        url=url,
        urgency=URGENT if count else (SOON if at_risk else NONE),
        items=tuple(
            TileItem(
                title=rule.title,
                url=url + f"#rule-{rule.key}",
                note=f"{len(rule.broken)} 项未达标",
                urgent=True,
            )
            for rule in broken[:TOP_ITEMS]
        ),
        note=f"另有 {at_risk} 项有未达标风险" if at_risk else "",
    )


# Unit staff -----------------------------------------------------------------------------


UNIT_TILES = (
    # (queue, label, urgency, the row's action)
    ("overdue", "已超期", URGENT, "suggestions:unit_reply"),
    ("due_soon", None, SOON, "suggestions:unit_reply"),
    ("rehandling", "不满意，重新办理", SOON, "suggestions:unit_reply"),
    ("new", "新交办（可申请退回）", TODO, "suggestions:detail"),
)


def unit_section(user, *, today: dt.date | None = None) -> Section:
    """Return the unit's queues: overdue, due soon, re-handling, new; routed requests."""
    today = today or timezone.localdate()
    section = Section(key="unit", title="承办单位")
    for show, label, urgency, action in UNIT_TILES:
        if label is None:
            label = f"{suggestion_rules.due_soon_days()}个工作日内到期"

        def item(assignment, action=action) -> TileItem:
            target = (
                assignment.pk
                if action == "suggestions:unit_reply"
                else assignment.suggestion_id
            )
            return TileItem(
                title=assignment.suggestion.title,
                url=reverse(action, args=[target]),
                note=f"期限 {_date(assignment.due_at)} · "
                + _days_left(assignment.due_at, today),
                urgent=assignment.due_at < today,
            )

        section.tiles.append(
            _tile(
                f"assignments_{show}",
                label,
                unit_assignment_list(user, AssignmentFilters(show=show), today=today),
                _url("suggestions:unit_inbox", show=show),
                urgency=urgency,
                item=item,
            )
        )
    section.tiles.append(
        _tile(
            "requests",
            "转来的群众诉求待答复",
            public_requests_for_unit(user, open_only=True),
            _url("stations:unit_requests", show="open"),
            urgency=TODO,
            item=lambda r: TileItem(
                title=r.content[:40],
                url=reverse("stations:unit_request_answer", args=[r.pk]),
                note=f"{r.station.name}"
                + (f" · 限 {_date(r.due_at)}" if r.due_at else ""),
                urgent=bool(r.due_at and r.due_at < today),
            ),
        )
    )
    queue = unit_queue(user, today=today)
    rows = [
        TileItem(
            title=opinion.item.title,
            url=reverse("supervision:opinion_detail", args=[opinion.pk]),
            note="审议意见待报告办理情况",
        )
        for opinion in queue.opinions
    ] + [
        TileItem(
            title=point.opinion.item.title,
            url=reverse("supervision:opinion_detail", args=[point.opinion_id]),
            note=f"整改事项 · 期限 {_date(point.due_on)}"
            if point.due_on
            else "整改事项",
            urgent=bool(point.overdue),
        )
        for point in queue.points
    ]
    section.tiles.append(
        Tile(
            key="supervision_unit",
            label="监督交办待落实",
            count=len(rows),
            url=reverse("supervision:followup_unit"),
            urgency=TODO if rows else NONE,
            items=tuple(rows[:TOP_ITEMS]),
        )
    )
    return section


# Station chief and liaison officer ------------------------------------------------------


def station_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return one section per station the user serves: requests to route, reception days."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    sections = []
    for station_id in sorted(scope.station_ids):
        year = reception_day_list(
            user, ReceptionDayFilters(station_id=station_id, year=today.year)
        )
        station = year.station
        section = Section(key=f"station-{station_id}", title=station.name)
        section.tiles.append(
            _tile(
                "new_requests",
                "新的群众诉求待分流",
                public_request_list(
                    user,
                    PublicRequestFilters(station_id=station_id, status="RECEIVED"),
                    station=station,
                ),
                _url("stations:requests", station_id, status="RECEIVED"),
                item=lambda r: TileItem(
                    title=r.content[:40],
                    url=reverse("stations:request_detail", args=[r.pk]),
                    note=f"{_date(timezone.localdate(r.created_at))}受理",
                ),
            )
        )
        summary = year.summary
        days_url = _url("stations:reception_days", station_id, year=year.year)
        section.tiles.append(
            Tile(
                key="reception_days_held",
                label=f"{year.year}年已举行接待日（每年至少 {summary['minimum']} 次）",
                count=summary["held"],
                url=days_url,
                urgency=INFO
                if summary["met"]
                else (SOON if summary["on_track"] else URGENT),
                note="已达到要求"
                if summary["met"]
                else f"还差 {summary['missing']} 次，已安排 {summary['planned']} 次",
            )
        )
        upcoming = [
            day
            for day in year.days
            if day.status == ReceptionDayStatus.PLANNED and day.date >= today
        ]
        section.tiles.append(
            _tile(
                "reception_days_planned",
                "待举行的接待日",
                upcoming,
                days_url,
                urgency=TODO,
                item=lambda day, url=days_url: TileItem(
                    title=f"{_date(day.date)} {day.place or ''}".strip(),
                    url=url,
                    note="值班："
                    + ("、".join(d.name for d in day.deputies.all()) or "未安排"),
                ),
            )
        )
        sections.append(section)
    return sections


# Leadership member ----------------------------------------------------------------------


def leader_section(user, *, today: dt.date | None = None) -> Section:
    """Return the leader's contacts and group activities against the rules, key items."""
    today = today or timezone.localdate()
    section = Section(key="leader", title="常委会班子成员")
    seats = list(
        leadership_memberships_of(user).select_related(
            "deputy", "standing_committee__term__congress"
        )
    )
    period = liaison_rules.current_period(today)
    for seat in seats:
        summary = leader_contacts(seat, on_date=today)
        enough = liaison_rules.leader_has_enough_contacts(summary.kept)
        section.tiles.append(
            Tile(
                key=f"contacts-{seat.pk}",
                label="我联系的代表",
                count=summary.count,
                url=reverse("liaison:my_contacts"),
                urgency=INFO if enough else URGENT,
                note=f"本半年已联系 {summary.kept} 名"
                f"（要求至少 {liaison_rules.min_leader_contacts()} 名）",
                items=tuple(
                    TileItem(
                        title=contact.deputy.name,
                        url=reverse("liaison:contact_detail", args=[contact.pk]),
                        note="本半年未联系",
                        urgent=True,
                    )
                    for contact in summary.contacts
                    if not liaison_rules.contact_is_kept(contact.logs_in_half)
                )[:TOP_ITEMS],
            )
        )
        activities = list(
            group_activity_list(user, ActivityFilters(member=seat.pk, year=period.year))
        )
        in_half = sum(
            1 for activity in activities if period.start <= activity.date <= period.end
        )
        joined = liaison_rules.leader_joined_enough_activities(in_half)
        section.tiles.append(
            _tile(
                f"activities-{seat.pk}",
                f"{period.year}年参加的代表小组活动",
                activities,
                _url("liaison:activities", member=seat.pk, year=period.year),
                urgency=INFO if joined else SOON,
                note=f"本半年 {in_half} 次"
                f"（要求至少 {liaison_rules.min_group_activities()} 次）",
                item=lambda a: TileItem(
                    title=str(a.group),
                    url=reverse("liaison:activity_detail", args=[a.pk]),
                    note=_date(a.date),
                ),
            )
        )
    if can_see_key_suggestions(user):
        key_items = list(key_suggestions_overseen(user, today=today))
        late = sum(1 for item in key_items if item.is_overdue)
        section.tiles.append(
            _tile(
                "key_suggestions",
                "我督办的重点建议",
                key_items,
                reverse("suggestions:leader_key"),
                urgency=URGENT if late else INFO,
                note=f"其中 {late} 件超期" if late else "",
                item=lambda s: TileItem(
                    title=s.title,
                    url=reverse("suggestions:detail", args=[s.pk]),
                    note=SuggestionStatus(s.effective_status).label,
                    urgent=s.is_overdue,
                ),
            )
        )
    return section


# Committee member and administrator -----------------------------------------------------


def member_section(user) -> Section:
    """Return the committee member's supervision work."""
    return Section(
        key="member", title="常委会组成人员", tiles=[_supervision_tile(user)]
    )


def admin_section(user) -> Section:
    """Return the administrator's system tiles: accounts and the audit log."""
    section = Section(key="admin", title="系统管理")
    section.tiles.append(
        Tile(
            key="users",
            label="用户账号",
            count=User.objects.count(),
            url=reverse("admin:accounts_user_changelist"),
            urgency=INFO,
        )
    )
    if can_view_audit_log(user):
        section.action = TileItem(title="审计日志", url=reverse("accounts:audit"))
    return section


# The workbench --------------------------------------------------------------------------


def workbench_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return the user's sections, one per role they hold, in the order of their work."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    sections: list[Section] = []
    if can_write_suggestions(user):
        sections.append(deputy_section(user, today=today))
    if can_handle_assignments(user):
        sections.append(unit_section(user, today=today))
    if scope.station_ids and can_use_station_work_pages(user):
        sections += station_sections(user, today=today)
    if can_review_suggestions(user) and not scope.is_admin:
        sections += staff_sections(user, today=today)
    if is_leadership_user(user):
        sections.append(leader_section(user, today=today))
    if scope.has(Role.COMMITTEE_MEMBER) and can_use_supervision(user):
        sections.append(member_section(user))
    if scope.is_admin:
        sections.append(admin_section(user))
    return sections
