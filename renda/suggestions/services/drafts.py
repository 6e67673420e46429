"""Drafts a station prepares for a deputy (代拟), and throwing a draft away.

A station's chief or liaison officer prepares a draft from a resident's
request on behalf of the deputy who received it; the draft is the deputy's
(``lead_deputy``), names who prepared it, and only the deputy submits it
(``can_edit_suggestion``: the preparer is neither the deputy nor staff) or
discards it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from renda.congresses.models import Congress, Term
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.deputies.models import Deputy
from renda.regions.models import Region

from .. import events, hooks
from ..choices import TITLE_MAX_LENGTH, Category, Channel, Period
from ..models import Suggestion
from ..permissions import can_edit_suggestion, can_prepare_draft_at
from .common import (
    bad,
    check_choice,
    clean_text,
    denied,
    lock_suggestion,
    now_or,
    record_step,
)
from .intake import _check_region, _has_mandate


@transaction.atomic
def suggestion_prepare_draft(
    *,
    actor,
    station,
    congress: Congress,
    term: Term,
    lead_deputy: Deputy,
    title: str,
    body: str,
    region: Region,
    category: str = Category.OTHER,
    channel: str = Channel.VOICE,
    period: str = Period.RECESS,
    request_id: int | None = None,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Prepare a draft for ``lead_deputy`` at ``station``; tell the deputy.

    The deputy sees it among their suggestions and confirms it: edits and
    submits it, or discards it.
    """
    if not can_prepare_draft_at(actor, station):
        raise denied("只有本站站长或联络员可以为代表代拟建议。")
    if term.congress_id != congress.pk:
        raise bad("所选的届不属于该人大。", "term")
    if not _has_mandate(lead_deputy, term):
        raise bad(f"{lead_deputy.name} 不是{congress.name}本届代表。", "lead_deputy")
    title = clean_text(title, field="title", label="标题")
    if len(title) > TITLE_MAX_LENGTH:
        raise bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "title")
    body = clean_text(body, field="body", label="建议内容", max_length=None)
    check_choice(category, Category, field="category", label="类别")
    check_choice(channel, Channel, field="channel", label="渠道")
    check_choice(period, Period, field="period", label="提出时间")
    _check_region(region, congress)
    suggestion = Suggestion.objects.create(
        congress=congress,
        term=term,
        lead_deputy=lead_deputy,
        title=title,
        body=body,
        category=category,
        channel=channel,
        period=period,
        region=region,
        created_by=actor,
        prepared_by=actor,
        prepared_at_station=station,
    )
    event = events.draft_prepared_event(
        suggestion=suggestion,
        actor=actor,
        at=now_or(now),
        station=station,
        request_id=request_id,
    )
    record_step(
        event,
        actor=actor,
        summary=f"为{lead_deputy.name}代表代拟建议草稿《{title}》",
    )
    return suggestion


@transaction.atomic
def suggestion_discard_draft(
    *, suggestion: Suggestion, actor, now: dt.datetime | None = None
) -> None:
    """Throw away a draft never submitted: its lead deputy (or the staff who entered it).

    The row and its timeline go; the audit log keeps what it was.
    """
    suggestion = lock_suggestion(suggestion)
    if not can_edit_suggestion(actor, suggestion):
        raise denied("只有领衔代表本人可以放弃建议草稿。")
    transition(suggestion, "discard", action="放弃")
    hooks.run_discarded(suggestion=suggestion, actor=actor, at=now_or(now))
    action_log_record(
        actor=actor,
        action="suggestion.discard",
        target=suggestion,
        summary=f"放弃建议草稿《{suggestion.title}》",
        data={
            "title": suggestion.title,
            "lead_deputy": suggestion.lead_deputy_id,
            "prepared_by": suggestion.prepared_by_id,
        },
    )
    suggestion.delete()
