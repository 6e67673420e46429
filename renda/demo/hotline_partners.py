"""The demo city's 12345 partners and a few requests they sent over Open311.

Two partners of the city congress, created through the partner services, with
FIXED demo keys (printed by ``demo_logins``) so that one can try the server:

    curl http://localhost:8000/open311/v2/services.json?api_key=rk_demo_hotline_220400
    curl -d api_key=rk_demo_hotline_220400 -d service_code=TRANSPORT \\
         -d "description=公交站台破损" -d "attribute[deputy]=<id from services/TRANSPORT.json>" \\
         http://localhost:8000/open311/v2/requests.json

A real partner's key is random and shown once; only these demo ones are fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from renda.hotline.choices import PartnerChannel
from renda.hotline.models import Partner
from renda.hotline.open311.catalogue import current_mandates, stations_of
from renda.hotline.services.inbound import inbound_request_create
from renda.hotline.services.partners import hash_key, partner_create

DEMO_HOTLINE_KEY = "rk_demo_hotline_220400"
DEMO_RESIDENT_KEY = "rk_demo_resident_220400"
DEMO_KEYS = (
    ("12345直通车（代表建议）", DEMO_HOTLINE_KEY),
    ("群众诉求（转联络站）", DEMO_RESIDENT_KEY),
)

HOTLINE_ITEMS = [
    (
        "TRANSPORT",
        "东吉大路与人民大街交叉口早晚高峰拥堵，市民多次来电，建议优化信号灯配时。",
    ),
    ("URBAN_RURAL_CONSTRUCTION", "老旧小区改造后雨水管网排水不畅，雨后积水严重。"),
]
RESIDENT_ITEMS = [
    ("王", "女士", "小区路灯损坏已有一周，夜间出行不便。", "幸福小区3号楼"),
    ("李", "先生", "楼道堆放杂物，存在消防隐患。", "向阳小区5栋"),
]


def _partner(congress, name, channel, key, staff) -> Partner:
    partner = partner_create(
        congress=congress, name=name, channel=channel, actor=staff
    ).partner
    # The demo's fixed key (a real key is random and shown once).
    Partner.objects.filter(pk=partner.pk).update(
        key_hash=hash_key(key), key_prefix=key[:8]
    )
    partner.refresh_from_db()
    return partner


@dataclass(frozen=True)
class DemoHotline:
    suggestions: int  # deputies' HOTLINE items the 12345 partner sent
    requests: int  # residents' requests the other partner sent


def demo_hotline_partners_build(*, congress, users: dict) -> DemoHotline:
    """Create the partners and a few requests sent through the server's services."""
    staff = users["staff"]
    hotline = _partner(
        congress,
        "辽源市12345政务服务便民热线",
        PartnerChannel.HOTLINE,
        DEMO_HOTLINE_KEY,
        staff,
    )
    resident = _partner(
        congress,
        "辽源市12345热线（群众诉求转办）",
        PartnerChannel.RESIDENT_REQUEST,
        DEMO_RESIDENT_KEY,
        staff,
    )
    items = requests = 0
    mandates = list(current_mandates(congress)[0][: len(HOTLINE_ITEMS)])
    for index, (mandate, (code, text)) in enumerate(
        zip(mandates, HOTLINE_ITEMS, strict=False)
    ):
        inbound_request_create(
            partner=hotline,
            service_code=code,
            fields={"description": text},
            attributes={"deputy": str(mandate.deputy_id)},
            ticket_id=f"LY12345-2020-{index + 1:04d}",
        )
        items += 1
    stations = list(stations_of(congress)[: len(RESIDENT_ITEMS)])
    for index, (station, (last, first, text, place)) in enumerate(
        zip(stations, RESIDENT_ITEMS, strict=False)
    ):
        inbound_request_create(
            partner=resident,
            service_code="RESIDENT_REQUEST",
            fields={
                "description": text,
                "last_name": last,
                "first_name": first,
                "phone": "",
                "address_string": place,
            },
            attributes={"station": station.region.code},
            ticket_id=f"LY12345-R-{index + 1:04d}",
        )
        requests += 1
    return DemoHotline(suggestions=items, requests=requests)
