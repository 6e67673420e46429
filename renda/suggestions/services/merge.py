"""Merging similar suggestions (并案) and key suggestions under oversight (重点建议)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from renda.congresses.models import CommitteeMember
from renda.core.state import transition
from renda.meetings.choices import DecisionKind
from renda.meetings.services.decisions import (
    check_chairpersons_meeting,
    decision_record,
)

from .. import events
from ..choices import (
    KeySource,
)
from ..models import (
    Suggestion,
)
from ..permissions import (
    can_mark_key,
    can_review_suggestion,
)
from ..stats_rows import refresh
from .common import (
    bad,
    check_choice,
    denied,
    invalid,
    lock_suggestion,
    now_or,
    record_step,
)

# Merging and key suggestions -----------------------------------------------------


@transaction.atomic
def suggestion_merge(
    *,
    primary: Suggestion,
    others: Sequence[Suggestion],
    actor,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Merge similar suggestions into a primary (并案); each deputy still gets the answer."""
    other_ids = [other.pk for other in others]
    if not other_ids:
        raise bad("请选择要并入的建议。", "others")
    if primary.pk in other_ids:
        raise bad("主建议不能并入自身。", "others")
    if len(set(other_ids)) != len(other_ids):
        raise bad("要并入的建议有重复。", "others")
    locked = {
        row.pk: row
        for row in Suggestion.objects.select_for_update()
        .filter(pk__in=[primary.pk, *other_ids])
        .order_by("pk")
    }
    primary = locked[primary.pk]
    merged = [locked[pk] for pk in other_ids]
    for suggestion in [primary, *merged]:
        if not can_review_suggestion(actor, suggestion):
            raise denied()
    transition(primary, "merge_primary", action="作为主建议并案")
    for other in merged:
        if other.congress_id != primary.congress_id:
            raise bad(f"“{other.title}”与主建议不属于同一人大。", "others")
        transition(other, "merge_into", action="并案")
        if other.merged_items.exists():
            raise invalid(
                f"“{other.title}”已有其他建议并入，不能再并入别的建议。",
                code="suggestions.merge_chain",
            )
    at = now_or(now)
    for other in merged:
        other.merged_into = primary
        other.save(update_fields=["merged_into", "updated_at"])
        event = events.merged_event(
            suggestion=other, primary=primary, merged=other_ids, actor=actor, at=at
        )
        record_step(
            event, actor=actor, summary=f"建议《{other.title}》并入《{primary.title}》"
        )
    event = events.merged_event(
        suggestion=primary, primary=primary, merged=other_ids, actor=actor, at=at
    )
    record_step(
        event, actor=actor, summary=f"{len(merged)} 件建议并入《{primary.title}》"
    )
    refresh([primary.pk, *other_ids])
    return primary


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    overseer: CommitteeMember,
    actor,
    source: str = KeySource.STAFF,
    chairpersons_meeting=None,
    now: dt.datetime | None = None,
) -> Suggestion:
    """Mark a suggestion as key (重点建议) under a leadership member's oversight.

    Chosen by the chairpersons' meeting (``source`` CHAIRPERSONS_MEETING): the
    choice is a decision of that held meeting (meetings' record), linked.
    """
    suggestion = lock_suggestion(suggestion)
    if not can_mark_key(actor, suggestion):
        raise denied()
    transition(suggestion, "mark_key", action="确定为重点建议")
    check_choice(source, KeySource, field="source", label="确定方式")
    if (
        not overseer.is_leadership
        or overseer.standing_committee.term.congress_id != suggestion.congress_id
    ):
        raise bad(
            "督办领导须为本级人大常委会班子成员（主任、副主任、秘书长）。", "oversight"
        )
    if source == KeySource.CHAIRPERSONS_MEETING:
        if chairpersons_meeting is None:
            raise bad("请选择确定重点建议的主任会议。", "chairpersons_meeting")
        check_chairpersons_meeting(
            chairpersons_meeting,
            congress=suggestion.congress_id,
            field="chairpersons_meeting",
        )
    elif chairpersons_meeting is not None:
        raise bad("工作机构确定的重点建议不选择主任会议。", "chairpersons_meeting")
    at = now_or(now)
    decision = None
    if chairpersons_meeting is not None:
        decision = decision_record(
            meeting=chairpersons_meeting,
            kind=DecisionKind.KEY_SUGGESTIONS,
            title=f"确定《{suggestion.title}》为重点建议"[:200],
            text=f"由{overseer.deputy.name}督办",
            subject=suggestion,
            congress=suggestion.congress_id,
            actor=actor,
            # can_mark_key above: staff, or a leader for the chairpersons.
            authorized=True,
        )
    suggestion.is_key = True
    suggestion.oversight = overseer
    suggestion.key_source = source
    suggestion.chairpersons_decision = decision
    suggestion.save(
        update_fields=[
            "is_key",
            "oversight",
            "key_source",
            "chairpersons_decision",
            "updated_at",
        ]
    )
    event = events.marked_key_event(suggestion=suggestion, actor=actor, at=at)
    record_step(
        event,
        actor=actor,
        summary=f"建议《{suggestion.title}》确定为重点建议，由{overseer.deputy.name}督办",
    )
    return suggestion
