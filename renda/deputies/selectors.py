"""Reads of deputies, mandates and groups, always through the user's scope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope, region_subtree_q

from .models import Deputy, DeputyGroup, Mandate


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """Return the deputies the user may see.

    Staff and leaders of a congress: deputies holding a mandate in that
    congress or in a congress of an area below it. A deputy: the deputies of
    the congresses they sit in. Station staff: the deputies in the groups
    attached to their station. Unit staff and the public: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Deputy.objects.none()
    if scope.is_admin:
        return Deputy.objects.all()
    conditions = []
    if scope.region_paths:
        mandates = Mandate.objects.filter(
            region_subtree_q("term__congress__region__path", scope.region_paths),
            deputy=OuterRef("pk"),
        )
        conditions.append(Exists(mandates))
    if scope.deputy_id is not None:
        own_congresses = Mandate.objects.filter(deputy_id=scope.deputy_id).values(
            "term__congress_id"
        )
        conditions.append(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef("pk"), term__congress_id__in=own_congresses
                )
            )
        )
    if scope.station_ids:
        conditions.append(
            Exists(
                DeputyGroup.members.through.objects.filter(
                    deputy_id=OuterRef("pk"),
                    deputygroup__station_id__in=scope.station_ids,
                )
            )
        )
    if not conditions:
        return Deputy.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined | condition
    return Deputy.objects.filter(combined)


def get_deputy_for_user(user, pk) -> Deputy:
    """Return one deputy the user may see, or raise 404 without saying whether it exists."""
    try:
        return deputies_visible_to(user).get(pk=pk)
    except (Deputy.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def groups_visible_to(user) -> QuerySet[DeputyGroup]:
    """Return the deputy groups the user may see."""
    scope = get_scope(user)
    if not scope.is_authenticated:
        return DeputyGroup.objects.none()
    if scope.is_admin:
        return DeputyGroup.objects.all()
    query = None
    if scope.region_paths:
        query = region_subtree_q("congress__region__path", scope.region_paths)
    if scope.station_ids:
        part = DeputyGroup.objects.filter(station_id__in=scope.station_ids).values("pk")
        from django.db.models import Q

        query = (query | Q(pk__in=part)) if query is not None else Q(pk__in=part)
    if scope.deputy_id is not None:
        from django.db.models import Q

        part = Q(members__id=scope.deputy_id)
        ids = DeputyGroup.objects.filter(part).values("pk")
        query = (query | Q(pk__in=ids)) if query is not None else Q(pk__in=ids)
    if query is None:
        return DeputyGroup.objects.none()
    return DeputyGroup.objects.filter(query).distinct()


def get_group_for_user(user, pk) -> DeputyGroup:
    """Return one group the user may see, or raise 404."""
    try:
        return groups_visible_to(user).get(pk=pk)
    except (DeputyGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
