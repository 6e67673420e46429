"""Tiered routing (分级处理): which handling units a suggestion should probably go to.

A matter of a 街道 or 乡镇 goes to that 街道/乡镇's government; a matter of county
level or above goes to the units of the suggestion's congress (its level and
region), picked by the category's keywords. These are proposals only: staff
choose the units when they assign.

``routing_proposal`` explains each proposed unit with its reasons: named in
the text (按文中单位), the area (按地区), the category (按类别), units
that handled similar earlier items (按相似建议), and the units the routing
index learned from the whole history's words (按历史办理, text_routing.py). A unit the text names is
proposed as lead above the area's: a 街道 item that asks 市住建局 to act is
not preselected for the 街道 office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet
from pypinyin import Style, lazy_pinyin

from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

from . import rules
from .choices import AssignmentRole, Category
from .models import Suggestion
from .selectors.similar import units_of_similar_suggestions
from .text_routing import propose as propose_from_history
from .text_routing import suggestion_text

# A short name shorter than this (e.g. "教育") names no unit in particular.
SHORT_NAME_MIN_LENGTH = 3


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


def _area_and_category(
    suggestion: Suggestion, active: QuerySet[HandlingUnit]
) -> tuple[list[HandlingUnit], list[HandlingUnit]]:
    """Return the area's governments and the category's units, as tiered routing sees them."""
    region = suggestion.region
    if region.is_grassroots:
        local = _governments(active.filter(region=region))
        if local:
            return local, []
        county_units = active.filter(region_id=region.parent_id)
        return _governments(county_units), _matching(county_units, suggestion.category)
    congress = suggestion.congress
    units = active.filter(level=congress.level, region_id=congress.region_id)
    return _governments(units), _matching(units, suggestion.category)


def units_named_in_text(suggestion: Suggestion) -> list[tuple[HandlingUnit, str]]:
    """Return the active units of the congress's area that the title or body names.

    A unit is named by its full name, or by a short name of at least
    ``SHORT_NAME_MIN_LENGTH`` characters. A short name several units share
    ("区住建局") names only the ones whose region holds the item's region.
    """
    text = f"{suggestion.title}\n{suggestion.body}"
    area = suggestion.congress.region.path
    units = HandlingUnit.objects.filter(
        is_active=True, region__path__startswith=area
    ).select_related("region")
    by_name: dict[str, list[HandlingUnit]] = {}
    for unit in units.order_by("name", "pk"):
        by_name.setdefault(unit.name, []).append(unit)
        if len(unit.short_name) >= SHORT_NAME_MIN_LENGTH:
            by_name.setdefault(unit.short_name, []).append(unit)
    found: list[tuple[HandlingUnit, str]] = []
    seen: set[int] = set()
    # Longest names first, so that "辽源市住房和城乡建设局" is read before "住建局".
    for name in sorted(by_name, key=len, reverse=True):
        if name not in text:
            continue
        named = by_name[name]
        if len(named) > 1:
            region_path = suggestion.region.path
            named = [u for u in named if region_path.startswith(u.region.path)]
        for unit in named:
            if unit.pk not in seen:
                seen.add(unit.pk)
                found.append((unit, name))
    return found


@lru_cache(maxsize=4096)
def unit_search_keys(name: str, short_name: str = "") -> str:
    """Return the keys a unit is found by: its short name, full pinyin, initials.

    辽源市住房和城乡建设局 → "市住建局 liaoyuanshizhufang... lysz..."; the
    short name's pinyin too, so "szjj" finds 市住建局.
    """
    keys = [short_name] if short_name else []
    for text in filter(None, (name, short_name)):
        syllables = [
            s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
        ]
        keys.append("".join(syllables))
        keys.append("".join(s[0] for s in syllables if s))
    return " ".join(key for key in keys if key)


# The reasons, in the order they rank a proposal.
REASON_TEXT = "按文中单位"
REASON_AREA = "按地区"
REASON_CATEGORY = "按类别"
REASON_SIMILAR = "按相似建议"
REASON_LEARNED = "按历史办理"


@dataclass
class ProposedUnit:
    """One proposed unit, why it is proposed, and the role to preselect ("" for none)."""

    unit: HandlingUnit
    reasons: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    role: str = ""
    # 分级处理's level the history proposes (text_routing.LEVEL_*), "" if none.
    level: str = ""


def routing_proposal(*, suggestion: Suggestion, now=None) -> list[ProposedUnit]:
    """Propose handling units for a suggestion, each explained, leads first.

    Order: units named in the text, then tiered routing's choice (the area's
    government, or for county level and above the category's departments),
    then the rest of the area and category units, then units of similar
    earlier items. Preselected as lead: the named units if any, else tiered
    routing's choice (what ``propose_units`` returns).
    """
    active = HandlingUnit.objects.filter(is_active=True)
    area, category = _area_and_category(suggestion, active)
    named = units_named_in_text(suggestion)
    similar = units_of_similar_suggestions(suggestion, now=now)
    learned = propose_from_history(
        suggestion_text(suggestion), area_path=suggestion.congress.region.path
    )
    # Tiered routing's choice: the category's departments, else the government.
    default = category or area
    proposals: dict[int, ProposedUnit] = {}

    def add(unit, reason, detail):
        proposal = proposals.setdefault(unit.pk, ProposedUnit(unit=unit))
        if reason not in proposal.reasons:
            proposal.reasons.append(reason)
            proposal.details.append(detail)

    for unit, name in named:
        add(unit, REASON_TEXT, f"建议中提到“{name}”")
    for unit in area:
        add(unit, REASON_AREA, f"涉及地区：{suggestion.region.name}")
    category_label = Category(suggestion.category).label
    for unit in category:
        add(unit, REASON_CATEGORY, f"类别：{category_label}")
    if similar:
        similar_units = HandlingUnit.objects.in_bulk([s.unit_id for s in similar])
        for item in similar:
            unit = similar_units.get(item.unit_id)
            if unit is None or not unit.is_active:
                continue
            titles = "、".join(f"《{title}》" for title in item.examples)
            add(unit, REASON_SIMILAR, f"曾办理相似建议{titles}")
    for item in learned:
        add(item.unit, REASON_LEARNED, f"{item.explanation}（{item.level_label}）")
        proposals[item.unit.pk].level = item.level
    leads = {unit.pk for unit, _name in named} or {unit.pk for unit in default}
    for proposal in proposals.values():
        if proposal.unit.pk in leads:
            proposal.role = AssignmentRole.LEAD.value
    rank = {
        REASON_TEXT: 0,
        REASON_AREA: 2,
        REASON_CATEGORY: 3,
        REASON_SIMILAR: 4,
        REASON_LEARNED: 4,
    }
    default_pks = {unit.pk for unit in default}

    def order(proposal: ProposedUnit) -> int:
        if REASON_TEXT in proposal.reasons:
            return 0
        if proposal.unit.pk in default_pks:
            return 1
        return min(rank[reason] for reason in proposal.reasons)

    return sorted(proposals.values(), key=order)


def propose_units(*, suggestion: Suggestion) -> list[HandlingUnit]:
    """Propose lead units for a suggestion; an empty list if none fits.

    The units its text names, else tiered routing's choice.
    """
    named = units_named_in_text(suggestion)
    if named:
        return [unit for unit, _name in named]
    active = HandlingUnit.objects.filter(is_active=True)
    area, category = _area_and_category(suggestion, active)
    return category or area
