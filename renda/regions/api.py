"""/api/v1/regions: the administrative divisions (public reference data)."""

from django.http import Http404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.core.api import DETAIL_ERRORS, READ_ERRORS, PagePagination

from .models import Region
from .schemas import RegionDetailOut, RegionFilters, RegionOut

router = Router()


@router.get(
    "",
    response={200: list[RegionOut], **READ_ERRORS},
    summary="行政区划列表",
    description=(
        "按区划代码排序的扁平列表（父级先于子级），每项给出上级区划代码。"
        "行政区划是公开的参考数据，任何已登录用户都可查看全部。"
    ),
)
@paginate(PagePagination)
def region_list(request, filters: Query[RegionFilters]):
    queryset = Region.objects.select_related("parent")
    if filters.parent:
        queryset = queryset.filter(parent__code=filters.parent)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset.order_by("path")


@router.get(
    "/{code}",
    response={200: RegionDetailOut, **DETAIL_ERRORS},
    summary="行政区划详情",
    description="一个区划及其下一级区划。",
)
def region_detail(
    request,
    code: str = Path(..., max_length=12, pattern=r"^\d+$", description="区划代码"),
):
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise Http404 from None
