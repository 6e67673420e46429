"""Items of the kinds area built through the services (tests of the steps)."""

from __future__ import annotations

from ..choices import SupervisionKind
from ..services.items import item_create

TITLES = {
    SupervisionKind.LAW_INSPECTION: "《中华人民共和国野生动物保护法》等9部法律法规执法检查",
    SupervisionKind.INQUIRY: "城市管理工作专题询问",
    SupervisionKind.INTERPELLATION: "关于城区供热问题的质询案",
    SupervisionKind.SPECIAL_INVESTIGATION: "关于某项目资金问题的特定问题调查",
    SupervisionKind.RESOLUTION: "关于依法全力做好新冠肺炎疫情防控工作的决定",
    SupervisionKind.RESEARCH: "优化营商环境专题调研",
}


def kind_item(world, actor, kind, *, congress=None, units=None, title=None):
    """An item of ``kind`` of the city (or ``congress``), planned, aimed at the city unit."""
    congress = congress or world.city_congress
    if units is None:
        units = [world.unit_city.pk] if congress == world.city_congress else []
    return item_create(
        congress=congress,
        year=2020,
        kind=kind,
        title=title or TITLES[kind],
        target_unit_ids=units,
        actor=actor,
    )
