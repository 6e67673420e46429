"""Tiered routing (分级处理): which handling units a suggestion should probably go to.

A matter of a 街道 or 乡镇 goes to that 街道/乡镇's government; a matter of county
level or above goes to the units of the suggestion's congress (its level and
region), picked by the category's keywords. These are proposals only: staff
choose the units when they assign.
"""

from __future__ import annotations

from django.db.models import QuerySet

from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

from . import rules
from .models import Suggestion


def _matching(units: QuerySet[HandlingUnit], category: str) -> list[HandlingUnit]:
    """Return the units whose names contain the category's keywords, best first."""
    keywords = rules.category_unit_keywords().get(category, ())
    found: list[HandlingUnit] = []
    for keyword in keywords:
        for unit in units.filter(name__contains=keyword).order_by("name", "pk"):
            if unit not in found:
                found.append(unit)
    return found


def _governments(units: QuerySet[HandlingUnit]) -> list[HandlingUnit]:
    return list(units.filter(kind=UnitKind.GOVERNMENT).order_by("name", "pk"))


def propose_units(*, suggestion: Suggestion) -> list[HandlingUnit]:
    """Propose handling units for a suggestion; an empty list if none fits."""
    region = suggestion.region
    active = HandlingUnit.objects.filter(is_active=True)
    if region.is_grassroots:
        local = _governments(active.filter(region=region))
        if local:
            return local
        # No government of its own (a 街道 is served by its district): the
        # county-level units take it.
        county_units = active.filter(region_id=region.parent_id)
        return _matching(county_units, suggestion.category) or _governments(
            county_units
        )
    congress = suggestion.congress
    units = active.filter(level=congress.level, region_id=congress.region_id)
    return _matching(units, suggestion.category) or _governments(units)
