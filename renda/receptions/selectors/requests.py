"""Reads of residents' requests: lists, one request with its actions, look-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.permissions import get_scope, region_subtree_q
from renda.congresses.choices import Level
from renda.congresses.models import Congress
from renda.core.masking import mask_phone
from renda.core.receipts import normalize_receipt_number, receipt_number_problem
from renda.core.state import allowed
from renda.deputies.models import Deputy, DeputyGroup, Mandate
from renda.stations.selectors import (
    get_station_for_user,
    region_path_prefixes,
)
from renda.units.choices import UnitKind
from renda.units.models import HandlingUnit

from ..choices import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    PublicRequestStatus,
    RequestTier,
)
from ..events import describe_event
from ..models import PublicRequest, PublicRequestPhoto
from ..permissions import (
    can_answer_routed_request,
    can_convert_request,
    can_prepare_suggestion_draft,
    can_reveal_resident,
    can_view_station_requests,
    can_work_station_requests,
)
from .text_routing import request_routing_proposal, similar_open_requests

SEARCH_MAX_LENGTH = 50


def _text(value, max_length: int) -> str:
    text = str(value or "").strip()
    return text if len(text) <= max_length else ""


@dataclass(frozen=True)
class PublicRequestFilters:
    """A station's requests, by state, tier and a search of content or receipt."""

    station_id: int
    status: str = ""
    tier: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, station_id: int, query: Mapping) -> PublicRequestFilters:
        """Parse a page's query string or the API's query; unknown values mean "all"."""
        status = str(query.get("status") or "")
        tier = str(query.get("tier") or "")
        return cls(
            station_id=station_id,
            status=status if status in PublicRequestStatus.values else "",
            tier=tier if tier in RequestTier.values else "",
            q=_text(query.get("q"), SEARCH_MAX_LENGTH),
        )


# The verbs of a request, as the page's buttons and the API's actions name them.
REQUEST_ACTIONS = (
    "route",
    "answer_on_the_spot",
    "convert",
    "prepare_draft",
    "answer",
    "tell",
    "close",
    "reveal",
    "add_photos",
)


@dataclass
class PublicRequestDetail:
    """One request as its page and the API show it, with what the user may do now."""

    item: PublicRequest
    events: list
    photos: list
    actions: list
    proposed_unit: HandlingUnit | None = None
    unit_note: str = ""
    convert_congress: object = None
    extra: dict = field(default_factory=dict)
    # From the text (text_routing.py): the proposed tier and unit, similar open requests.
    text_proposal: object = None
    similar: list = field(default_factory=list)


def public_requests_visible_to(user) -> QuerySet[PublicRequest]:
    """Return the residents' requests the user may see.

    Staff and leaders: those of stations in their congresses' areas. Station
    staff: their station's. A deputy: those they received or recorded. Unit
    staff: those routed to their unit. Administrators: all.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return PublicRequest.objects.none()
    if scope.is_admin:
        return PublicRequest.objects.all()
    query = Q(pk__in=[])
    if scope.region_paths:
        query |= region_subtree_q("station__region__path", scope.region_paths)
    if scope.station_ids:
        query |= Q(station_id__in=scope.station_ids)
    if scope.deputy_id is not None:
        query |= Q(received_by_id=scope.deputy_id) | Q(recorded_by_id=user.pk)
    if scope.has(Role.UNIT_STAFF) and scope.unit_ids:
        query |= Q(handling_unit_id__in=scope.unit_ids)
    return PublicRequest.objects.filter(query)


def get_public_request_for_user(user, pk) -> PublicRequest:
    """Return one request the user may see, or raise 404."""
    try:
        return (
            public_requests_visible_to(user)
            .select_related(
                "station",
                "station__region",
                "received_by",
                "handling_unit",
                "reception_day",
                "suggestion",
            )
            .get(pk=pk)
        )
    except (PublicRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_request_photo_for_user(user, pk):
    """Return one photo of a request the user may see, or raise 404."""
    photo = PublicRequestPhoto.objects.filter(pk=pk).only("request_id", "file").first()
    if photo is None:
        raise Http404
    get_public_request_for_user(user, photo.request_id)
    return photo


def station_for_requests(user, station_id):
    """Return a station whose request list the user may read (404 out of scope, else 403)."""
    station = get_station_for_user(user, station_id)
    if not can_view_station_requests(user, station):
        raise PermissionDenied("您无权查看本站的群众诉求。")
    return station


def public_request_list(
    user, filters: PublicRequestFilters, *, station=None
) -> QuerySet[PublicRequest]:
    """Return a station's requests the user may see, filtered, newest first.

    ``station``, when the caller already has it from ``station_for_requests``,
    saves reading it twice.
    """
    if station is None or station.pk != filters.station_id:
        station = station_for_requests(user, filters.station_id)
    queryset = (
        public_requests_visible_to(user)
        .filter(station=station)
        .select_related("station", "received_by", "handling_unit")
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.tier:
        queryset = queryset.filter(tier=filters.tier)
    if filters.q:
        queryset = queryset.filter(
            Q(content__contains=filters.q)
            | Q(location__contains=filters.q)
            | Q(receipt_number=normalize_receipt_number(filters.q))
        )
    return queryset.order_by("-created_at", "-id")


def public_request_actions(user, item: PublicRequest, *, congress=None) -> list:
    """Return the verbs of ``REQUEST_ACTIONS`` the user may apply to a request now."""
    may_work = can_work_station_requests(user, item.station)
    actions = []
    if may_work and allowed(item, "route"):
        actions.append("route")
    # The state table lets a routed request be answered on the spot too; the
    # page offers it before routing only, and so do the actions.
    if may_work and item.status == PublicRequestStatus.RECEIVED:
        actions.append("answer_on_the_spot")
    # A station's draft waiting for its deputy (``suggestion`` set while the
    # request is still received) holds the conversion until the deputy acts.
    pending_draft = item.suggestion_id is not None
    if (
        allowed(item, "convert")
        and not pending_draft
        and can_convert_request(user, item, congress)
    ):
        actions.append("convert")
    if (
        allowed(item, "convert")
        and not pending_draft
        and can_prepare_suggestion_draft(user, item)
    ):
        actions.append("prepare_draft")
    if allowed(item, "answer") and can_answer_routed_request(user, item):
        actions.append("answer")
    if may_work and allowed(item, "tell"):
        actions.append("tell" if item.resident_told_at is None else "close")
    if can_reveal_resident(user, item):
        actions.append("reveal")
    recorded_it = user is not None and item.recorded_by_id == getattr(user, "pk", None)
    if (may_work or recorded_it) and allowed(item, "add_photos"):
        actions.append("add_photos")
    return actions


def mask_resident(item: PublicRequest) -> PublicRequest:
    """Set ``masked_name`` and ``masked_phone`` on a request for display."""
    item.masked_name = mask_resident_name(item.resident_name)
    item.masked_phone = mask_phone(item.resident_phone)
    return item


def public_request_detail(user, pk) -> PublicRequestDetail:
    """Return one request with its timeline, photos and the user's actions (404 out of scope)."""
    item = mask_resident(get_public_request_for_user(user, pk))
    events = list(item.events.select_related("actor"))
    for event in events:
        event.text = describe_event(event)
    detail = PublicRequestDetail(
        item=item, events=events, photos=list(item.photos.all()), actions=[]
    )
    congress = None
    if item.status == PublicRequestStatus.RECEIVED:
        detail.proposed_unit, detail.unit_note = grassroots_unit_for(item.station)
        congress, _term = congress_for_conversion(item)
        detail.convert_congress = congress
    detail.actions = public_request_actions(user, item, congress=congress)
    if item.status == PublicRequestStatus.RECEIVED and can_work_station_requests(
        user, item.station
    ):
        detail.text_proposal = request_routing_proposal(item)
        detail.similar = similar_open_requests(item)
    return detail


def public_requests_for_unit(
    user, *, open_only: bool = False
) -> QuerySet[PublicRequest]:
    """Return the requests routed to the user's units: overdue first, then by due date."""
    scope = get_scope(user)
    if not scope.has(Role.UNIT_STAFF) or not scope.unit_ids:
        return PublicRequest.objects.none()
    today = timezone.localdate()
    queryset = PublicRequest.objects.filter(
        handling_unit_id__in=scope.unit_ids
    ).select_related("station", "handling_unit", "received_by")
    if open_only:
        queryset = queryset.filter(status=PublicRequestStatus.ROUTED)
    return queryset.annotate(
        rank=Case(
            When(status=PublicRequestStatus.ROUTED, due_at__lt=today, then=Value(0)),
            When(status=PublicRequestStatus.ROUTED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "due_at", "id")


def public_requests_of_deputy(user) -> QuerySet[PublicRequest]:
    """Return the requests a deputy received or recorded, newest first."""
    scope = get_scope(user)
    if scope.deputy_id is None:
        return PublicRequest.objects.none()
    return (
        PublicRequest.objects.filter(
            Q(received_by_id=scope.deputy_id) | Q(recorded_by_id=user.pk)
        )
        .select_related("station", "handling_unit", "received_by")
        .order_by("-created_at", "-id")
    )


def stations_of_deputy(user) -> list:
    """Return the stations of the groups of the user's deputy, by region code."""
    deputy_id = get_scope(user).deputy_id
    stations = [
        group.station
        for group in DeputyGroup.objects.filter(
            members__id=deputy_id, station__isnull=False
        )
        .select_related("station")
        .order_by("station__region__code")
    ]
    return list(dict.fromkeys(stations))


def is_overdue(item: PublicRequest, today: dt.date | None = None) -> bool:
    """Tell whether a routed request is past its due date."""
    today = today or timezone.localdate()
    return (
        item.status == PublicRequestStatus.ROUTED
        and item.due_at is not None
        and item.due_at < today
    )


def grassroots_unit_for(station):
    """Propose the unit a 街道/乡镇 matter goes to, with a note when it is not the usual one.

    The government of the station's 街道/乡镇 (a GOVERNMENT unit on that
    region); when none is registered, the county government above it.
    """
    units = HandlingUnit.objects.filter(kind=UnitKind.GOVERNMENT, is_active=True)
    unit = units.filter(region_id=station.region_id).order_by("id").first()
    if unit is not None:
        return unit, ""
    if station.region.parent_id:
        unit = units.filter(region_id=station.region.parent_id).order_by("id").first()
        if unit is not None:
            return (
                unit,
                f"{station.region.name}尚未登记为承办单位，改由{unit.name}办理。",
            )
    return None, f"{station.region.name}及所在区县人民政府均未登记为承办单位。"


def requests_linked_to_suggestion(suggestion) -> QuerySet[PublicRequest]:
    """Return the residents' requests that became this suggestion."""
    return suggestion.public_requests.select_related("station").order_by("id")


def mask_resident_name(name: str) -> str:
    """Mask a resident's name as 张*: the surname character and one star per other."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def congress_for_conversion(request: PublicRequest):
    """Return (congress, term) a request becomes a suggestion in, or (None, None).

    The receiving deputy's most local congress whose area contains the
    station (by a current mandate); failing that, the city congress over it.
    """
    prefixes = region_path_prefixes(request.station.region.path)
    if request.received_by_id is not None:
        mandates = (
            Mandate.objects.filter(
                deputy_id=request.received_by_id,
                end_date__isnull=True,
                term__congress__region__path__in=prefixes,
            )
            .select_related("term", "term__congress", "term__congress__region")
            .order_by("-term__start_date")
        )
        best = None
        for mandate in mandates:
            congress = mandate.term.congress
            if best is None or len(congress.region.path) > len(
                best.term.congress.region.path
            ):
                best = mandate
        if best is not None:
            return best.term.congress, best.term
    congress = (
        Congress.objects.filter(level=Level.MUNICIPAL, region__path__in=prefixes)
        .select_related("region")
        .first()
    )
    term = congress.terms.order_by("-number").first() if congress else None
    return congress, term


def is_receipt_number(number: str) -> bool:
    """Tell whether a normalised number can be a receipt number, new or older."""
    if number.isascii() and number.isdigit():
        return receipt_number_problem(number) is None
    return len(number) == RECEIPT_LENGTH and all(
        char in RECEIPT_ALPHABET for char in number
    )


def public_request_for_receipt(receipt_number) -> PublicRequest | None:
    """Return the request with this receipt number (any case, spaces ignored), or None.

    New numbers are 12 digits with a check digit; older ones, 10 letters and
    digits, keep working.
    """
    number = normalize_receipt_number(receipt_number)
    if not is_receipt_number(number):
        return None
    return (
        PublicRequest.objects.select_related("station", "handling_unit")
        .filter(receipt_number=number)
        .first()
    )


# Drafts a station prepares for a deputy (代拟) ----------------------------------------


def _most_local_mandates(deputy_ids, station) -> dict:
    """Return each deputy's most local current mandate in a congress over the station."""
    prefixes = region_path_prefixes(station.region.path)
    best: dict = {}
    for mandate in Mandate.objects.filter(
        deputy_id__in=list(deputy_ids),
        end_date__isnull=True,
        term__congress__region__path__in=prefixes,
    ).select_related("term", "term__congress", "term__congress__region"):
        known = best.get(mandate.deputy_id)
        if known is None or len(mandate.term.congress.region.path) > len(
            known.term.congress.region.path
        ):
            best[mandate.deputy_id] = mandate
    return best


def draft_deputy_options(item: PublicRequest) -> list:
    """Return the deputies a station may prepare a draft for from this request.

    The deputy who received it, the deputies on duty that reception day, and
    the members of the station's groups; each needs a current mandate in a
    congress over the station, which the draft goes to (``congress`` and
    ``term`` are set on each deputy returned). Receiver first, then on duty,
    then the station's own, by name.
    """
    station = item.station
    order = {}
    if item.received_by_id is not None:
        order[item.received_by_id] = 0
    if item.reception_day_id is not None:
        for pk in item.reception_day.deputies.values_list("pk", flat=True):
            order.setdefault(pk, 1)
    for pk in DeputyGroup.objects.filter(station_id=station.pk).values_list(
        "members", flat=True
    ):
        if pk is not None:
            order.setdefault(pk, 2)
    mandates = _most_local_mandates(order, station)
    deputies = []
    for deputy in Deputy.objects.filter(pk__in=mandates).order_by("name_pinyin", "pk"):
        mandate = mandates[deputy.pk]
        deputy.congress, deputy.term = mandate.term.congress, mandate.term
        deputy.is_receiver = order[deputy.pk] == 0
        deputy.on_duty = order[deputy.pk] == 1
        deputies.append(deputy)
    deputies.sort(key=lambda d: order[d.pk])
    return deputies


# Requests escalated to a congress (县级以上：转代表建议) ----------------------------------


@dataclass(frozen=True)
class EscalatedRequestFilters:
    """A congress's escalated requests, by a search of content or receipt."""

    q: str = ""

    @classmethod
    def from_query(cls, query: Mapping) -> EscalatedRequestFilters:
        """Parse a page's query string; an over-long search means "all"."""
        return cls(q=_text(query.get("q"), SEARCH_MAX_LENGTH))


def escalated_requests_for_congress(
    user, congress, filters: EscalatedRequestFilters | None = None
) -> QuerySet[PublicRequest]:
    """Return the requests in the congress's area waiting for a deputy's suggestion.

    A request waits when it is still ``RECEIVED`` (the state table's only
    state from which ``convert`` leads to ``CONVERTED``; ``ROUTED`` and later
    states went to a unit or are done) and it is a matter for a congress:
    either its tier says so (``RequestTier.SUGGESTION``, 县级以上：转代表建议),
    or its station has prepared a draft suggestion (代拟) that the deputy has
    not submitted yet (``suggestion`` set while ``RECEIVED``; the services set
    the tier only when the request is converted, so a pending draft is how the
    working flow marks such a request). Converted, routed, answered and closed
    requests are left out. Stations count when their region lies in the
    congress's region subtree, read through ``public_requests_visible_to`` so
    the user's scope holds too. Oldest first: the longest waiting on top.
    """
    filters = filters or EscalatedRequestFilters()
    queryset = (
        public_requests_visible_to(user)
        .filter(region_subtree_q("station__region__path", [congress.region.path]))
        .filter(status=PublicRequestStatus.RECEIVED)
        .filter(Q(tier=RequestTier.SUGGESTION) | Q(suggestion__isnull=False))
        .select_related("station", "received_by")
    )
    if filters.q:
        queryset = queryset.filter(
            Q(content__contains=filters.q)
            | Q(location__contains=filters.q)
            | Q(receipt_number=filters.q.upper())
        )
    return queryset.order_by("created_at", "id")


def days_waiting(item: PublicRequest, today: dt.date | None = None) -> int:
    """Return the whole days since a request was received (0 on the day itself)."""
    today = today or timezone.localdate()
    return max((today - timezone.localdate(item.created_at)).days, 0)
