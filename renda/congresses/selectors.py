"""Reads of congresses, terms and their bodies, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope, region_subtree_q

from .models import CommitteeMember, Congress


def congresses_visible_to(user) -> QuerySet[Congress]:
    """Return the congresses the user works with.

    Staff and leaders: their congresses and every congress of an area below.
    A deputy: the congresses they hold a mandate in. Station staff: the
    congresses of the groups attached to their station. Others: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Congress.objects.none()
    if scope.is_admin:
        return Congress.objects.all()
    query = None

    def add(part: Q) -> None:
        nonlocal query
        query = part if query is None else query | part

    if scope.region_paths:
        add(region_subtree_q("region__path", scope.region_paths))
    if scope.deputy_id is not None:
        add(Q(terms__mandates__deputy_id=scope.deputy_id))
    if scope.station_ids:
        add(Q(deputy_groups__station_id__in=scope.station_ids))
    if query is None:
        return Congress.objects.none()
    ids = Congress.objects.filter(query).values("pk")
    return Congress.objects.filter(pk__in=ids)


def get_congress_for_user(user, pk) -> Congress:
    """Return one congress the user works with, or raise 404."""
    try:
        return congresses_visible_to(user).get(pk=pk)
    except (Congress.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def seat_roles(user) -> frozenset[str]:
    """Return the roles of the committee seats linked to the user's account.

    Read once per user object, that is once per request: the navigation, the
    suggestions' key-item check and the 双联 pages all ask it.
    """
    if not get_scope(user).is_authenticated:
        return frozenset()
    cached = getattr(user, "_renda_seat_roles", None)
    if cached is None:
        cached = frozenset(
            CommitteeMember.objects.filter(user_id=user.pk)
            .order_by()
            .values_list("role", flat=True)
        )
        user._renda_seat_roles = cached
    return cached
