"""The demo's government sign-off (政府签批): the city's setting and a few live items.

辽源市人大常委会 sends 《代表之声》 and 12345直通车 items through
辽源市人民政府办公室 (a unit created here; the demo's unit list has no government
office). Four NEW items of the current term, dated shortly before ``today``,
show every step: one replied after sign-off and dispatch, one with the
departments, one signed and waiting to be passed on, one waiting for the
leader. They are not items of 2019 or 2020, so the published figures of those
years (docs/suggestions.md) stay as they are. Everything goes through the
suggestion services. Built right after the deputies' duty (builder.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.models import RoleAssignment, User
from renda.deputies.models import Deputy
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Category, Channel, ReplyOutcome
from renda.suggestions.models import Suggestion
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

OFFICE_NAME = "辽源市人民政府办公室"
CLERK = "govoffice"

# (title, body, channel, category, days before today: sent, signed, dispatched,
#  replied; None = not yet), the leader (title, name), the departments.
ITEMS = [
    (
        "关于尽快修复东吉大路破损路面的建议",
        "东吉大路龙山段路面破损严重，雨天积水，群众出行不便，建议尽快修复。",
        Channel.VOICE,
        Category.URBAN_RURAL_CONSTRUCTION,
        (30, 28, 27, 20),
        ("市政府分管副市长", "刘建国"),
        "请市住建局牵头、市城管执法局配合，雨季前完成修复，按期答复代表。",
        [("辽源市住房和城乡建设局", "LEAD"), ("辽源市城市管理行政执法局", "JOINT")],
    ),
    (
        "关于在人民大街增设公交站点的建议",
        "人民大街南段居民较多，最近的公交站点步行需二十分钟，建议增设站点。",
        Channel.VOICE,
        Category.TRANSPORT,
        (12, 10, 9, None),
        ("市政府常务副市长", "陈志强"),
        "请市交通运输局研究办理，结合线网优化统筹考虑。",
        [("辽源市交通运输局", "LEAD")],
    ),
    (
        "关于解决西宁小区供暖不热问题的建议",
        "西宁小区部分楼栋室温长期不达标，居民多次反映，建议督促供热企业整改。",
        Channel.VOICE,
        Category.URBAN_RURAL_CONSTRUCTION,
        (5, 4, None, None),
        ("市政府分管副市长", "刘建国"),
        "请市住建局督促供热企业限期整改，并向代表反馈。",
        [],
    ),
    (
        "关于规范农贸市场周边占道经营的反映",
        "仙城街道农贸市场周边占道经营较多，早高峰交通拥堵，建议规范管理。",
        Channel.HOTLINE,
        Category.URBAN_RURAL_CONSTRUCTION,
        (2, None, None, None),
        None,
        "",
        [],
    ),
]


def _at(today: dt.date, days_before: int, hour: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_before)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def demo_government_build(*, seed: int, congress, users: dict, today: dt.date) -> int:  # noqa: ARG001
    """The city congress's sign-off setting and four items through it; return the items."""
    staff = users["staff"]
    office, _created = HandlingUnit.objects.get_or_create(
        region=congress.region,
        name=OFFICE_NAME,
        defaults={
            "short_name": "市政府办",
            "kind": UnitKind.GOVERNMENT,
            "level": congress.level,
            "contact_name": "市政府办公室秘书科",
        },
    )
    clerk = User.objects.filter(username=CLERK).first()
    if clerk is None:
        # The demo password's hash, shared with the other demo accounts.
        clerk = User.objects.create(
            username=CLERK, display_name="市政府办公室秘书科", password=staff.password
        )
        RoleAssignment.objects.create(
            user=clerk, role=Role.UNIT_STAFF, handling_unit=office
        )
    services.government_route_set(
        congress=congress,
        coordinating_unit=office,
        actor=staff,
        now=_at(today, 60, 9),
    )
    term = congress.terms.order_by("-number").first()
    leads = list(
        Suggestion.objects.filter(congress=congress, term=term)
        .order_by("lead_deputy_id")
        .values_list("lead_deputy", flat=True)
        .distinct()[: len(ITEMS)]
    )
    departments = {
        unit.name: unit for unit in HandlingUnit.objects.filter(region=congress.region)
    }
    unit_user = users.get("unit")
    for position, item in enumerate(ITEMS):
        title, body, channel, category, days, leader, text, units = item
        sent, signed, dispatched, replied = days
        lead = Deputy.objects.get(pk=leads[position % len(leads)])
        at = _at(today, sent + 1, 9)
        suggestion = services.suggestion_create_draft(
            actor=staff,
            congress=congress,
            term=term,
            lead_deputy=lead,
            title=title,
            body=body,
            category=category,
            channel=channel,
            region=congress.region,
            now=at,
        )
        services.suggestion_submit(suggestion=suggestion, actor=staff, now=at)
        services.suggestion_accept(
            suggestion=suggestion, actor=staff, now=_at(today, sent + 1, 15)
        )
        coordinating = services.suggestion_send_to_government(
            suggestion=suggestion, actor=staff, now=_at(today, sent, 9)
        )
        if signed is None:
            continue
        services.instruction_record(
            assignment=coordinating,
            leader_title=leader[0],
            leader_name=leader[1],
            signed_at=_at(today, signed, 11),
            text=text,
            actor=clerk,
            now=_at(today, signed, 16),
        )
        if dispatched is None:
            continue
        services.assignment_dispatch(
            assignment=coordinating,
            units=[(departments[name], role) for name, role in units],
            actor=clerk,
            now=_at(today, dispatched, 10),
        )
        if replied is None or unit_user is None:
            continue
        lead_assignment = suggestion.assignments.get(role=AssignmentRole.LEAD)
        services.reply_create(
            assignment=lead_assignment,
            text="经实地查看，已安排专项资金对破损路段进行修复，预计雨季前完工。",
            outcome=ReplyOutcome.A,
            signed_by="市住建局局长",
            met_deputy_first=True,
            actor=unit_user,
            now=_at(today, replied, 14),
        )
    return len(ITEMS)
