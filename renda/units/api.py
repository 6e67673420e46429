"""/api/v1/units: handling units (承办单位)."""

from django.db.models import Q
from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, MAX_ID, READ_ERRORS, PagePagination

from .schemas import UnitOut, UnitQuery
from .selectors import get_unit_for_user, units_visible_to

router = Router()

UnitId = Path(..., ge=1, le=MAX_ID, description="承办单位编号")


@router.get(
    "",
    response={200: list[UnitOut], **READ_ERRORS},
    summary="承办单位列表",
    description=(
        "常委会工作人员和班子成员：本级及下级区划的单位；承办单位工作人员：本单位；"
        "代表：其任职人大所在区划及下级区划的单位；联络站人员：本站所在街道/乡镇"
        "及其上级区划的单位；系统管理员：全部。"
    ),
)
@paginate(PagePagination)
def unit_list(request, filters: Query[UnitQuery]):
    queryset = units_visible_to(request.auth).select_related("region")
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.region:
        queryset = queryset.filter(region__path__contains=f"/{filters.region}/")
    if filters.active_only:
        queryset = queryset.filter(is_active=True)
    text = (filters.q or "").strip()
    if text:
        queryset = queryset.filter(
            Q(name__contains=text) | Q(short_name__contains=text)
        )
    return queryset.order_by("region__code", "kind", "id")


@router.get(
    "/{unit_id}",
    response={200: UnitOut, **DETAIL_ERRORS},
    summary="承办单位详情",
    description="范围外的单位返回 404。",
)
def unit_detail(request, unit_id: int = UnitId):
    return get_unit_for_user(request.auth, unit_id)
