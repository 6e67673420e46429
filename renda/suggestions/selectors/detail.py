"""One suggestion read whole: assignments, replies, timeline, actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404

from renda.accounts.permissions import get_scope

from .. import rules
from ..choices import (
    ANSWERING_ROLES,
    AssignmentRole,
    AssignmentStatus,
    Channel,
    ExtensionStatus,
    SuggestionStatus,
    suggestion_can,
)
from ..events import describe_event
from ..models import (
    Assignment,
    Attachment,
    ExtensionRequest,
    Reply,
    Suggestion,
    SuggestionEvent,
)
from ..panels import panel_relations
from ..permissions import (
    can_edit_suggestion,
    can_handle_assignment,
    can_mark_key,
    can_rate_reply,
    can_review_suggestion,
)
from .state import _today, with_assignment_overdue, with_row_state
from .visibility import (
    _reads_answers_only,
    get_suggestion_for_user,
    suggestions_visible_to,
)


def handling_suggestion(suggestion: Suggestion) -> Suggestion:
    """Return the suggestion whose handling applies: the primary of a merged item."""
    return suggestion.merged_into if suggestion.merged_into_id else suggestion


def suggestion_timeline(*, user, suggestion: Suggestion) -> QuerySet[SuggestionEvent]:
    """Return the events of a visible suggestion, and of its primary once merged."""
    suggestion = get_suggestion_for_user(user, suggestion.pk)
    query = Q(suggestion=suggestion)
    if suggestion.merged_into_id:
        query |= Q(suggestion_id=suggestion.merged_into_id)
    return SuggestionEvent.objects.filter(query).select_related("actor", "assignment")


def replies_for(*, user, suggestion: Suggestion) -> QuerySet[Reply]:
    """Return the replies a user may read; deputies see answers, not joint opinions."""
    suggestion = get_suggestion_for_user(user, suggestion.pk)
    replies = Reply.objects.filter(
        assignment__suggestion_id=suggestion.merged_into_id or suggestion.pk
    ).select_related("assignment__handling_unit")
    if _reads_answers_only(get_scope(user)):
        replies = replies.filter(assignment__role__in=ANSWERING_ROLES)
    return replies


# The detail ------------------------------------------------------------------


def _prefetch_where(some: list, every: list, lookup) -> None:
    """Prefetch ``lookup`` for the rows that have any; the others get an empty one.

    A row's ``has_...`` annotation says whether it has any: when none has,
    no query is made at all.
    """
    if some:
        prefetch_related_objects(some, lookup)
    name = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
    for row in every:
        if row not in some:
            row._prefetched_objects_cache = {
                **getattr(row, "_prefetched_objects_cache", {}),
                name: getattr(row, name).none(),
            }


# The verbs a user may apply to a suggestion, in the order the API lists them.
SUGGESTION_ACTIONS = (
    "edit",
    "submit",
    "discard",
    "accept",
    "return",
    "reject",
    "assign",
    "merge",
    "merge_into",
    "mark_key",
    "rate",
)


@dataclass
class SuggestionDetail:
    """Everything the detail screen shows of one suggestion, read once for one user.

    ``handling`` is the item whose handling applies (the primary of a merged
    item). Assignments carry ``is_overdue``, ``pending_extension`` and
    ``actions`` (what this user may do to it now: reply, return, extend;
    withdraw for staff);
    replies carry ``is_latest`` and ``may_rate``. ``actions`` are the verbs of
    ``SUGGESTION_ACTIONS`` this user may apply now.
    """

    suggestion: Suggestion
    handling: Suggestion
    cosigners: list
    attachments: list
    merged_items: list
    assignments: list[Assignment]
    replies: list[Reply]
    timeline: list[SuggestionEvent]
    actions: tuple[str, ...]
    rating_deadline: dt.date | None = None

    @property
    def own_assignments(self) -> list[Assignment]:
        """The assignments this user handles (those with actions of their own)."""
        return [a for a in self.assignments if a.own]

    def may(self, verb: str) -> bool:
        return verb in self.actions


def _panel_flags() -> dict:
    """``has_<relation>`` for each relation a detail page panel shows rows of."""
    flags = {}
    for name in panel_relations():
        relation = Suggestion._meta.get_field(name)
        rows = relation.related_model._default_manager.filter(
            **{relation.field.name: OuterRef("pk")}
        )
        flags[f"has_{name}"] = Exists(rows)
    return flags


def suggestion_detail(user, pk, *, today: dt.date | None = None) -> SuggestionDetail:
    """Read one visible suggestion with its replies, timeline and the user's actions.

    Raise 404 outside the user's scope. The suggestion row, its handling item
    and everything listed are read once, in a fixed number of queries.
    """
    today = _today(today)
    try:
        suggestion = (
            with_row_state(
                suggestions_visible_to(user, one_row=True).filter(pk=pk), today=today
            )
            .annotate(
                # What is empty is not read (most items have no files or
                # merged items).
                has_cosigners=Exists(
                    Suggestion.cosigners.through.objects.filter(
                        suggestion_id=OuterRef("pk")
                    )
                ),
                has_attachments=Exists(
                    Attachment.objects.filter(suggestion_id=OuterRef("pk"))
                ),
                has_merged_items=Exists(
                    Suggestion.objects.filter(merged_into_id=OuterRef("pk"))
                ),
                # Whether the other areas' panels have anything to show.
                **_panel_flags(),
            )
            .select_related(
                "congress__region",
                "term",
                "region",
                "lead_deputy",
                "merged_into",
                "oversight__deputy",
                "created_by",
            )
            .get()
        )
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    handling = handling_suggestion(suggestion)
    scope = get_scope(user)

    assignments = list(
        with_assignment_overdue(
            Assignment.objects.filter(suggestion_id=handling.pk), today=today
        )
        .annotate(
            has_extensions=Exists(
                ExtensionRequest.objects.filter(assignment_id=OuterRef("pk"))
            )
        )
        .select_related("handling_unit")
        .order_by("assigned_at", "id")
    )
    _prefetch_where(
        [a for a in assignments if a.has_extensions],
        assignments,
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.order_by("requested_at", "id"),
        ),
    )
    replies = Reply.objects.filter(assignment__suggestion_id=handling.pk)
    if _reads_answers_only(scope):
        replies = replies.filter(assignment__role__in=ANSWERING_ROLES)
    replies = list(
        replies.annotate(
            has_attachments=Exists(Attachment.objects.filter(reply_id=OuterRef("pk")))
        )
        .select_related("assignment__handling_unit", "feedback")
        .order_by("replied_at", "id")
    )
    _prefetch_where(
        [reply for reply in replies if reply.has_attachments], replies, "attachments"
    )
    events = Q(suggestion_id=suggestion.pk)
    if suggestion.merged_into_id:
        events |= Q(suggestion_id=suggestion.merged_into_id)
    timeline = list(
        SuggestionEvent.objects.filter(events)
        .select_related("actor", "assignment__handling_unit")
        .order_by("at", "id")
    )
    for event in timeline:
        event.description = describe_event(event)
    merged_items = (
        list(suggestion.merged_items.order_by("id"))
        if suggestion.has_merged_items
        else []
    )

    # What this user may do to each assignment.
    reviews = can_review_suggestion(user, handling)
    for assignment in assignments:
        assignment.pending_extension = next(
            (
                item
                for item in assignment.extension_requests.all()
                if item.status == ExtensionStatus.PENDING
            ),
            None,
        )
        verbs = []
        assignment.own = can_handle_assignment(user, assignment)
        coordinating = assignment.role == AssignmentRole.COORDINATING
        if assignment.own and handling.can_handle() and coordinating:
            # The government's office signs off and passes on; it never replies.
            if assignment.can("dispatch"):
                verbs.append("coordinate")
            if assignment.can_return():
                verbs.append("return")
        elif assignment.own and handling.can_handle():
            if assignment.can_reply():
                verbs.append("reply")
            if assignment.can_return():
                verbs.append("return")
            if (
                assignment.can_extend()
                and handling.channel == Channel.FORMAL
                and assignment.pending_extension is None
            ):
                verbs.append("extend")
        if reviews and handling.can_handle() and assignment.can_withdraw():
            # Staff take the item back from a unit that has not answered.
            verbs.append("withdraw")
        assignment.actions = tuple(verbs)

    # Which replies the lead deputy may rate now: each answering unit's latest.
    latest = {reply.assignment_id: reply.pk for reply in replies}
    rating_deadline = None
    may_rate = can_rate_reply(user, handling) and handling.can_rate()
    if may_rate and handling.status == SuggestionStatus.REPLIED and handling.replied_at:
        rating_deadline = rules.rating_deadline(handling)
        if not rules.rating_window_open(handling, today):
            # The window has passed; the daily job will close the item.
            may_rate = False
            rating_deadline = None
    for reply in replies:
        reply.is_latest = reply.pk == latest[reply.assignment_id]
        assignment = reply.assignment
        reply.may_rate = (
            may_rate
            and reply.is_latest
            and assignment.role in ANSWERING_ROLES
            and assignment.status == AssignmentStatus.REPLIED
            and getattr(reply, "feedback", None) is None
        )

    actions = set()
    if can_edit_suggestion(user, suggestion):
        if suggestion.can_edit():
            actions.add("edit")
        if suggestion.can_submit():
            actions.add("submit")
        if suggestion.can_discard():
            actions.add("discard")
    if can_review_suggestion(user, suggestion):
        for verb, allowed in (
            ("accept", suggestion.can_accept()),
            ("return", suggestion.can_return_for_clarification()),
            ("reject", suggestion.can_reject()),
            ("assign", suggestion.can_assign()),
            (
                "merge",
                suggestion.merged_into_id is None
                and suggestion_can(suggestion.status, "merge_primary"),
            ),
            (
                "merge_into",
                suggestion.merged_into_id is None
                and suggestion_can(suggestion.status, "merge_into")
                and not merged_items,
            ),
        ):
            if allowed:
                actions.add(verb)
    if can_mark_key(user, suggestion) and suggestion.can_mark_key():
        actions.add("mark_key")
    if any(reply.may_rate for reply in replies):
        actions.add("rate")
    return SuggestionDetail(
        suggestion=suggestion,
        handling=handling,
        cosigners=list(suggestion.cosigners.order_by("stroke_key", "id"))
        if suggestion.has_cosigners
        else [],
        attachments=list(suggestion.attachments.all())
        if suggestion.has_attachments
        else [],
        merged_items=merged_items,
        assignments=assignments,
        replies=replies,
        timeline=timeline,
        actions=tuple(verb for verb in SUGGESTION_ACTIONS if verb in actions),
        rating_deadline=rating_deadline,
    )
