"""/api/v1/congresses: congresses, their terms and the composition of their deputies."""

from django.core.exceptions import PermissionDenied
from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.accounts.permissions import can_view_statistics
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    InvalidParameter,
    PagePagination,
)
from renda.deputies.selectors import composition_for

from .models import Term
from .schemas import (
    CompositionOut,
    CompositionQuery,
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


@router.get(
    "/{congress_id}/composition",
    response={200: CompositionOut, **DETAIL_ERRORS},
    summary="代表结构",
    description=(
        "某届在任代表的性别、民族、党派、年龄段和构成类别统计，"
        "只统计您有权查看的代表。仅常委会工作人员、班子成员和系统管理员可查看，其他角色 403。"
    ),
)
def congress_composition(
    request, query: Query[CompositionQuery], congress_id: int = CongressId
):
    if not can_view_statistics(request.auth):
        raise PermissionDenied("您无权查看代表结构统计。")
    congress = _congress(request, congress_id)
    term = None
    if query.term is not None:
        try:
            term = congress.terms.get(pk=query.term)
        except Term.DoesNotExist:
            raise InvalidParameter("term：该届不属于这个人大。", field="term") from None
    else:
        term = congress.current_term()
    if term is None:
        return {
            "congress": congress,
            "term": None,
            "on_date": query.on_date or _today(),
            "total": 0,
            "gender": [],
            "ethnicity": [],
            "minority": {"count": 0, "share": 0.0},
            "party": [],
            "age": [],
            "occupation": [],
        }
    return composition_for(
        user=request.auth, congress=congress, term=term, on_date=query.on_date
    )


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _congress(request, congress_id: int):
    return get_congress_for_user(request.auth, congress_id)
