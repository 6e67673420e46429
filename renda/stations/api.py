"""/api/v1/stations: grassroots liaison stations."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, MAX_ID, READ_ERRORS, PagePagination
from renda.regions.models import Region

from .permissions import can_browse_stations
from .schemas import StationDetailOut, StationOut, StationQuery
from .selectors import get_station_for_user, station_list

router = Router()

StationId = Path(..., ge=1, le=MAX_ID, description="联络站编号")


def _require_station_access(user) -> None:
    if not can_browse_stations(user):
        raise PermissionDenied("您无权查看代表联络站。")


@router.get(
    "",
    response={200: list[StationOut], **READ_ERRORS},
    summary="代表联络站列表",
    description=(
        "您工作范围内的联络站，按区划代码排序。承办单位工作人员无权查看（403）。"
    ),
)
@paginate(PagePagination)
def station_list_endpoint(request, filters: Query[StationQuery]):
    _require_station_access(request.auth)
    region = None
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            return station_list(user=request.auth).none()
    return station_list(user=request.auth, region=region, q=filters.q)


@router.get(
    "/{station_id}",
    response={200: StationDetailOut, **DETAIL_ERRORS},
    summary="代表联络站详情",
    description="联络站及进站的代表小组。范围外的联络站返回 404。",
)
def station_detail(request, station_id: int = StationId):
    _require_station_access(request.auth)
    station = get_station_for_user(request.auth, station_id)
    station.api_groups = list(
        station.deputy_groups.select_related("congress")
        .annotate(member_count=Count("members"))
        .order_by("name", "id")
    )
    return station
