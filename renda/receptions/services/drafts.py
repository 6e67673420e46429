"""A station prepares a draft suggestion from a resident's request (代拟).

The chief or liaison officer of the request's station writes the draft on
behalf of a deputy who received the request, was on duty that day, or belongs
to one of the station's groups. The draft is the deputy's
(``renda.suggestions.services.suggestion_prepare_draft``); the request is
linked to it at once and is converted when the deputy submits it (the hooks
below, registered in ``apps.ready``), or unlinked when the deputy discards it.
"""

from __future__ import annotations

from django.db import transaction

from renda.core.errors import Conflict
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.suggestions.choices import Category, Channel
from renda.suggestions.hooks import register_draft_hooks
from renda.suggestions.services import suggestion_prepare_draft

from ..choices import PublicRequestStatus, RequestTier
from ..events import request_converted_event
from ..models import PublicRequest
from ..permissions import can_prepare_suggestion_draft
from ..selectors import draft_deputy_options
from .common import bad, denied, lock_request, now_or_default, require_state


@transaction.atomic
def public_request_prepare_draft(
    *,
    request: PublicRequest,
    deputy,
    title: str,
    body: str,
    category: str = Category.OTHER,
    channel: str = Channel.VOICE,
    actor,
    now=None,
):
    """Prepare a draft suggestion for ``deputy`` from a request; return the draft."""
    request = lock_request(request)
    if not can_prepare_suggestion_draft(actor, request):
        raise denied("只有本站站长或联络员可以为代表代拟建议。")
    require_state(request, "convert")
    if request.suggestion_id is not None:
        raise Conflict(
            "该诉求已代拟建议草稿，正等待代表确认；代表放弃后才能重新代拟。",
            code="receptions.draft_exists",
            field="deputy",
        )
    if channel not in (Channel.VOICE, Channel.HOTLINE):
        raise bad("代拟建议的渠道只能是《代表之声》或12345直通车。", "channel")
    if deputy is None:
        raise bad("请选择代表。", "deputy")
    options = {option.pk: option for option in draft_deputy_options(request)}
    chosen = options.get(deputy.pk)
    if chosen is None:
        raise bad(
            f"{deputy.name} 不是接待该诉求的代表，也不是本站代表小组的代表。",
            "deputy",
        )
    at = now_or_default(now)
    suggestion = suggestion_prepare_draft(
        actor=actor,
        station=request.station,
        congress=chosen.congress,
        term=chosen.term,
        lead_deputy=chosen,
        title=title,
        body=body,
        region=request.station.region,
        category=category,
        channel=channel,
        request_id=request.pk,
        now=at,
    )
    request.suggestion = suggestion
    request.save(update_fields=["suggestion", "updated_at"])
    action_log_record(
        actor=actor,
        action="public_request.draft_prepared",
        target=request,
        summary=f"为{chosen.name}代表代拟建议草稿《{suggestion.title}》",
        data={"suggestion": suggestion.pk, "deputy": chosen.pk},
    )
    return suggestion


def _draft_submitted(*, suggestion, actor, at) -> None:
    """The deputy submitted a station's draft: the request is converted into it."""
    for request in PublicRequest.objects.select_for_update(of=("self",)).filter(
        suggestion=suggestion, status=PublicRequestStatus.RECEIVED
    ):
        transition(request, "convert")
        request.tier = RequestTier.SUGGESTION
        request.routed_at = at
        request.save(update_fields=["status", "tier", "routed_at", "updated_at"])
        request_converted_event(
            request=request,
            actor=actor,
            at=at,
            suggestion=suggestion,
            channel=suggestion.channel,
        )


def _draft_discarded(*, suggestion, actor, at) -> None:
    """The deputy discarded a station's draft: the request may be drafted again."""
    for request in PublicRequest.objects.select_for_update(of=("self",)).filter(
        suggestion=suggestion
    ):
        request.suggestion = None
        request.save(update_fields=["suggestion", "updated_at"])
        action_log_record(
            actor=actor,
            action="public_request.draft_discarded",
            target=request,
            summary=f"代表放弃了代拟的建议草稿《{suggestion.title}》",
            data={"suggestion": suggestion.pk},
        )


def register() -> None:
    """Hook the request's steps to the draft's (called once from ``apps.ready``)."""
    register_draft_hooks(on_submitted=_draft_submitted, on_discarded=_draft_discarded)
