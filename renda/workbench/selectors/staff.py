"""The committee staff's queues, one section per congress they serve."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress
from renda.liaison import rules as liaison_rules
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.permissions import (
    can_read_records,
)
from renda.receptions.selectors import (
    days_waiting,
    escalated_requests_for_congress,
    mask_resident_name,
)
from renda.suggestions.choices import SuggestionStatus
from renda.suggestions.selectors import (
    SuggestionFilters,
    pending_extension_list,
    suggestion_list,
    suggestions_visible_to,
)

from .duty import staff_duty_tiles
from .meetings import staff_meeting_tiles
from .tiles import (
    NONE,
    SOON,
    TOP_ITEMS,
    URGENT,
    Section,
    Tile,
    TileItem,
    cn_date,
    tile_of,
    url_for,
)

# Committee staff ------------------------------------------------------------------------


def staff_sections(user, *, today: dt.date | None = None) -> list[Section]:
    """Return one section per congress the user serves as staff."""
    today = today or timezone.localdate()
    scope = get_scope(user)
    congresses = list(
        Congress.objects.filter(pk__in=scope.staff_congress_ids)
        .select_related("region")
        .order_by("region__code")
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

    # The user's scope is read once for the section's four lists.
    visible = suggestions_visible_to(user)

    def listed(**filters):
        return suggestion_list(
            user=user,
            filters=SuggestionFilters(congress=congress.pk, **filters),
            today=today,
            visible=visible,
        )

    def review_item(suggestion) -> TileItem:
        return TileItem(
            title=suggestion.title,
            url=reverse("suggestions:staff_review", args=[suggestion.pk]),
            note=suggestion.lead_deputy.name if suggestion.lead_deputy else "",
        )

    staff_list = "suggestions:staff_list"
    section.tiles += [
        tile_of(
            "overdue",
            "超期未答复",
            listed(overdue=True),
            url_for(staff_list, congress=congress.pk, overdue_only="on"),
            urgency=URGENT,
            item=lambda s: TileItem(
                title=s.title,
                url=reverse("suggestions:detail", args=[s.pk]),
                note=f"期限 {cn_date(s.next_due_at)}" if s.next_due_at else "",
                urgent=True,
            ),
        ),
        tile_of(
            "submitted",
            "待审查的建议",
            listed(status=SuggestionStatus.SUBMITTED),
            url_for(
                staff_list, congress=congress.pk, status=SuggestionStatus.SUBMITTED
            ),
            item=review_item,
        ),
        tile_of(
            "returned",
            "单位退回，待重新交办",
            listed(returned=True),
            url_for(staff_list, congress=congress.pk, returned_only="on"),
            urgency=SOON,
            item=review_item,
        ),
        tile_of(
            "accepted",
            "已立案待交办",
            listed(status=SuggestionStatus.ACCEPTED),
            url_for(staff_list, congress=congress.pk, status=SuggestionStatus.ACCEPTED),
            item=review_item,
        ),
        tile_of(
            "extensions",
            "延期申请待审批",
            pending_extension_list(user, congress),
            url_for("suggestions:staff_extensions", congress=congress.pk),
            urgency=SOON,
            item=lambda e: TileItem(
                title=e.assignment.suggestion.title,
                url=url_for("suggestions:staff_extensions", congress=congress.pk),
                note=f"{e.assignment.handling_unit.name} 申请延期 {e.months} 个月",
            ),
        ),
        tile_of(
            "escalated_requests",
            "群众诉求待转代表建议",
            escalated_requests_for_congress(user, congress),
            reverse("stations:escalated_requests", args=[congress.pk]),
            item=lambda r: TileItem(
                title=r.content[:40],
                url=reverse("stations:request_detail", args=[r.pk]),
                note=f"{r.station.name} · {mask_resident_name(r.resident_name)}"
                f" · 已等待 {days_waiting(r, today)} 天",
            ),
        ),
    ]
    section.tiles += staff_meeting_tiles(user, congress, today=today)
    section.tiles += staff_duty_tiles(user, congress)
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
    url = url_for(
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
