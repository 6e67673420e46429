"""/api/v1/congresses: congresses and their terms.

The composition of a congress's deputies (``/{congress_id}/composition``) is
served by ``renda.deputies.api.congress_router`` under the same prefix.
"""

from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    PagePagination,
)

from .schemas import (
    CongressDetailOut,
    CongressFilters,
    CongressOut,
    TermOut,
)
from .selectors import congresses_visible_to, get_congress_for_user

router = Router()

CongressId = Path(..., ge=1, le=MAX_ID, description="人大编号")


@router.get(
    "",
    response={200: list[CongressOut], **READ_ERRORS},
    summary="人大列表",
    description=(
        "您工作范围内的人大：常委会工作人员和班子成员为本级及下级人大，"
        "代表为其任职的人大，联络站人员为本站代表小组所属的人大。"
    ),
)
@paginate(PagePagination)
def congress_list(request, filters: Query[CongressFilters]):
    queryset = congresses_visible_to(request.auth).select_related("region")
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.region:
        queryset = queryset.filter(region__path__contains=f"/{filters.region}/")
    return queryset.order_by("region__path")


@router.get(
    "/{congress_id}",
    response={200: CongressDetailOut, **DETAIL_ERRORS},
    summary="人大详情",
    description="一个人大及其各届。范围外的人大返回 404。",
)
def congress_detail(request, congress_id: int = CongressId):
    return _congress(request, congress_id)


@router.get(
    "/{congress_id}/terms",
    response={200: list[TermOut], **DETAIL_ERRORS},
    summary="人大的届次",
    description="新届在前。",
)
@paginate(PagePagination)
def congress_terms(request, congress_id: int = CongressId):
    congress = _congress(request, congress_id)
    return congress.terms.select_related("congress").order_by("-number")


def _congress(request, congress_id: int):
    return get_congress_for_user(request.auth, congress_id)
