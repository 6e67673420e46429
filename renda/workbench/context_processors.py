"""The navigation every page shows, asking each app's own permission checks."""

from renda.accounts.permissions import can_view_audit_log, get_scope
from renda.deputies.permissions import (
    can_browse_deputies,
    can_export_deputies,
    can_import_roster,
    can_view_statistics,
)
from renda.liaison.permissions import (
    can_read_records,
    can_see_deputy_pages,
    is_leadership_user,
)
from renda.notices.permissions import notices_navigation
from renda.receptions.permissions import can_list_own_requests, can_use_unit_requests
from renda.stations.permissions import can_browse_stations
from renda.suggestions.permissions import (
    can_handle_assignments,
    can_read_suggestion_lists,
    can_review_suggestions,
    can_see_key_suggestions,
    can_write_suggestions,
)
from renda.supervision.permissions import (
    can_file_documents,
    can_propose_topic,
    can_use_supervision,
    can_use_unit_queue,
    can_view_reviews,
    reads_any_congress,
)


def navigation(request):
    """Expose which navigation entries the user may follow to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Computed once per request: a page that renders several templates with
    # the request (a panel, a partial) asks again.
    cached = getattr(request, "_renda_nav", None)
    if cached is None:
        cached = request._renda_nav = _flags(user)
    return {"nav": cached}


def _flags(user) -> dict:
    return {
        "deputies": can_browse_deputies(user),
        "stations": can_browse_stations(user),
        "statistics": can_view_statistics(user),
        "export": can_export_deputies(user),
        "roster": can_import_roster(user),
        "suggestions_mine": can_write_suggestions(user),
        "unit_inbox": can_handle_assignments(user),
        # Residents' requests: the receptions pages' own checks.
        "unit_requests": can_use_unit_requests(user),
        "my_requests": can_list_own_requests(user),
        # Station staff: their station (the first, if they serve several).
        "my_station": min(get_scope(user).station_ids, default=None),
        "suggestions_staff": can_review_suggestions(user),
        # The congress's suggestion list, overdue board and statistics.
        "suggestion_lists": can_read_suggestion_lists(user),
        "leader_key": can_see_key_suggestions(user),
        # The 双联 entries: the rules dashboard, a leader's contacts, a
        # deputy's meetings.
        "liaison": can_read_records(user),
        "my_contacts": is_leadership_user(user),
        "my_meetings": can_see_deputy_pages(user),
        # Supervision: the item list in the bar, the rest in its own sub-menu
        # (supervision/_subnav.html); the unit's queue in the bar too.
        "supervision": can_use_supervision(user),
        "supervision_unit": can_use_unit_queue(user),
        "supervision_readers": reads_any_congress(user),
        "supervision_topics_mine": can_propose_topic(user),
        "supervision_filing": can_file_documents(user),
        "supervision_reviews": can_view_reviews(user),
        "notices": notices_navigation(user),
        # The audit page and /admin/: system administrators only.
        "audit": can_view_audit_log(user),
    }
