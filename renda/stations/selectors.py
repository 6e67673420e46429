"""Reads of liaison stations, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope, region_subtree_q
from renda.regions.models import Region

from .models import LiaisonStation


def stations_visible_to(user) -> QuerySet[LiaisonStation]:
    """Return the liaison stations the user may see.

    Staff and leaders: the stations in their congresses' areas. Station staff:
    their own station. A deputy: the stations of their groups. Administrators:
    all. Unit staff and the public: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return LiaisonStation.objects.none()
    if scope.is_admin:
        return LiaisonStation.objects.all()
    query = None

    def add(part: Q) -> None:
        nonlocal query
        query = part if query is None else query | part

    if scope.region_paths:
        add(region_subtree_q("region__path", scope.region_paths))
    if scope.station_ids:
        add(Q(pk__in=scope.station_ids))
    if scope.deputy_id is not None:
        # Through the groups' foreign key to the station (deputies is above).
        add(
            Q(
                pk__in=LiaisonStation.objects.filter(
                    deputy_groups__members__id=scope.deputy_id
                ).values("pk")
            )
        )
    if query is None:
        return LiaisonStation.objects.none()
    return LiaisonStation.objects.filter(query)


def get_station_for_user(user, pk) -> LiaisonStation:
    """Return one station the user may see, or raise 404 without saying whether it exists."""
    try:
        # The region comes along: permission checks read its path.
        return stations_visible_to(user).select_related("region").get(pk=pk)
    except (LiaisonStation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def station_list(
    *, user, region=None, q: str | None = None
) -> QuerySet[LiaisonStation]:
    """Return the stations the user may see, in one area and matching a search, by code."""
    queryset = stations_visible_to(user).select_related("region", "region__parent")
    if region is not None:
        queryset = queryset.filter(region__path__startswith=region.path)
    text = (q or "").strip()
    if text:
        queryset = queryset.filter(
            Q(name__contains=text)
            | Q(address__contains=text)
            | Q(region__name__contains=text)
        )
    return queryset.order_by("region__code")


def station_regions_for(user):
    """Return the county-level areas that hold stations the user may see."""
    return (
        Region.objects.filter(children__liaison_station__in=stations_visible_to(user))
        .distinct()
        .order_by("code")
    )


# Region helpers -----------------------------------------------------------------


def region_path_prefixes(path: str) -> list[str]:
    """Return the paths of a region and every region above it, top first."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
