"""Intake: drafts, submitting, and staff's review (accept, return to clarify, reject)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from renda.congresses.models import Congress, Term
from renda.core.errors import (
    Conflict,
)
from renda.core.idempotency import run_once
from renda.core.services import action_log_record
from renda.core.state import transition
from renda.deputies.models import Deputy, Mandate
from renda.regions.models import Region

from .. import events, hooks
from ..choices import (
    TITLE_MAX_LENGTH,
    Category,
    Channel,
    Period,
    SuggestionStatus,
)
from ..models import (
    Suggestion,
)
from ..permissions import (
    can_draft_for,
    can_draft_for_partner,
    can_edit_suggestion,
    can_review_suggestion,
    can_submit_for_partner,
)
from ..stats_rows import refresh_suggestion
from .common import (
    bad,
    check_choice,
    clean_text,
    denied,
    lock_suggestion,
    now_or,
    record_step,
)

DRAFT_FIELDS = ("title", "body", "category", "channel", "period", "region", "cosigners")
SCOPE_SUBMIT = "suggestion.submit"


# Drafts --------------------------------------------------------------------------


def _has_mandate(deputy: Deputy, term: Term) -> bool:
    return Mandate.objects.filter(
        deputy=deputy, term=term, end_date__isnull=True
    ).exists()


def _clean_cosigners(
    cosigners: Iterable[Deputy], *, lead_deputy: Deputy, term: Term
) -> list[Deputy]:
    cleaned: list[Deputy] = []
    seen: set[int] = set()
    for deputy in cosigners:
        if deputy.pk == lead_deputy.pk:
            raise bad(f"领衔代表 {deputy.name} 不必再作为附议代表。", "cosigners")
        if deputy.pk in seen:
            raise bad(f"附议代表 {deputy.name} 重复。", "cosigners")
        if not _has_mandate(deputy, term):
            raise bad(f"附议代表 {deputy.name} 不是本届代表。", "cosigners")
        seen.add(deputy.pk)
        cleaned.append(deputy)
    return cleaned


def _check_region(region: Region, congress: Congress) -> None:
    if not region.path.startswith(congress.region.path):
        raise bad(f"涉及地区“{region.name}”不在{congress.name}的行政区域内。", "region")


@transaction.atomic
def suggestion_create_draft(
    *,
    actor,
    congress: Congress,
    term: Term,
    lead_deputy: Deputy,
    title: str,
    region: Region,
    body: str = "",
    category: str = Category.OTHER,
    channel: str = Channel.FORMAL,
    period: str = Period.RECESS,
    cosigners: Sequence[Deputy] = (),
    hotline_consent: bool = False,
    on_behalf_of_partner: bool = False,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Save a new draft suggestion; it is visible only to its author until submitted.

    ``hotline_consent``: the lead deputy agrees that their name and phone go to
    the 12345 hotline with a HOTLINE item (ignored for other channels).
    ``on_behalf_of_partner``: the actor is a 12345 partner system's service
    account recording a HOTLINE item for a deputy of its congress
    (``can_draft_for_partner``); it holds no staff role.
    """
    if on_behalf_of_partner:
        if channel != Channel.HOTLINE or not can_draft_for_partner(actor, congress):
            raise denied(
                "只有本级人大的12345直通车合作方系统可以转入代表的直通车事项。"
            )
    elif not can_draft_for(actor, lead_deputy, congress):
        raise denied("只能以本人名义起草建议。")
    if term.congress_id != congress.pk:
        raise bad("所选的届不属于该人大。", "term")
    if not _has_mandate(lead_deputy, term):
        raise bad(f"领衔代表 {lead_deputy.name} 不是本届代表。", "lead_deputy")
    title = clean_text(title, field="title", label="标题")
    if len(title) > TITLE_MAX_LENGTH:
        raise bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "title")
    check_choice(category, Category, field="category", label="类别")
    check_choice(channel, Channel, field="channel", label="渠道")
    check_choice(period, Period, field="period", label="提出时间")
    _check_region(region, congress)
    cleaned = _clean_cosigners(cosigners, lead_deputy=lead_deputy, term=term)
    suggestion = Suggestion.objects.create(
        congress=congress,
        term=term,
        lead_deputy=lead_deputy,
        title=title,
        body=(body or "").strip(),
        category=category,
        channel=channel,
        period=period,
        region=region,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        hotline_consent_at=(
            now_or(now) if hotline_consent and channel == Channel.HOTLINE else None
        ),
    )
    suggestion.cosigners.set(cleaned)
    event = events.draft_created_event(
        suggestion=suggestion, actor=actor, at=now_or(now)
    )
    record_step(event, actor=actor, summary=f"保存建议草稿《{title}》")
    return suggestion


@transaction.atomic
def suggestion_update_draft(*, suggestion: Suggestion, actor, **fields) -> Suggestion:
    """Change a draft (or an item returned for clarification); only given fields.

    ``hotline_consent`` (True/False) gives or takes back the 12345 consent.
    """
    consent = fields.pop("hotline_consent", None)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown suggestion fields: {sorted(unknown)}")
    suggestion = lock_suggestion(suggestion)
    if not can_edit_suggestion(actor, suggestion):
        raise denied("只有领衔代表或录入人可以修改建议。")
    transition(suggestion, "edit", action="修改")
    if "title" in fields:
        fields["title"] = clean_text(fields["title"], field="title", label="标题")
        if len(fields["title"]) > TITLE_MAX_LENGTH:
            raise bad(f"标题不能超过 {TITLE_MAX_LENGTH} 个字。", "title")
    if "body" in fields:
        fields["body"] = (fields["body"] or "").strip()
    if "category" in fields:
        check_choice(fields["category"], Category, field="category", label="类别")
    if "channel" in fields:
        check_choice(fields["channel"], Channel, field="channel", label="渠道")
    if "period" in fields:
        check_choice(fields["period"], Period, field="period", label="提出时间")
    if "region" in fields:
        _check_region(fields["region"], suggestion.congress)
    cosigners = fields.pop("cosigners", None)
    if consent is not None:
        hotline = fields.get("channel", suggestion.channel) == Channel.HOTLINE
        if not (consent and hotline):
            fields["hotline_consent_at"] = None
        elif suggestion.hotline_consent_at is None:
            fields["hotline_consent_at"] = timezone.now()
    changed = [
        key for key, value in fields.items() if getattr(suggestion, key) != value
    ]
    for key in changed:
        setattr(suggestion, key, fields[key])
    if changed:
        suggestion.save(update_fields=[*changed, "updated_at"])
    if cosigners is not None:
        cleaned = _clean_cosigners(
            cosigners, lead_deputy=suggestion.lead_deputy, term=suggestion.term
        )
        suggestion.cosigners.set(cleaned)
        changed.append("cosigners")
    if changed:
        action_log_record(
            actor=actor,
            action="suggestion.update_draft",
            target=suggestion,
            summary=f"修改建议草稿《{suggestion.title}》",
            data={"fields": sorted(changed)},
        )
        if suggestion.status != SuggestionStatus.DRAFT:
            # An item returned for clarification already counts, under its
            # channel, category and period: an edit may move it to another group.
            refresh_suggestion(suggestion)
    return suggestion


# Intake ------------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    suggestion: Suggestion,
    actor,
    idempotency_key: str | None = None,
    on_behalf_of_partner: bool = False,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Submit a draft (or resubmit an item returned for clarification) to staff.

    ``on_behalf_of_partner``: a 12345 partner's service account submits the
    HOTLINE draft it recorded (``can_submit_for_partner``).
    """
    suggestion = lock_suggestion(suggestion)
    result = run_once(
        actor=actor,
        scope=SCOPE_SUBMIT,
        key=idempotency_key,
        model=Suggestion,
        action=lambda: _submit(
            suggestion=suggestion,
            actor=actor,
            now=now,
            on_behalf_of_partner=on_behalf_of_partner,
        ),
    )
    if result.pk != suggestion.pk:
        raise Conflict(
            "该幂等键已用于提交另一件建议，请使用新的幂等键。",
            code="suggestions.idempotency_key_reused",
            field="idempotency_key",
        )
    return result


def _submit(
    *,
    suggestion: Suggestion,
    actor,
    now: dt.datetime | None,
    on_behalf_of_partner: bool = False,
) -> Suggestion:
    if on_behalf_of_partner:
        if not can_submit_for_partner(actor, suggestion):
            raise denied("只有转入该事项的合作方系统可以提交。")
    elif not can_edit_suggestion(actor, suggestion):
        raise denied("只有领衔代表或录入人可以提交建议。")
    resubmit = suggestion.status == SuggestionStatus.RETURNED_FOR_CLARIFICATION
    update_fields = [*transition(suggestion, "submit", action="提交"), "updated_at"]
    if not suggestion.body.strip():
        raise bad("请填写建议内容后再提交。", "body")
    at = now_or(now)
    if suggestion.submitted_at is None:
        suggestion.submitted_at = at
        update_fields.append("submitted_at")
    suggestion.save(update_fields=update_fields)
    event = events.submitted_event(
        suggestion=suggestion, actor=actor, at=at, resubmitted=resubmit
    )
    if suggestion.prepared_by_id is not None and not resubmit:
        # A station's draft: the request it came from follows (receptions). Before
        # the audit row: the hook locks the request, and a transaction takes its
        # row locks before the audit log's chain lock (docs/decisions/0017).
        hooks.run_submitted(suggestion=suggestion, actor=actor, at=at)
    record_step(event, actor=actor, summary=f"提交建议《{suggestion.title}》")
    refresh_suggestion(suggestion)
    return suggestion


@transaction.atomic
def suggestion_accept(
    *, suggestion: Suggestion, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Accept a submitted suggestion for handling (审查立案)."""
    suggestion = lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    changed = transition(suggestion, "accept", action="立案")
    at = now_or(now)
    suggestion.accepted_at = at
    suggestion.save(update_fields=[*changed, "accepted_at", "updated_at"])
    event = events.accepted_event(suggestion=suggestion, actor=actor, at=at)
    record_step(event, actor=actor, summary=f"建议《{suggestion.title}》立案")
    refresh_suggestion(suggestion)
    return suggestion


@transaction.atomic
def suggestion_return_for_clarification(
    *, suggestion: Suggestion, reason: str, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Send a submitted suggestion back to the deputy to clarify or complete it."""
    suggestion = lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    changed = transition(suggestion, "return_for_clarification", action="退回补充")
    reason = clean_text(reason, field="reason", label="退回补充的说明")
    at = now_or(now)
    suggestion.clarification_note = reason
    suggestion.save(update_fields=[*changed, "clarification_note", "updated_at"])
    event = events.returned_for_clarification_event(
        suggestion=suggestion, actor=actor, at=at, reason=reason
    )
    record_step(event, actor=actor, summary=f"建议《{suggestion.title}》退回补充")
    refresh_suggestion(suggestion)
    return suggestion


@transaction.atomic
def suggestion_reject(
    *, suggestion: Suggestion, reason: str, actor, now: dt.datetime | None = None
) -> Suggestion:
    """Decline to register a suggestion (不予立案); it goes on as a letter."""
    suggestion = lock_suggestion(suggestion)
    if not can_review_suggestion(actor, suggestion):
        raise denied()
    changed = transition(suggestion, "reject", action="不予立案")
    reason = clean_text(reason, field="reason", label="不予立案的理由")
    at = now_or(now)
    suggestion.reject_reason = reason
    suggestion.save(update_fields=[*changed, "reject_reason", "updated_at"])
    event = events.rejected_event(
        suggestion=suggestion, actor=actor, at=at, reason=reason
    )
    record_step(
        event, actor=actor, summary=f"建议《{suggestion.title}》不予立案，转来信处理"
    )
    refresh_suggestion(suggestion)
    return suggestion
