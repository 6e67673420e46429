"""The suggestions themselves: list, draft, detail, edit, submit, and the
staff's review (accept, return, reject, route, assign, merge, mark key).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from ninja import Query, Status
from ninja.pagination import paginate

from renda.accounts.permissions import get_scope
from renda.congresses.models import CommitteeMember, Congress, Term
from renda.congresses.selectors import congresses_visible_to
from renda.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    InvalidParameter,
    PagePagination,
)
from renda.core.errors import ApplicationError
from renda.core.idempotency import first_result
from renda.deputies.models import Deputy
from renda.deputies.selectors import deputies_visible_to
from renda.meetings.models import CommitteeMeeting
from renda.regions.models import Region
from renda.units.selectors import units_visible_to

from .. import services
from ..models import Suggestion
from ..permissions import (
    can_draft_any,
    can_draft_for,
    can_edit_suggestion,
    can_mark_key,
    can_review_suggestion,
)
from ..routing import propose_units, routing_proposal
from ..selectors import (
    SuggestionFilters,
    get_suggestion_for_user,
    suggestion_list,
    suggestions_visible_to,
)
from .common import (
    CREATE_ERRORS,
    NO_ROUTING,
    WRITE_ERRORS,
    IdempotencyKeyHeader,
    SuggestionId,
    _detail,
    router,
)
from .schemas import (
    AssignIn,
    DiscardedOut,
    MarkKeyIn,
    MergeIn,
    ReasonIn,
    RoutingOut,
    SuggestionCreateIn,
    SuggestionDetailOut,
    SuggestionOut,
    SuggestionQuery,
    SuggestionUpdateIn,
)

# Input lookups (unknown ids are a 422 naming the field) --------------------------


def _congress(user, pk: int) -> Congress:
    # Unknown and out-of-scope ids get the same answer: ids cannot be probed.
    congress = (
        congresses_visible_to(user).select_related("region").filter(pk=pk).first()
    )
    if congress is None:
        raise InvalidParameter("该人大不存在或不在您的工作范围内。", field="congress")
    return congress


def _term(congress: Congress, pk: int | None) -> Term:
    if pk is None:
        term = congress.terms.order_by("-number").first()
        if term is None:
            raise InvalidParameter("该人大尚未设立届次。", field="term")
        return term
    term = Term.objects.filter(pk=pk).first()
    if term is None:
        raise InvalidParameter("所选的届不存在。", field="term")
    return term


def _lead_deputy(user, pk: int | None) -> Deputy:
    if pk is None:
        pk = get_scope(user).deputy_id
        if pk is None:
            raise InvalidParameter("请指定领衔代表。", field="lead_deputy")
    deputy = deputies_visible_to(user).filter(pk=pk).first()
    if deputy is None:
        raise InvalidParameter(
            "领衔代表不存在或不在您的工作范围内。", field="lead_deputy"
        )
    return deputy


def _cosigners(ids: list[int], term: Term) -> list[Deputy]:
    # Only deputies of the term are named back: an id outside it reveals nothing.
    found = {
        deputy.pk: deputy
        for deputy in Deputy.objects.filter(
            pk__in=ids, mandates__term=term, mandates__end_date__isnull=True
        ).distinct()
    }
    for position, pk in enumerate(ids, start=1):
        if pk not in found:
            raise InvalidParameter(
                f"第 {position} 个附议代表（编号 {pk}）不是本届在任代表。",
                field="cosigners",
            )
    return [found[pk] for pk in ids]


def _region(code: str | None, congress: Congress) -> Region:
    if code is None:
        return congress.region
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise InvalidParameter(f"区划代码 {code} 不存在。", field="region")
    return region


def _first_submitted(user, key: str | None) -> Suggestion | None:
    """Return the suggestion an earlier submit with this key made, or None."""
    return first_result(
        actor=user, scope=services.SCOPE_SUBMIT, key=key, model=Suggestion
    )


# Suggestions --------------------------------------------------------------------


@router.get(
    "",
    response={200: list[SuggestionOut], **READ_ERRORS},
    summary="代表建议列表",
    description=(
        "您有权查看的代表建议：代表看到本人领衔、附议的；承办单位看到交本单位办理的；"
        "工作人员看到本级人大已提交的（及本人录入的草稿）；领导看到本级人大已提交的和"
        "本人督办的。每行带办理状态、办理期限和是否超期。按提交时间倒序（草稿在前），"
        "或按 order=created 起草时间倒序。"
    ),
)
@paginate(PagePagination)
def suggestion_list_endpoint(request, filters: Query[SuggestionQuery]):
    return suggestion_list(
        user=request.auth, filters=SuggestionFilters.from_values(filters.dict())
    )


@router.post(
    "",
    response={201: SuggestionDetailOut, **CREATE_ERRORS},
    summary="起草代表建议",
    description=(
        "保存一件建议草稿（代表以本人名义，或工作人员代为录入）。submit=true 时保存后"
        "立即提交；此时带 Idempotency-Key 头的重试返回第一次提交的建议，不会重复创建。"
    ),
)
def suggestion_create(
    request,
    payload: SuggestionCreateIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    user = request.auth
    key = (idempotency_key or None) if payload.submit else None
    first = _first_submitted(user, key)
    if first is not None:
        return Status(201, _detail(user, first.pk))
    if not can_draft_any(user):
        raise PermissionDenied("只有人大代表和常委会工作人员可以起草建议。")
    congress = _congress(user, payload.congress)
    term = _term(congress, payload.term)
    lead_deputy = _lead_deputy(user, payload.lead_deputy)
    if not can_draft_for(user, lead_deputy, congress):
        # Before the cosigners' lookup: a refused user learns nothing about them.
        raise PermissionDenied("只能以本人名义起草建议。")
    fields = {
        "congress": congress,
        "term": term,
        "lead_deputy": lead_deputy,
        "title": payload.title,
        "body": payload.body,
        "category": payload.category.value,
        "channel": payload.channel.value,
        "period": payload.period.value,
        "region": _region(payload.region, congress),
        "cosigners": _cosigners(payload.cosigners, term),
        "hotline_consent": payload.hotline_consent,
    }
    try:
        with transaction.atomic():
            suggestion = services.suggestion_create_draft(actor=user, **fields)
            if payload.submit:
                services.suggestion_submit(
                    suggestion=suggestion, actor=user, idempotency_key=key
                )
    except IntegrityError:
        # Two retries with one key raced: the other one's suggestion stands.
        first = _first_submitted(user, key)
        if first is None:
            raise
        suggestion = first
    return Status(201, _detail(user, suggestion.pk))


@router.get(
    "/{suggestion_id}",
    response={200: SuggestionDetailOut, **DETAIL_ERRORS},
    summary="代表建议详情",
    description=(
        "建议的内容、附议代表、交办情况（含延期申请）、答复及测评、办理记录（时间线），"
        "以及您现在可以做的操作。范围外的建议 404。"
    ),
)
def suggestion_detail(request, suggestion_id: int = SuggestionId):
    return _detail(request.auth, suggestion_id)


@router.patch(
    "/{suggestion_id}",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="修改建议草稿",
    description="修改草稿或退回补充的建议，只改请求中给出的字段。领衔代表或录入人可用。",
)
def suggestion_update(
    request, payload: SuggestionUpdateIn, suggestion_id: int = SuggestionId
):
    user = request.auth
    suggestion = get_suggestion_for_user(user, suggestion_id)
    data = payload.dict(exclude_unset=True)
    fields = {}
    for name in ("title", "body", "category", "channel", "period"):
        if name in data:
            value = data[name]
            fields[name] = getattr(value, "value", value)
    if "region" in data:
        fields["region"] = _region(data["region"], suggestion.congress)
    if not can_edit_suggestion(user, suggestion):
        # Before the cosigners' lookup: a refused user learns nothing about them.
        raise PermissionDenied("只有领衔代表或录入人可以修改建议。")
    if "cosigners" in data:
        fields["cosigners"] = _cosigners(data["cosigners"], suggestion.term)
    if data.get("hotline_consent") is not None:
        fields["hotline_consent"] = data["hotline_consent"]
    services.suggestion_update_draft(suggestion=suggestion, actor=user, **fields)
    return _detail(user, suggestion.pk)


@router.post(
    "/{suggestion_id}/discard",
    response={200: DiscardedOut, **WRITE_ERRORS},
    summary="放弃建议草稿",
    description=(
        "删除从未提交的草稿（含联络站代拟、待代表确认的草稿），不能恢复。"
        "领衔代表（或录入草稿的工作人员）可用；已提交的建议 409。"
    ),
)
def suggestion_discard(request, suggestion_id: int = SuggestionId):
    user = request.auth
    suggestion = get_suggestion_for_user(user, suggestion_id)
    services.suggestion_discard_draft(suggestion=suggestion, actor=user)
    return {"suggestion_id": suggestion_id, "discarded": True}


@router.post(
    "/{suggestion_id}/submit",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="提交代表建议",
    description=(
        "提交草稿，或补充后重新提交退回的建议。带 Idempotency-Key 头的重试返回"
        "第一次的结果，不会重复提交；同一个键用于另一件建议 409。"
    ),
)
def suggestion_submit(
    request,
    suggestion_id: int = SuggestionId,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    services.suggestion_submit(
        suggestion=suggestion,
        actor=request.auth,
        idempotency_key=idempotency_key or None,
    )
    return _detail(request.auth, suggestion.pk)


@router.post(
    "/{suggestion_id}/accept",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="审查立案",
    description="本级人大常委会工作机构对已提交的建议立案。",
)
def suggestion_accept(request, suggestion_id: int = SuggestionId):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    services.suggestion_accept(suggestion=suggestion, actor=request.auth)
    return _detail(request.auth, suggestion.pk)


@router.post(
    "/{suggestion_id}/return",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="退回补充",
    description="把已提交的建议退回代表补充完善，须写明说明。",
)
def suggestion_return(request, payload: ReasonIn, suggestion_id: int = SuggestionId):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    services.suggestion_return_for_clarification(
        suggestion=suggestion, reason=payload.reason, actor=request.auth
    )
    return _detail(request.auth, suggestion.pk)


@router.post(
    "/{suggestion_id}/reject",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="不予立案",
    description="不予立案，须写明理由；建议转为来信处理，代表仍可查看。",
)
def suggestion_reject(request, payload: ReasonIn, suggestion_id: int = SuggestionId):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    services.suggestion_reject(
        suggestion=suggestion, reason=payload.reason, actor=request.auth
    )
    return _detail(request.auth, suggestion.pk)


@router.get(
    "/{suggestion_id}/routing",
    response={200: RoutingOut, **DETAIL_ERRORS},
    summary="建议的承办单位",
    description=(
        "分级处理：街道、乡镇事项建议交该街道、乡镇政府；县级以上事项按类别建议本级"
        "政府部门；建议中点名的单位优先作为主办推荐；另列办理过相似建议的单位。"
        "每个推荐单位附理由。仅供交办时参考。工作机构可用。"
    ),
)
def suggestion_routing(request, suggestion_id: int = SuggestionId):
    suggestion = get_suggestion_for_user(request.auth, suggestion_id)
    if not can_review_suggestion(request.auth, suggestion):
        raise PermissionDenied(NO_ROUTING)
    units = propose_units(suggestion=suggestion)
    proposals = routing_proposal(suggestion=suggestion)
    return {
        "suggestion_id": suggestion.pk,
        "units": [{"id": unit.pk, "name": unit.name} for unit in units],
        "proposals": [
            {
                "id": proposal.unit.pk,
                "name": proposal.unit.name,
                "reasons": proposal.reasons,
                "details": proposal.details,
                "role": proposal.role,
            }
            for proposal in proposals
        ],
    }


@router.post(
    "/{suggestion_id}/assign",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="交办",
    description=(
        "把已立案的建议交承办单位办理：主办、会办或分办，至少一个主办或分办单位；"
        "各单位的办理期限按渠道计算。两位工作人员同时交办时，后到的一方 409"
        "（suggestions.already_assigned），不会重复交办。"
    ),
)
def suggestion_assign(request, payload: AssignIn, suggestion_id: int = SuggestionId):
    user = request.auth
    suggestion = get_suggestion_for_user(user, suggestion_id)
    if not can_review_suggestion(user, suggestion):
        # Before the units' lookup: a refused user learns nothing about them.
        raise PermissionDenied("您没有权限办理此事项。")
    ids = [item.unit for item in payload.units]
    found = units_visible_to(user).in_bulk(ids)
    units = []
    for position, item in enumerate(payload.units, start=1):
        unit = found.get(item.unit)
        if unit is None:
            raise InvalidParameter(
                f"第 {position} 个承办单位（编号 {item.unit}）不存在或不在您的工作范围内。",
                field="units",
            )
        units.append((unit, item.role.value))
    services.suggestion_assign(suggestion=suggestion, units=units, actor=user)
    return _detail(user, suggestion.pk)


@router.post(
    "/{suggestion_id}/merge",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="并案",
    description=(
        "把内容相近的其他建议并入本建议（主建议）一并办理；并入的建议随主建议办理，"
        "各位代表都能看到答复。"
    ),
)
def suggestion_merge(request, payload: MergeIn, suggestion_id: int = SuggestionId):
    user = request.auth
    primary = get_suggestion_for_user(user, suggestion_id)
    if not can_review_suggestion(user, primary):
        raise PermissionDenied("您没有权限办理此事项。")
    found = suggestions_visible_to(user).in_bulk(payload.others)
    others = []
    for position, pk in enumerate(payload.others, start=1):
        if pk not in found:
            raise InvalidParameter(
                f"第 {position} 件要并入的建议（编号 {pk}）不存在或您无权查看。",
                field="others",
            )
        others.append(found[pk])
    services.suggestion_merge(primary=primary, others=others, actor=user)
    return _detail(user, primary.pk)


@router.post(
    "/{suggestion_id}/mark-key",
    response={200: SuggestionDetailOut, **WRITE_ERRORS},
    summary="确定为重点建议",
    description=(
        "确定为重点建议，并指定督办的常委会班子成员（主任、副主任、秘书长）；"
        "工作机构或领导可用。该建议会出现在督办领导的页面上。"
    ),
)
def suggestion_mark_key(request, payload: MarkKeyIn, suggestion_id: int = SuggestionId):
    user = request.auth
    suggestion = get_suggestion_for_user(user, suggestion_id)
    if not can_mark_key(user, suggestion):
        raise PermissionDenied("您没有权限办理此事项。")
    overseer = (
        CommitteeMember.objects.select_related("standing_committee__term", "deputy")
        .filter(pk=payload.overseer)
        .first()
    )
    if overseer is None:
        raise InvalidParameter("督办领导不存在。", field="overseer")
    chairpersons_meeting = None
    if payload.chairpersons_meeting_id is not None:
        chairpersons_meeting = (
            CommitteeMeeting.objects.select_related("standing_committee__term")
            .filter(pk=payload.chairpersons_meeting_id)
            .first()
        )
        if chairpersons_meeting is None:
            raise InvalidParameter(
                "所选主任会议不存在。", field="chairpersons_meeting_id"
            )
    try:
        services.suggestion_mark_key(
            suggestion=suggestion,
            overseer=overseer,
            source=payload.source.value,
            chairpersons_meeting=chairpersons_meeting,
            actor=user,
        )
    except ApplicationError as error:
        # The service names the model's field; the request names it overseer.
        if error.field == "oversight":
            error.field = "overseer"
        raise
    return _detail(user, suggestion.pk)
