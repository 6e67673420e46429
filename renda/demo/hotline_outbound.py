"""The demo's 12345 直通车 out and back: the city congress's 12345 partner set up
for outbound sending, and a few HOTLINE items sent and answered.

Built through the services, with the partner's endpoint pointing at the
in-process Open311 stub of the tests (renda/hotline/far_side.py), started
for the build only: the tickets, their ids and the replies are real records of
a real exchange over HTTP. Afterwards the endpoint points at the stopped stub;
staff set the real address on the partner's page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from renda.accounts.models import User
from renda.deputies.models import Mandate
from renda.hotline.choices import PartnerChannel
from renda.hotline.far_side import FarSide
from renda.hotline.models import OutboundTicket, Partner
from renda.hotline.services.outbound import ticket_send, tickets_poll
from renda.hotline.services.outbound_config import (
    partner_clear_outbound,
    partner_set_outbound,
)
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Category, Channel, Rating
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

PARTNER_NAME = "辽源市12345政务服务便民热线"
UNIT_NAME = "辽源市12345政务服务便民热线平台"
SERVICE_MAP = {
    Category.URBAN_RURAL_CONSTRUCTION: "CSJS",
    Category.TRANSPORT: "JTYS",
    Category.ENVIRONMENT: "STHJ",
    Category.SOCIAL_SECURITY: "SHBZ",
    Category.OTHER: "QT",
}
# (title, body, category, consent, answer or None, rated)
ITEMS = [
    (
        "龙山区东吉大路路灯夜间不亮",
        "东吉大路龙山段十余盏路灯连续一周不亮，夜间行人和车辆通行不便。",
        Category.URBAN_RURAL_CONSTRUCTION,
        True,
        "经市城市管理局核实，线路老化导致路灯熄灭，已更换电缆120米，路灯全部恢复照明。",
        True,
    ),
    (
        "西安区仙城大街公交站台缺少遮雨棚",
        "仙城大街医院站候车群众较多，站台没有遮雨棚，雨天老人候车困难。",
        Category.TRANSPORT,
        False,
        "市交通运输局已将该站台列入今年站台改造计划，预计三个月内加装遮雨棚。",
        False,
    ),
    (
        "东辽河滨河路段垃圾清运不及时",
        "滨河路沿线垃圾箱满溢，周末尤为严重，影响周边居民生活。",
        Category.ENVIRONMENT,
        True,
        None,
        False,
    ),
]


def _partner(congress, staff) -> Partner:
    partner = Partner.objects.filter(congress=congress, name=PARTNER_NAME).first()
    if partner is None:
        key = secrets.token_urlsafe(24)
        account = User.objects.create(
            username="svc-12345", display_name=PARTNER_NAME, is_active=True
        )
        account.set_unusable_password()
        account.save(update_fields=["password"])
        partner = Partner.objects.create(
            name=PARTNER_NAME,
            congress=congress,
            channel=PartnerChannel.HOTLINE,
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            key_prefix=key[:8],
            created_by=staff,
            user=account,
        )
    return partner


def _unit(congress) -> HandlingUnit:
    unit = HandlingUnit.objects.filter(name=UNIT_NAME).first()
    if unit is None:
        unit = HandlingUnit.objects.create(
            name=UNIT_NAME,
            kind=UnitKind.DEPARTMENT,
            level=congress.level,
            region=congress.region,
        )
    return unit


def demo_hotline_outbound_build(
    *, seed: int, congress, users: dict, today: dt.date
) -> int:
    """Send the demo's HOTLINE items to a live stub of 12345; return the tickets."""
    staff = users["staff"]
    deputy_user = users["deputy"]
    deputy = deputy_user.deputy
    term = (
        Mandate.objects.filter(
            deputy=deputy, term__congress=congress, end_date__isnull=True
        )
        .select_related("term")
        .latest("term__start_date")
        .term
    )
    far = FarSide(api_key=secrets.token_urlsafe(16), service_codes=SERVICE_MAP.values())
    far.start()
    partner = None
    try:
        partner = partner_set_outbound(
            partner=_partner(congress, staff),
            endpoint_url=far.url,
            outbound_key=far.api_key,
            handling_unit=_unit(congress),
            service_map=dict(SERVICE_MAP),
            jurisdiction_id="220400",
            actor=staff,
        )
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(today - dt.timedelta(days=12), dt.time(9), zone)
        tickets = []
        for index, (title, body, category, consent, _answer, _rated) in enumerate(
            ITEMS
        ):
            at = start + dt.timedelta(days=index, hours=index)
            draft = services.suggestion_create_draft(
                actor=deputy_user,
                congress=congress,
                term=term,
                lead_deputy=deputy,
                title=title,
                body=body,
                category=category,
                channel=Channel.HOTLINE,
                region=congress.region,
                hotline_consent=consent,
                now=at,
            )
            services.suggestion_submit(suggestion=draft, actor=deputy_user, now=at)
            services.suggestion_accept(suggestion=draft, actor=staff, now=at)
            [assignment] = services.suggestion_assign(
                suggestion=draft,
                units=[(partner.handling_unit, AssignmentRole.LEAD)],
                actor=staff,
                now=at,
            )
            ticket = OutboundTicket.objects.get(assignment=assignment)
            # The queued task would do this once the build commits; done now,
            # while the stub listens (the task then finds it sent: not due).
            ticket_send(ticket_id=ticket.pk, now=at)
            ticket.refresh_from_db()
            tickets.append(ticket)
        for ticket, (*_head, answer, _rated) in zip(tickets, ITEMS, strict=True):
            if answer:
                far.answer(ticket.service_request_id, answer)
        tickets_poll(now=start + dt.timedelta(days=4))
    finally:
        far.stop()
        # The stub is gone: leave no address pointing at its dead port (staff
        # enter the real platform's address in “对方系统设置”).
        if partner is not None:
            partner_clear_outbound(partner=partner, actor=staff)
    for ticket, (*_head, rated) in zip(tickets, ITEMS, strict=True):
        ticket.refresh_from_db()
        if rated and ticket.reply_id:
            services.feedback_create(
                reply=ticket.reply,
                rating=Rating.SATISFIED,
                actor=deputy_user,
                now=start + dt.timedelta(days=6),
            )
    return len(tickets)
