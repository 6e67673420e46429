"""Residents' requests handled (分级处理): routed, converted, answered, told, closed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from renda.core.errors import Conflict, InvalidTransition
from renda.core.state import transition
from renda.legal_calendar.calendar import due_date
from renda.suggestions.choices import Category, Channel, Period
from renda.suggestions.services import suggestion_create_draft, suggestion_submit

from .. import rules
from ..choices import PUBLIC_TEXT_MAX_LENGTH, RequestTier
from ..events import (
    request_answered_event,
    request_closed_event,
    request_converted_event,
    request_resident_told_event,
    request_routed_event,
)
from ..models import PublicRequest
from ..notices import (
    request_answered_notice,
    request_routed_notice,
    schedule_notice,
)
from ..permissions import (
    can_answer_routed_request,
    can_convert_request,
    can_work_station_requests,
)
from ..selectors import congress_for_conversion, grassroots_unit_for
from .common import (
    TITLE_MAX_CHARS,
    bad,
    checked_text,
    denied,
    lock_request,
    now_or_default,
    require_state,
    user_or_none,
)


@transaction.atomic
def public_request_route_grassroots(
    *, request: PublicRequest, unit, actor, now=None
) -> PublicRequest:
    """Route a 街道/乡镇 matter to that government as the handling unit, with a deadline."""
    request = lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以转办诉求。")
    require_state(request, "route")
    proposed, note = grassroots_unit_for(request.station)
    if unit is None:
        raise bad("请选择办理单位。", "unit")
    if proposed is None or unit.pk != proposed.pk:
        expected = proposed.name if proposed else "（尚未登记）"
        raise bad(
            f"街道/乡镇事项应转{request.station.region.name}的人民政府办理，应为：{expected}。",
            "unit",
        )
    at = now_or_default(now)
    due = due_date(timezone.localdate(at), days=rules.public_request_reply_days())
    transition(request, "route")
    request.tier = RequestTier.GRASSROOTS
    request.handling_unit = unit
    request.routed_at = at
    request.due_at = due.due
    request.due_provisional = due.provisional
    request.save(
        update_fields=[
            "status",
            "tier",
            "handling_unit",
            "routed_at",
            "due_at",
            "due_provisional",
            "updated_at",
        ]
    )
    request_routed_event(
        request=request, actor=actor, at=at, unit=unit, due_at=due.due, note=note
    )
    schedule_notice(request_routed_notice, request, actor)
    return request


@transaction.atomic
def public_request_convert_to_suggestion(
    *, request: PublicRequest, channel=None, category=None, actor, now=None
) -> PublicRequest:
    """Turn a county-level (or higher) matter into the receiving deputy's suggestion."""
    request = lock_request(request)
    congress, term = congress_for_conversion(request)
    if not can_convert_request(actor, request, congress):
        raise denied("只有接待代表本人或常委会工作人员可以将诉求转为代表建议。")
    require_state(request, "convert")
    if request.suggestion_id is not None:
        raise Conflict(
            "联络站已为代表代拟了建议草稿，正等待代表确认，不能再转为另一件建议。",
            code="receptions.draft_exists",
        )
    channel = channel or Channel.VOICE
    if channel not in (Channel.VOICE, Channel.HOTLINE):
        raise bad("转为代表建议的渠道只能是《代表之声》或12345直通车。", "channel")
    category = category or Category.OTHER
    if category not in Category.values:
        raise bad("类别无效，请从列表中选择。", "category")
    if request.received_by is None:
        raise bad(
            "该诉求没有接待代表，不能转为代表建议：代表建议须由代表领衔。",
            "received_by",
        )
    if congress is None or term is None:
        raise bad("找不到该诉求所在地区的人大，不能转为代表建议。", "congress")
    at = now_or_default(now)
    first_line = request.content.strip().splitlines()[0] if request.content else ""
    title = first_line[:TITLE_MAX_CHARS] or "群众诉求"
    if len(first_line) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1] + "…"
    body = request.content
    if request.location:
        body += f"\n\n涉及地点：{request.location}"
    body += (
        f"\n\n（来自{request.station.name}群众诉求，回执编号 {request.receipt_number}）"
    )
    suggestion = suggestion_create_draft(
        actor=actor,
        congress=congress,
        term=term,
        lead_deputy=request.received_by,
        title=title,
        region=request.station.region,
        body=body,
        category=category,
        channel=channel,
        period=Period.RECESS,
        now=at,
    )
    suggestion = suggestion_submit(suggestion=suggestion, actor=actor, now=at)
    transition(request, "convert")
    request.tier = RequestTier.SUGGESTION
    request.suggestion = suggestion
    request.routed_at = at
    request.save(
        update_fields=["status", "tier", "suggestion", "routed_at", "updated_at"]
    )
    request_converted_event(
        request=request, actor=actor, at=at, suggestion=suggestion, channel=channel
    )
    return request


# Residents' requests: answers and closing ---------------------------------------------


def _answer_text(answer) -> str:
    return checked_text(
        answer,
        field="answer",
        label="答复内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        multiline=True,
    )


@transaction.atomic
def public_request_answer_on_the_spot(
    *, request: PublicRequest, answer, actor, now=None
) -> PublicRequest:
    """Answer a request on the spot: the resident is told there, and it is closed."""
    request = lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以当场答复诉求。")
    require_state(request, "answer_on_the_spot")
    answer = _answer_text(answer)
    at = now_or_default(now)
    # Answered, told and closed in one step: the resident is told there.
    transition(request, "answer_on_the_spot")
    request.tier = RequestTier.ON_THE_SPOT
    request.answer = answer
    request.answered_at = at
    request.answered_by = user_or_none(actor)
    request.resident_told_at = at
    request.closed_at = at
    request.save(
        update_fields=[
            "status",
            "tier",
            "answer",
            "answered_at",
            "answered_by",
            "resident_told_at",
            "closed_at",
            "updated_at",
        ]
    )
    request_answered_event(request=request, actor=actor, at=at, on_the_spot=True)
    request_resident_told_event(request=request, actor=actor, at=at, in_person=True)
    request_closed_event(request=request, actor=actor, at=at)
    return request


@transaction.atomic
def public_request_answer(
    *, request: PublicRequest, answer, actor, now=None
) -> PublicRequest:
    """Record the routed unit's answer to a request."""
    request = lock_request(request)
    if not can_answer_routed_request(actor, request):
        raise denied("只有承办该诉求的单位可以答复。")
    require_state(request, "answer")
    answer = _answer_text(answer)
    at = now_or_default(now)
    transition(request, "answer")
    request.answer = answer
    request.answered_at = at
    request.answered_by = user_or_none(actor)
    request.save(
        update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"]
    )
    overdue = request.due_at is not None and timezone.localdate(at) > request.due_at
    request_answered_event(
        request=request, actor=actor, at=at, on_the_spot=False, overdue=overdue
    )
    schedule_notice(request_answered_notice, request, actor)
    return request


@transaction.atomic
def public_request_tell_resident(
    *, request: PublicRequest, actor, now=None
) -> PublicRequest:
    """Record that the resident was told the outcome (answer, or the suggestion)."""
    request = lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以登记告知群众。")
    require_state(request, "tell")
    if request.resident_told_at is not None:
        raise InvalidTransition("已登记过告知群众。", code="stations.invalid_state")
    at = now_or_default(now)
    request.resident_told_at = at
    request.save(update_fields=["resident_told_at", "updated_at"])
    request_resident_told_event(request=request, actor=actor, at=at)
    return request


@transaction.atomic
def public_request_close(*, request: PublicRequest, actor, now=None) -> PublicRequest:
    """Close a request once the resident has been told the outcome."""
    request = lock_request(request)
    if not can_work_station_requests(actor, request.station):
        raise denied("只有本站站长、联络员或常委会工作人员可以办结诉求。")
    require_state(request, "close")
    if request.resident_told_at is None:
        raise InvalidTransition(
            "请先告知群众办理结果，再办结。", code="stations.not_told"
        )
    at = now_or_default(now)
    transition(request, "close")
    request.closed_at = at
    request.save(update_fields=["status", "closed_at", "updated_at"])
    request_closed_event(request=request, actor=actor, at=at)
    return request
