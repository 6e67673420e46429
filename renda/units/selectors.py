"""Reads of handling units, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope, region_subtree_q
from renda.deputies.models import Mandate

from .models import HandlingUnit


def units_visible_to(user) -> QuerySet[HandlingUnit]:
    """Return the handling units the user may see.

    Staff and leaders: the units in their congresses' areas. Unit staff: their
    own units. A deputy: the units in the areas of the congresses they hold a
    mandate in. Station staff: the units of their station's area and of every
    area above it (the 街道/乡镇, the district, the city...). Administrators:
    all. The public: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return HandlingUnit.objects.none()
    if scope.is_admin:
        return HandlingUnit.objects.all()
    query = None

    def add(part: Q) -> None:
        nonlocal query
        query = part if query is None else query | part

    if scope.region_paths:
        add(region_subtree_q("region__path", scope.region_paths))
    if scope.unit_ids:
        add(Q(pk__in=scope.unit_ids))
    if scope.deputy_id is not None:
        paths = (
            Mandate.objects.filter(deputy_id=scope.deputy_id)
            .values_list("term__congress__region__path", flat=True)
            .distinct()
        )
        add(region_subtree_q("region__path", list(paths)))
    if scope.station_region_paths:
        codes = {
            code
            for path in scope.station_region_paths
            for code in path.split("/")
            if code
        }
        add(Q(region__code__in=codes))
    if query is None:
        return HandlingUnit.objects.none()
    return HandlingUnit.objects.filter(query)


def get_unit_for_user(user, pk) -> HandlingUnit:
    """Return one handling unit the user may see, or raise 404 without saying whether it exists."""
    try:
        return units_visible_to(user).get(pk=pk)
    except (HandlingUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
