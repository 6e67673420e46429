"""Reads of roster imports and the congresses a user may import a roster into."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope
from renda.congresses.models import Congress

from ..models_roster import RosterImport
from ..permissions import can_manage_roster


def congresses_for_roster(user) -> QuerySet[Congress]:
    """Return the congresses whose roster the user may import."""
    scope = get_scope(user)
    if scope.is_admin:
        return Congress.objects.all()
    return Congress.objects.filter(pk__in=scope.staff_congress_ids)


def get_roster_import_for_user(user, pk) -> RosterImport:
    """Return a pending or done import of a congress the user manages, or raise 404."""
    try:
        pending = RosterImport.objects.select_related("congress", "term__congress").get(
            pk=pk
        )
    except (RosterImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_manage_roster(user, pending.congress):
        raise Http404
    return pending


def roster_imports_visible_to(user) -> QuerySet[RosterImport]:
    """Return the imports of the congresses whose roster the user manages."""
    return (
        RosterImport.objects.filter(congress__in=congresses_for_roster(user))
        .select_related("congress", "term", "created_by")
        .defer("content", "preview")
    )
