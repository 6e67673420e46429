"""Who may act on a station's reception days and residents' requests.

Every check reads the user's scope from ``renda.accounts.permissions.get_scope``;
services raise ``PermissionDenied`` when these answer False, and pages and the
API ask the same functions which buttons to show.
"""

from __future__ import annotations

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope
from renda.deputies.models import DeputyGroup
from renda.stations.permissions import can_browse_stations

# hotline's PartnerChannel.RESIDENT_REQUEST (receptions never import hotline).
PARTNER_CHANNEL_RESIDENT_REQUEST = "RESIDENT_REQUEST"


def _under(path: str, paths) -> bool:
    return any(path.startswith(prefix) for prefix in paths)


def is_station_staff(user, station) -> bool:
    """The station's own chief or liaison officer."""
    return station.pk in get_scope(user).station_ids


def _committee_staff_over(scope, station) -> bool:
    return _under(station.region.path, scope.staff_region_paths)


def can_manage_reception_days(user, station) -> bool:
    """Plan, change, hold, postpone, cancel: station staff, committee staff over it, admins."""
    scope = get_scope(user)
    return (
        scope.is_admin
        or station.pk in scope.station_ids
        or _committee_staff_over(scope, station)
    )


def can_confirm_late_reception_day(user, station) -> bool:
    """Confirm a reception day entered late (补录): committee staff over it, admins.

    Not the station's own staff, who entered it: the confirmation is the
    committee's check that the day was really held.
    """
    scope = get_scope(user)
    return scope.is_admin or _committee_staff_over(scope, station)


def can_use_station_work_pages(user) -> bool:
    """The working pages of stations (reception days, requests): as the station pages."""
    return can_browse_stations(user)


def can_work_station_requests(user, station) -> bool:
    """Record, route, answer on the spot, tell, close: as for reception days."""
    return can_manage_reception_days(user, station)


def can_view_station_requests(user, station) -> bool:
    """A station's list of requests: those who work them, and leaders over the station."""
    scope = get_scope(user)
    return can_work_station_requests(user, station) or _under(
        station.region.path, scope.region_paths
    )


def can_record_request_as_deputy(user, station) -> bool:
    """A deputy records a request met elsewhere, for a station of one of their groups."""
    scope = get_scope(user)
    if scope.deputy_id is None:
        return False
    return DeputyGroup.objects.filter(
        members__id=scope.deputy_id, station_id=station.pk
    ).exists()


def can_record_request_for_partner(user, station) -> bool:
    """Record a resident's request as a partner system (Open311, 12345 hotline).

    Only the service account of an active RESIDENT_REQUEST partner whose
    congress is over ``station``; asked by ``public_request_create`` when called
    ``on_behalf_of_partner``. Receptions never import hotline: the account is
    recognised by the reverse one-to-one ``hotline_partner``.
    """
    if not getattr(user, "is_active", False):
        return False
    partner = getattr(user, "hotline_partner", None)
    if partner is None or not partner.is_active or partner.revoked_at is not None:
        return False
    return (
        partner.channel == PARTNER_CHANNEL_RESIDENT_REQUEST
        and station.region.path.startswith(partner.congress.region.path)
    )


def can_record_requests(user, station) -> bool:
    """Open the record form for a station: its workers, or a deputy of its groups."""
    return can_work_station_requests(user, station) or can_record_request_as_deputy(
        user, station
    )


def can_answer_routed_request(user, public_request) -> bool:
    """Answer a request routed to a unit: that unit's staff (and administrators)."""
    scope = get_scope(user)
    if scope.is_admin:
        return True
    return (
        scope.has(Role.UNIT_STAFF)
        and public_request.handling_unit_id is not None
        and public_request.handling_unit_id in scope.unit_ids
    )


def can_prepare_suggestion_draft(user, public_request) -> bool:
    """Prepare a draft suggestion for a deputy from a request (代拟).

    Only the chief or liaison officer of the request's station (not committee
    staff, who enter suggestions themselves); the deputy then submits it.
    """
    scope = get_scope(user)
    return public_request.station_id in scope.station_ids and (
        scope.has(Role.STATION_CHIEF) or scope.has(Role.LIAISON_OFFICER)
    )


def can_convert_request(user, public_request, congress) -> bool:
    """Turn a request into a suggestion: the receiving deputy, or the congress's staff.

    The suggestion is the receiving deputy's (lead deputy), so only the deputy
    or the committee staff entering it for them may draft it, as for any
    suggestion (``renda.suggestions.permissions.can_draft_for``).
    """
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if congress is not None and congress.pk in scope.staff_congress_ids:
        return True
    return (
        scope.deputy_id is not None
        and public_request.received_by_id is not None
        and scope.deputy_id == public_request.received_by_id
    )


def can_reveal_resident(user, public_request) -> bool:
    """See a resident's full name and phone: the station's staff and the routed unit."""
    scope = get_scope(user)
    if scope.is_admin or public_request.station_id in scope.station_ids:
        return True
    return (
        scope.has(Role.UNIT_STAFF)
        and public_request.handling_unit_id is not None
        and public_request.handling_unit_id in scope.unit_ids
    )


def can_use_unit_requests(user) -> bool:
    """The unit's page of requests routed to it: handling-unit staff."""
    return get_scope(user).has(Role.UNIT_STAFF)


def can_list_own_requests(user) -> bool:
    """A deputy's page of the requests they received or recorded."""
    return get_scope(user).deputy_id is not None


def can_use_escalated_requests(user) -> bool:
    """The page of requests escalated to a congress: committee staff and admins."""
    scope = get_scope(user)
    return scope.is_admin or scope.has(Role.COMMITTEE_STAFF)


def can_view_escalated_requests(user, congress) -> bool:
    """Read one congress's escalated requests: its own committee staff, admins."""
    scope = get_scope(user)
    return scope.is_admin or congress.pk in scope.staff_congress_ids
