"""Drafts a station prepared for a deputy, waiting for the deputy to confirm them."""

from __future__ import annotations

from django.db.models import QuerySet

from renda.accounts.permissions import get_scope

from ..choices import SuggestionStatus
from ..models import Suggestion


def drafts_awaiting_confirmation(user) -> QuerySet[Suggestion]:
    """Return the prepared drafts (代拟) the user, a deputy, has yet to submit or discard.

    Newest first, with the station and the preparer read along (the
    workbench shows "由 XX 联络站 张三 代拟" on each line).
    """
    deputy_id = get_scope(user).deputy_id
    if deputy_id is None:
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(
            lead_deputy_id=deputy_id,
            status=SuggestionStatus.DRAFT,
            prepared_by__isnull=False,
        )
        .select_related("prepared_by", "prepared_at_station")
        .order_by("-created_at", "-pk")
    )
