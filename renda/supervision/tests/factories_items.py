"""Items built through the services, for the items area's tests."""

from __future__ import annotations

import datetime as dt

from ..choices import SupervisionKind
from ..services.items import item_create

MEETING = dt.date(2020, 6, 24)


def work_report(world, staff, **extra):
    """A work report of the city congress heard on 2020-06-24, addressed to the city unit."""
    values = {
        "congress": world.city_congress,
        "year": 2020,
        "kind": SupervisionKind.WORK_REPORT,
        "title": "关于新冠肺炎疫情防控工作情况的报告",
        "target_unit_ids": [world.unit_city.pk],
        "meeting_date": MEETING,
        "meeting_name": "市八届人大常委会第二十三次会议",
        "actor": staff,
    }
    values.update(extra)
    return item_create(**values)


def research(world, staff, **extra):
    values = {
        "congress": world.city_congress,
        "year": 2020,
        "kind": SupervisionKind.RESEARCH,
        "title": "关于全市养老服务体系建设情况的专题调研",
        "actor": staff,
    }
    values.update(extra)
    return item_create(**values)
