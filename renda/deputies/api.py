"""/api/v1/deputies and /api/v1/groups: deputies, their mandates, deputy groups.

The list takes the same filters as the deputy list page (``DeputyFilters``);
phone numbers are always masked in the API.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from renda.congresses.api import CongressId
from renda.congresses.models import Term
from renda.congresses.schemas import CompositionOut, CompositionQuery
from renda.congresses.selectors import get_congress_for_user
from renda.core.api import (
    DETAIL_ERRORS,
    MAX_ID,
    READ_ERRORS,
    InvalidParameter,
    PagePagination,
)

from .models import Mandate
from .permissions import can_browse_deputies, can_view_statistics
from .schemas import (
    DeputyDetailOut,
    DeputyOut,
    DeputyQuery,
    GroupDetailOut,
    GroupOut,
    GroupQuery,
    MandateOut,
)
from .selectors import (
    DeputyFilters,
    composition_for,
    deputies_visible_to,
    deputy_list,
    get_deputy_for_user,
    get_group_for_user,
    groups_visible_to,
)

router = Router()
group_router = Router()

DeputyId = Path(..., ge=1, le=MAX_ID, description="代表编号")
GroupId = Path(..., ge=1, le=MAX_ID, description="代表小组编号")
NO_DEPUTY_ACCESS = "您无权查看人大代表信息。"


def _require_deputy_access(user) -> None:
    if not can_browse_deputies(user):
        raise PermissionDenied(NO_DEPUTY_ACCESS)


def _mandates(deputy):
    return (
        Mandate.objects.filter(deputy=deputy)
        .select_related(
            "term__congress", "delegation", "electoral_unit", "constituency"
        )
        .order_by("-start_date", "-id")
    )


def _groups(queryset):
    return queryset.select_related("congress", "station", "leader").order_by(
        "congress__region__code", "name", "id"
    )


@router.get(
    "",
    response={200: list[DeputyOut], **READ_ERRORS},
    summary="人大代表列表",
    description=(
        "与代表名册页面相同的筛选条件；只列您工作范围内的代表。手机号码已脱敏。"
        "承办单位工作人员无权查看（403）。"
    ),
)
@paginate(PagePagination)
def deputy_list_endpoint(request, filters: Query[DeputyQuery]):
    _require_deputy_access(request.auth)
    data = filters.dict()
    data["order"] = filters.order.value
    for name in ("level", "party", "gender", "occupation_category"):
        if data[name] is not None:
            data[name] = str(getattr(filters, name).value)
    return deputy_list(user=request.auth, filters=DeputyFilters(**data))


@router.get(
    "/{deputy_id}",
    response={200: DeputyDetailOut, **DETAIL_ERRORS},
    summary="人大代表详情",
    description="代表的基本信息、代表资格和所在代表小组。范围外的代表返回 404。",
)
def deputy_detail(request, deputy_id: int = DeputyId):
    _require_deputy_access(request.auth)
    deputy = get_deputy_for_user(request.auth, deputy_id)
    deputy.api_mandates = list(_mandates(deputy))
    deputy.api_groups = list(
        _groups(groups_visible_to(request.auth).filter(members=deputy))
    )
    return deputy


@router.get(
    "/{deputy_id}/mandates",
    response={200: list[MandateOut], **DETAIL_ERRORS},
    summary="代表资格",
    description="代表在各级人大各届的代表资格，新的在前。",
)
@paginate(PagePagination)
def deputy_mandates(request, deputy_id: int = DeputyId):
    _require_deputy_access(request.auth)
    deputy = get_deputy_for_user(request.auth, deputy_id)
    return _mandates(deputy)


@group_router.get(
    "",
    response={200: list[GroupOut], **READ_ERRORS},
    summary="代表小组列表",
    description="您工作范围内的代表小组。承办单位工作人员无权查看（403）。",
)
@paginate(PagePagination)
def group_list(request, filters: Query[GroupQuery]):
    _require_deputy_access(request.auth)
    queryset = groups_visible_to(request.auth)
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.station:
        queryset = queryset.filter(station_id=filters.station)
    if filters.q and filters.q.strip():
        queryset = queryset.filter(name__contains=filters.q.strip())
    return _groups(queryset)


@group_router.get(
    "/{group_id}",
    response={200: GroupDetailOut, **DETAIL_ERRORS},
    summary="代表小组详情",
    description="小组及其成员（按姓氏笔画排序，手机号码已脱敏）。",
)
def group_detail(request, group_id: int = GroupId):
    _require_deputy_access(request.auth)
    group = get_group_for_user(request.auth, group_id)
    group.api_members = list(
        deputies_visible_to(request.auth)
        .filter(deputy_groups=group)
        .order_by("stroke_key", "id")
    )
    return group


# The composition of a congress's deputies, under /congresses (config/api.py).

congress_router = Router()


@congress_router.get(
    "/{congress_id}/composition",
    response={200: CompositionOut, **DETAIL_ERRORS},
    summary="代表结构",
    description=(
        "某届在任代表的性别、民族、党派、年龄段和构成类别统计，"
        "只统计您有权查看的代表。仅常委会工作人员、班子成员和系统管理员可查看，其他角色 403。"
    ),
    # The id it had when the endpoint lived in the congresses app.
    operation_id="renda_congresses_api_congress_composition",
)
def congress_composition(
    request, query: Query[CompositionQuery], congress_id: int = CongressId
):
    if not can_view_statistics(request.auth):
        raise PermissionDenied("您无权查看代表结构统计。")
    congress = get_congress_for_user(request.auth, congress_id)
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
            "on_date": query.on_date or timezone.localdate(),
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
