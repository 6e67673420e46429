"""The services Renda's Open311 server offers, and their definitions.

- A HOTLINE partner sends a deputy's 12345 直通车 item: one service per
  suggestion category (``service_code`` = the category's code, e.g.
  ``TRANSPORT``), with a required attribute ``deputy`` (the deputy's id, from
  the list of the congress's current deputies) and an optional ``title``.
- A RESIDENT_REQUEST partner sends a resident's request: one service,
  ``RESIDENT_REQUEST``, with a required attribute ``station`` (the liaison
  station's region code, from the list of the congress's stations).
"""

from __future__ import annotations

from renda.deputies.models import Mandate
from renda.stations.models import LiaisonStation
from renda.suggestions.choices import Category

from ..choices import PartnerChannel

RESIDENT_SERVICE = "RESIDENT_REQUEST"
HOTLINE_GROUP = "12345直通车"
RESIDENT_GROUP = "群众诉求"


def services_for(channel: str | None) -> list[dict]:
    """The service list; a partner's key narrows it to its channel."""
    rows: list[dict] = []
    if channel in (None, PartnerChannel.HOTLINE):
        for value, label in Category.choices:
            rows.append(
                {
                    "service_code": value,
                    "service_name": f"{HOTLINE_GROUP}·{label}",
                    "description": f"代表经12345直通车反映的{label}类问题（转为代表建议办理）",
                    "metadata": True,
                    "type": "realtime",
                    "keywords": f"{label},12345,直通车",
                    "group": HOTLINE_GROUP,
                }
            )
    if channel in (None, PartnerChannel.RESIDENT_REQUEST):
        rows.append(
            {
                "service_code": RESIDENT_SERVICE,
                "service_name": "群众诉求（转联络站）",
                "description": "群众经12345热线反映、转代表联络站办理的诉求",
                "metadata": True,
                "type": "realtime",
                "keywords": "群众诉求,联络站,12345",
                "group": RESIDENT_GROUP,
            }
        )
    return rows


def channel_of_service(code: str) -> str | None:
    """The channel a service code belongs to, None when unknown."""
    if code == RESIDENT_SERVICE:
        return PartnerChannel.RESIDENT_REQUEST
    if code in Category.values:
        return PartnerChannel.HOTLINE
    return None


def current_mandates(congress):
    term = congress.current_term()
    if term is None:
        return Mandate.objects.none(), None
    rows = (
        Mandate.objects.filter(term=term, end_date__isnull=True)
        .select_related("deputy")
        .order_by("deputy__stroke_key", "deputy_id")
    )
    return rows, term


def stations_of(congress):
    return (
        LiaisonStation.objects.filter(region__path__startswith=congress.region.path)
        .select_related("region")
        .order_by("region__code")
    )


def definition(code: str, congress) -> dict:
    """The service definition (attributes) of ``code`` for ``congress``."""
    channel = channel_of_service(code)
    if channel == PartnerChannel.RESIDENT_REQUEST:
        attributes = [
            {
                "variable": True,
                "code": "station",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "联络站所在街道/乡镇的区划代码",
                "order": 1,
                "description": "转交的代表联络站",
                "values": [
                    {"key": station.region.code, "name": station.name}
                    for station in stations_of(congress)
                ],
            }
        ]
    else:
        mandates, _term = current_mandates(congress)
        seen: set[int] = set()
        values = []
        for mandate in mandates:
            if mandate.deputy_id in seen:
                continue
            seen.add(mandate.deputy_id)
            values.append({"key": str(mandate.deputy_id), "name": mandate.deputy.name})
        attributes = [
            {
                "variable": True,
                "code": "deputy",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "本届代表的编号",
                "order": 1,
                "description": "反映问题的人大代表（领衔代表）",
                "values": values,
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "datatype_description": "不超过标题长度限制的文字",
                "order": 2,
                "description": "标题（不填时取描述的开头）",
            },
        ]
    return {"service_code": code, "attributes": attributes}
