"""Reads of liaison stations, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope, region_subtree_q
from renda.deputies.models import DeputyGroup
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
        add(
            Q(
                pk__in=DeputyGroup.objects.filter(
                    members__id=scope.deputy_id, station__isnull=False
                ).values("station_id")
            )
        )
    if query is None:
        return LiaisonStation.objects.none()
    return LiaisonStation.objects.filter(query)


def get_station_for_user(user, pk) -> LiaisonStation:
    """Return one station the user may see, or raise 404 without saying whether it exists."""
    try:
        return stations_visible_to(user).get(pk=pk)
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


# Reception days and residents' requests --------------------------------------------


def deputies_eligible_for_station(station):
    """Return the deputies who may serve at a station.

    Members and leaders of the station's groups, and deputies with a current
    mandate in a congress whose area contains the station.
    """
    from renda.deputies.models import Deputy

    region_path = station.region.path
    ancestors = [
        prefix
        for prefix in _path_prefixes(region_path)
        if prefix  # "/220000/", "/220000/220400/", ...
    ]
    return Deputy.objects.filter(
        Q(deputy_groups__station_id=station.pk)
        | Q(
            mandates__end_date__isnull=True,
            mandates__term__congress__region__path__in=ancestors,
        )
    ).distinct()


def _path_prefixes(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def reception_days_visible_to(user):
    """Return the reception days of the stations the user may see."""
    from .models import ReceptionDay

    return ReceptionDay.objects.filter(station__in=stations_visible_to(user))


def get_reception_day_for_user(user, pk):
    """Return one reception day the user may see, or raise 404."""
    from .models import ReceptionDay

    try:
        return (
            reception_days_visible_to(user)
            .select_related("station", "station__region")
            .get(pk=pk)
        )
    except (ReceptionDay.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reception_days_of_year(station, year: int):
    """Return a station's reception days in one year, by date, with their deputies."""
    return (
        station.reception_days.filter(date__year=year)
        .prefetch_related("deputies", "attendees")
        .order_by("date", "start_time", "id")
    )


def reception_day_year_summary(station, year: int) -> dict:
    """Count a station's reception days in a year by status, against the yearly rule."""
    from .choices import MIN_RECEPTION_DAYS_PER_YEAR, ReceptionDayStatus

    counts = dict.fromkeys(ReceptionDayStatus.values, 0)
    for status in station.reception_days.filter(date__year=year).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    held = counts[ReceptionDayStatus.HELD]
    planned = counts[ReceptionDayStatus.PLANNED]
    return {
        "year": year,
        "held": held,
        "planned": planned,
        "cancelled": counts[ReceptionDayStatus.CANCELLED],
        "minimum": MIN_RECEPTION_DAYS_PER_YEAR,
        "met": held >= MIN_RECEPTION_DAYS_PER_YEAR,
        "on_track": held + planned >= MIN_RECEPTION_DAYS_PER_YEAR,
        "missing": max(MIN_RECEPTION_DAYS_PER_YEAR - held, 0),
    }


def public_requests_visible_to(user):
    """Return the residents' requests the user may see.

    Staff and leaders: those of stations in their congresses' areas. Station
    staff: their station's. A deputy: those they received or recorded. Unit
    staff: those routed to their unit. Administrators: all.
    """
    from renda.accounts.choices import Role

    from .models import PublicRequest

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


def get_public_request_for_user(user, pk):
    """Return one request the user may see, or raise 404."""
    from .models import PublicRequest

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


def public_request_list(
    *, user, station=None, status: str = "", tier: str = "", q: str = ""
):
    """Return the requests the user may see, of one station, filtered, newest first."""
    queryset = public_requests_visible_to(user).select_related(
        "station", "received_by", "handling_unit"
    )
    if station is not None:
        queryset = queryset.filter(station=station)
    if status:
        queryset = queryset.filter(status=status)
    if tier:
        queryset = queryset.filter(tier=tier)
    text = (q or "").strip()
    if text:
        queryset = queryset.filter(
            Q(content__contains=text)
            | Q(location__contains=text)
            | Q(receipt_number=text.upper())
        )
    return queryset.order_by("-created_at", "-id")


def public_requests_for_unit(user, *, open_only: bool = False):
    """Return the requests routed to the user's units: overdue first, then by due date."""

    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    from renda.accounts.choices import Role

    from .choices import PublicRequestStatus
    from .models import PublicRequest

    scope = get_scope(user)
    if not scope.has(Role.UNIT_STAFF) or not scope.unit_ids:
        return PublicRequest.objects.none()
    today = timezone.localdate()
    queryset = PublicRequest.objects.filter(
        handling_unit_id__in=scope.unit_ids
    ).select_related("station", "handling_unit")
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


def public_requests_of_deputy(user):
    """Return the requests a deputy received or recorded, newest first."""
    from .models import PublicRequest

    scope = get_scope(user)
    if scope.deputy_id is None:
        return PublicRequest.objects.none()
    return (
        PublicRequest.objects.filter(
            Q(received_by_id=scope.deputy_id) | Q(recorded_by_id=user.pk)
        )
        .select_related("station", "handling_unit")
        .order_by("-created_at", "-id")
    )


def grassroots_unit_for(station):
    """Propose the unit a 街道/乡镇 matter goes to, with a note when it is not the usual one.

    The government of the station's 街道/乡镇 (a GOVERNMENT unit on that
    region); when none is registered, the county government above it.
    """
    from renda.units.choices import UnitKind
    from renda.units.models import HandlingUnit

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


def requests_linked_to_suggestion(suggestion):
    """Return the residents' requests that became this suggestion."""
    return suggestion.public_requests.select_related("station").order_by("id")


def mask_resident_name(name: str) -> str:
    """Mask a resident's name as 张*: the surname character and one star per other."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
