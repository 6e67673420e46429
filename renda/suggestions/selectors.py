"""Reads of suggestions, always through the user's scope: the one read path.

Pages, the API, the .xlsx exports and the documents are thin adapters over:

- ``SuggestionFilters`` + ``suggestion_list(user=, filters=)``: the list, its
  search (title, deputy name/pinyin/initials, item number), unit, overdue and
  other filters, and its order;
- ``suggestion_detail(user, pk) -> SuggestionDetail``: the item, its
  assignments, replies, timeline (``events.describe_event``) and the actions
  this user may take now (``SUGGESTION_ACTIONS``), read once;
- ``get_<entity>_for_user`` (suggestion, assignment, extension request, reply,
  attachment): one object in scope, else 404 without saying whether it exists;
- ``suggestion_stats``: the year's figures.

A merged item (``merged_into`` set) follows its primary: its effective status,
deadlines and replies are the primary's. Overdue, and a rating window that
has passed, are derived here at read time, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.congresses.models import CommitteeMember
from renda.legal_calendar.calendar import due_date

from . import rules
from .choices import (
    ANSWERING_ROLES,
    LIVE_ASSIGNMENT_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    SATISFACTORY_RATINGS,
    AssignmentStatus,
    Category,
    Channel,
    ExtensionStatus,
    Period,
    ReplyOutcome,
    SuggestionStatus,
    suggestion_can,
)
from .events import describe_event
from .models import (
    Assignment,
    Attachment,
    ExtensionRequest,
    Reply,
    Suggestion,
    SuggestionEvent,
)
from .panels import panel_relations
from .permissions import (
    can_edit_suggestion,
    can_handle_assignment,
    can_mark_key,
    can_rate_reply,
    can_review_suggestion,
)

# Visibility ------------------------------------------------------------------


def suggestions_visible_to(user, *, one_row: bool = False) -> QuerySet[Suggestion]:
    """Return the suggestions the user may see.

    Deputies: the ones they lead (drafts too), cosign, or whose primary took
    in their merged item. Unit staff: the ones assigned to their unit. Staff:
    their congress's submitted items and the drafts they entered. Leaders:
    their congress's submitted items and the key items they oversee. Admins:
    all. Everyone else: none.
    """
    scope = get_scope(user)
    if not scope.is_authenticated:
        return Suggestion.objects.none()
    if scope.is_admin:
        return Suggestion.objects.all()
    submitted = ~Q(status=SuggestionStatus.DRAFT)
    query = Q(pk__in=[])
    if scope.staff_congress_ids:
        query |= Q(congress_id__in=scope.staff_congress_ids) & (
            submitted | Q(created_by_id=user.pk)
        )
    if scope.leader_congress_ids:
        query |= Q(congress_id__in=scope.leader_congress_ids) & submitted
    if scope.deputy_id is not None:
        query |= Q(lead_deputy_id=scope.deputy_id)
    # The few items seen through a cosignature, a merge or an oversight, read
    # first as a list: ``pk IN (subquery)`` OR-ed with the conditions above
    # makes PostgreSQL scan the whole table, a list of ids keeps index scans.
    # Looking up one row by its key (``one_row``), the subqueries cost nothing
    # and save the list's query.
    if one_row:
        query |= _related_q(user, scope.deputy_id)
    else:
        query |= Q(pk__in=_related_ids(user, scope.deputy_id))
    if scope.unit_ids:
        assigned = Assignment.objects.filter(
            handling_unit_id__in=scope.unit_ids
        ).values("suggestion_id")
        query |= Q(pk__in=assigned)
    return Suggestion.objects.filter(query)


def _related_ids(user, deputy_id: int | None) -> list[int]:
    """Ids of the submitted items a user sees beyond their congress and units.

    Key items the user oversees (oversight belongs to a committee member's
    account, whatever its role rows); for a deputy, the items they cosign and
    the primaries that took in their merged items. One query.
    """
    overseen = (
        Suggestion.objects.filter(is_key=True, oversight__user_id=user.pk)
        .exclude(status=SuggestionStatus.DRAFT)
        .values_list("pk")
    )
    if deputy_id is None:
        return [pk for (pk,) in overseen.order_by()]
    cosigned = (
        Suggestion.cosigners.through.objects.filter(deputy_id=deputy_id)
        .exclude(suggestion__status=SuggestionStatus.DRAFT)
        .values_list("suggestion_id")
    )
    primaries = Suggestion.objects.filter(
        lead_deputy_id=deputy_id, merged_into__isnull=False
    ).values_list("merged_into_id")
    combined = overseen.order_by().union(
        cosigned.order_by(), primaries.order_by(), all=True
    )
    return sorted({pk for (pk,) in combined})


def _related_q(user, deputy_id: int | None) -> Q:
    """The condition ``_related_ids`` lists, as subqueries (for one row)."""
    submitted = ~Q(status=SuggestionStatus.DRAFT)
    query = Q(is_key=True, oversight__user_id=user.pk) & submitted
    if deputy_id is not None:
        cosigned = Suggestion.cosigners.through.objects.filter(
            deputy_id=deputy_id
        ).values("suggestion_id")
        primaries = Suggestion.objects.filter(
            lead_deputy_id=deputy_id, merged_into__isnull=False
        ).values("merged_into_id")
        query |= (Q(pk__in=cosigned) & submitted) | Q(pk__in=primaries)
    return query


def get_suggestion_for_user(user, pk) -> Suggestion:
    """Return one suggestion the user may see, or raise 404 without saying whether it exists."""
    try:
        return suggestions_visible_to(user).get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Return the assignments of the suggestions the user may see."""
    return Assignment.objects.filter(suggestion__in=suggestions_visible_to(user))


def get_assignment_for_user(user, pk) -> Assignment:
    """Return one assignment the user may see, or raise 404."""
    try:
        return assignments_visible_to(user).select_related("suggestion").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_extension_for_user(user, pk) -> ExtensionRequest:
    """Return one extension request of a visible suggestion, or raise 404."""
    try:
        return (
            ExtensionRequest.objects.filter(assignment__in=assignments_visible_to(user))
            .select_related(
                "assignment__suggestion__congress", "assignment__handling_unit"
            )
            .get(pk=pk)
        )
    except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_reply_for_user(user, pk) -> Reply:
    """Return one reply the user may read, or raise 404.

    Deputies do not read joint units' opinions: those answer 404 to them.
    """
    replies = Reply.objects.filter(
        assignment__suggestion__in=suggestions_visible_to(user)
    )
    if _reads_answers_only(get_scope(user)):
        replies = replies.filter(assignment__role__in=ANSWERING_ROLES)
    try:
        return replies.select_related("assignment__suggestion").get(pk=pk)
    except (Reply.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_attachment_for_user(user, pk) -> Attachment:
    """Return one attachment of a visible suggestion (or of a readable reply), or 404."""
    try:
        attachment = Attachment.objects.select_related(
            "suggestion", "reply__assignment"
        ).get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if attachment.reply_id is not None:
        get_reply_for_user(user, attachment.reply_id)
    else:
        get_suggestion_for_user(user, attachment.suggestion_id)
    return attachment


def get_suggestion_attachment_for_user(user, suggestion_pk, pk) -> Attachment:
    """Return one attachment of a visible suggestion (not of its replies), or 404."""
    suggestion = get_suggestion_for_user(user, suggestion_pk)
    try:
        return Attachment.objects.select_related("suggestion").get(
            pk=pk, suggestion=suggestion
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _reads_answers_only(scope) -> bool:
    """A deputy (and nothing more) reads the answering units' replies only."""
    return scope.deputy_id is not None and not (
        scope.is_admin or scope.congress_ids or scope.unit_ids
    )


# Derived state ---------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def with_effective_state(
    queryset: QuerySet[Suggestion], *, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Annotate ``effective_status`` (a merged item follows its primary) and ``is_overdue``."""
    handled_by = Coalesce(OuterRef("merged_into_id"), OuterRef("pk"))
    overdue = Assignment.objects.filter(
        suggestion_id=handled_by,
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=_today(today),
    )
    return queryset.annotate(
        effective_status=Coalesce("merged_into__status", "status"),
        is_overdue=Exists(overdue),
    )


def with_assignment_overdue(
    queryset: QuerySet[Assignment], *, today: dt.date | None = None
) -> QuerySet[Assignment]:
    """Annotate ``is_overdue``: the assignment is open and its deadline has passed."""
    return queryset.annotate(
        is_overdue=Case(
            When(
                status__in=OPEN_ASSIGNMENT_STATUSES,
                due_at__lt=_today(today),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _handled_by():
    # A merged item follows its primary's handling.
    return Coalesce(OuterRef("merged_into_id"), OuterRef("pk"))


def with_row_state(
    queryset: QuerySet[Suggestion], *, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Annotate what every row shows: effective status, next deadline, overdue.

    A merged item follows its primary. Overdue is "the next open deadline has
    passed", which is the same as "an open assignment is past its deadline";
    it is read as a subquery with LIMIT 1 per shown row: PostgreSQL would
    evaluate an EXISTS column by hashing every open assignment of the
    database, even for a page of 20.
    """
    next_open = Assignment.objects.filter(
        suggestion_id=_handled_by(), status__in=OPEN_ASSIGNMENT_STATUSES
    ).order_by("due_at", "id")
    return queryset.annotate(
        effective_status=Coalesce("merged_into__status", "status"),
        next_due_at=Subquery(next_open.values("due_at")[:1]),
        next_due_provisional=Subquery(next_open.values("due_provisional")[:1]),
    ).annotate(
        is_overdue=Case(
            When(next_due_at__lt=_today(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_q(overdue: bool = True, *, today: dt.date | None = None) -> Q:
    """Match items with an open assignment past its deadline (or, False, without)."""
    late = Assignment.objects.filter(
        suggestion_id=_handled_by(),
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=_today(today),
    )
    return Q(Exists(late)) if overdue else ~Q(Exists(late))


def search_q(text: str | None) -> Q:
    """Match a title, a lead deputy's name, pinyin or initials, or an item number."""
    text = (text or "").strip()
    if not text:
        return Q()
    query = Q(title__contains=text) | Q(lead_deputy__name__contains=text)
    if text.isascii():
        lowered = text.lower().replace(" ", "")
        query |= Q(title__icontains=text)
        if lowered:
            query |= Q(lead_deputy__name_initials__startswith=lowered) | Q(
                lead_deputy__name_pinyin__startswith=lowered
            )
        if lowered.isdigit() and len(lowered) <= 12:
            query |= Q(pk=int(lowered))
    return query


def handled_by_units_q(unit_ids) -> Q:
    """Match items a unit handles (any assignment but a withdrawn one), merged ones too."""
    handled = (
        Assignment.objects.filter(handling_unit_id__in=list(unit_ids))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values("suggestion_id")
    )
    return Q(pk__in=handled) | Q(merged_into_id__in=handled)


def mine_q(user) -> Q:
    """Match the items that concern the user: led, cosigned, entered, overseen, handled."""
    scope = get_scope(user)
    # Small id lists read first: OR-ed with ``pk IN (subquery)`` or a join,
    # PostgreSQL would scan every suggestion instead of using the indexes.
    overseen = list(
        CommitteeMember.objects.filter(user_id=user.pk).values_list("pk", flat=True)
    )
    query = Q(created_by_id=user.pk) | Q(oversight_id__in=overseen)
    if scope.deputy_id is not None:
        cosigned = list(
            Suggestion.cosigners.through.objects.filter(
                deputy_id=scope.deputy_id
            ).values_list("suggestion_id", flat=True)
        )
        query |= Q(lead_deputy_id=scope.deputy_id) | Q(pk__in=cosigned)
    if scope.unit_ids:
        query |= handled_by_units_q(scope.unit_ids)
    return query


@dataclass(frozen=True)
class SuggestionFilters:
    """The filters of the suggestion list, shared by the page, the exports and the API.

    Values are plain (choice values, ids, booleans); None means "not filtered".
    """

    congress: int | None = None
    year: int | None = None
    channel: str | None = None
    period: str | None = None
    status: str | None = None
    category: str | None = None
    unit: int | None = None
    is_key: bool | None = None
    overdue: bool | None = None
    q: str | None = None
    mine: bool = False
    # "submitted" (None): drafts first, then newest submitted; "created":
    # newest written first (the deputy's "my suggestions").
    order: str | None = None

    @classmethod
    def from_values(cls, values: dict) -> SuggestionFilters:
        """Build the filters from cleaned values (a form's or an API query's).

        Enum members become their values, model instances their ids, empty
        strings None; unknown names are ignored.
        """
        known = set(cls.__dataclass_fields__)
        data = {}
        for name, value in values.items():
            if name not in known:
                continue
            value = getattr(value, "value", value)
            value = getattr(value, "pk", value)
            data[name] = None if value == "" else value
        if data.get("mine") is None:
            data.pop("mine", None)
        return cls(**data)


def suggestion_list(
    *, user, filters: SuggestionFilters, today: dt.date | None = None
) -> QuerySet[Suggestion]:
    """Return the suggestions the user may see that match the filters, newest first.

    Every row carries its effective status, next deadline and overdue flag
    (``with_row_state``); drafts (no submission time) come first, unless
    ``filters.order`` is "created" (newest written first).
    """
    queryset = suggestions_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(submitted_at__year=filters.year)
    for name in ("channel", "period", "category"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.is_key is not None:
        queryset = queryset.filter(is_key=filters.is_key)
    if filters.unit:
        queryset = queryset.filter(handled_by_units_q([filters.unit]))
    if filters.q:
        queryset = queryset.filter(search_q(filters.q))
    if filters.mine:
        queryset = queryset.filter(mine_q(user))
    queryset = with_row_state(queryset, today=today)
    if filters.status:
        queryset = queryset.filter(effective_status=filters.status)
    if filters.overdue is not None:
        queryset = queryset.filter(overdue_q(filters.overdue, today=today))
    queryset = queryset.select_related("congress", "lead_deputy")
    if filters.order == "created":
        return queryset.order_by("-created_at", "-id")
    return queryset.order_by(F("submitted_at").desc(nulls_first=True), "-id")


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
        if assignment.own and handling.can_handle():
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


# Statistics ------------------------------------------------------------------

GROUP_BY = ("channel", "category", "period", "unit")


def rate(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole``, one decimal, half up; None if empty."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class SuggestionStats:
    """The committee's figures for a set of suggestions in one year."""

    submitted: int
    accepted: int
    closed: int
    completion_rate: Decimal | None
    replies: int
    on_time_replies: int
    on_time_rate: Decimal | None
    outcomes: dict[str, int]
    outcome_shares: dict[str, Decimal | None]
    rated: int
    satisfied: int
    satisfaction_rate: Decimal | None
    overdue_now: int


@dataclass(frozen=True)
class StatsGroup:
    key: object
    label: str
    stats: SuggestionStats


@dataclass(frozen=True)
class StatsReport:
    total: SuggestionStats
    groups: list[StatsGroup] = field(default_factory=list)


def _unit_id(unit) -> int | None:
    if unit is None:
        return None
    return getattr(unit, "pk", unit)


def _rating_deadline(replied_on: dt.date) -> dt.date:
    return due_date(replied_on, working_days=rules.rating_window_working_days()).due


def rating_window_cutoff(before: dt.date) -> dt.date:
    """Return the last reply day whose rating window ended before ``before``.

    Windows end later for later reply days, so the items replied on or before
    this day are exactly those whose window had passed. A window is at least
    as many calendar days as working days; the walk back covers the holidays.
    """
    day = before - dt.timedelta(days=rules.rating_window_working_days() + 1)
    while _rating_deadline(day) >= before:
        day -= dt.timedelta(days=1)
    return day


def _closing_in_year_q(*, year: int, today: dt.date) -> Q | None:
    """Match the replied items whose rating window passed and that close in ``year``.

    The daily job closes them on the first day after the window; until it
    runs, the figures count them closed as of that day all the same (a merged
    item with its primary). No query: a few dates from the calendar. None
    when no reply day qualifies.
    """
    last = min(rating_window_cutoff(today), rating_window_cutoff(dt.date(year, 12, 31)))
    first_after = rating_window_cutoff(dt.date(year - 1, 12, 31))
    if last <= first_after:
        return None
    window = {"replied_at__date__gt": first_after, "replied_at__date__lte": last}
    own = Q(merged_into__isnull=True, status=SuggestionStatus.REPLIED, **window)
    followed = Q(
        merged_into__status=SuggestionStatus.REPLIED,
        **{f"merged_into__{key}": value for key, value in window.items()},
    )
    return own | followed


def _stats(
    base: QuerySet[Suggestion],
    *,
    year: int,
    unit_id: int | None,
    today: dt.date,
) -> SuggestionStats:
    """Count one set's figures in four set-based queries, whatever its size.

    Each query reads only the rows of the year through the indexes (a
    congress's items by submission and acceptance, an assignment's replies
    newest first), never a subquery per row.
    """
    # A merged item without an acceptance of its own counts from its primary's.
    merged_late = list(
        base.filter(
            merged_into__isnull=False,
            accepted_at__isnull=True,
            merged_into__accepted_at__year=year,
        ).values_list("pk", flat=True)
    )
    in_year = (
        Q(submitted_at__year=year) | Q(accepted_at__year=year) | Q(pk__in=merged_late)
    )
    accepted_in_year = Q(effective_accepted_at__year=year)
    # Items whose rating window has passed are closed, whether or not the
    # daily job has run yet.
    closed_in_year = Q(effective_closed_at__year=year)
    closing = _closing_in_year_q(year=year, today=today)
    if closing is not None:
        closed_in_year |= closing
    counts = (
        base.filter(in_year)
        .alias(
            effective_accepted_at=Coalesce("accepted_at", "merged_into__accepted_at"),
            effective_closed_at=Coalesce("merged_into__closed_at", "closed_at"),
        )
        .aggregate(
            submitted=Count("pk", filter=Q(submitted_at__year=year)),
            accepted=Count("pk", filter=accepted_in_year),
            closed=Count("pk", filter=accepted_in_year & closed_in_year),
        )
    )
    submitted, accepted, closed = (
        counts["submitted"],
        counts["accepted"],
        counts["closed"],
    )

    # Handling is counted once, on the primary of merged items (whose own
    # acceptance is then the effective one).
    handled = base.filter(merged_into__isnull=True, accepted_at__year=year)
    replies = Reply.objects.filter(
        assignment__suggestion__in=handled.values("pk"),
        assignment__role__in=ANSWERING_ROLES,
    )
    if unit_id is not None:
        replies = replies.filter(assignment__handling_unit_id=unit_id)
    reply_counts = replies.alias(replied_on=TruncDate("replied_at")).aggregate(
        replies=Count("pk"),
        on_time=Count("pk", filter=Q(replied_on__lte=F("due_at"))),
    )
    reply_count, on_time = reply_counts["replies"], reply_counts["on_time"]

    # Each live answering assignment's latest reply: none came after it.
    later = Reply.objects.filter(assignment_id=OuterRef("assignment_id")).filter(
        Q(replied_at__gt=OuterRef("replied_at"))
        | Q(replied_at=OuterRef("replied_at"), pk__gt=OuterRef("pk"))
    )
    final = (
        replies.filter(assignment__status__in=LIVE_ASSIGNMENT_STATUSES)
        .filter(~Exists(later))
        .aggregate(
            rated=Count("pk", filter=Q(feedback__rating__gt="")),
            satisfied=Count("pk", filter=Q(feedback__rating__in=SATISFACTORY_RATINGS)),
            **{
                f"outcome_{value}": Count("pk", filter=Q(outcome=value))
                for value in ReplyOutcome.values
            },
        )
    )
    outcomes = {value: final[f"outcome_{value}"] for value in ReplyOutcome.values}
    rated, satisfied = final["rated"], final["satisfied"]
    answered = sum(outcomes.values())

    overdue_assignments = Assignment.objects.filter(
        suggestion_id=OuterRef("pk"),
        status__in=OPEN_ASSIGNMENT_STATUSES,
        due_at__lt=today,
    )
    if unit_id is not None:
        overdue_assignments = overdue_assignments.filter(handling_unit_id=unit_id)
    # The year's items only (those accepted in it, counted on the primary).
    overdue_now = handled.filter(Exists(overdue_assignments)).count()
    return SuggestionStats(
        submitted=submitted,
        accepted=accepted,
        closed=closed,
        completion_rate=rate(closed, accepted),
        replies=reply_count,
        on_time_replies=on_time,
        on_time_rate=rate(on_time, reply_count),
        outcomes=outcomes,
        outcome_shares={key: rate(value, answered) for key, value in outcomes.items()},
        rated=rated,
        satisfied=satisfied,
        satisfaction_rate=rate(satisfied, rated),
        overdue_now=overdue_now,
    )


def _for_unit(queryset: QuerySet[Suggestion], unit_id: int) -> QuerySet[Suggestion]:
    # Items the unit returned as misrouted are not the unit's to count.
    handled = Assignment.objects.filter(
        handling_unit_id=unit_id, status__in=LIVE_ASSIGNMENT_STATUSES
    ).values("suggestion_id")
    return queryset.filter(Q(pk__in=handled) | Q(merged_into_id__in=handled))


def suggestion_stats(
    *,
    user,
    congress,
    year: int,
    channel: str | None = None,
    period: str | None = None,
    unit=None,
    category: str | None = None,
    group_by: str | None = None,
    today: dt.date | None = None,
) -> StatsReport:
    """Compute the year's figures of a congress's suggestions the user may see.

    办结率 (completion) = closed within the year / accepted in the year; on-time
    rate = answering replies made by the deadline then in force / all answering
    replies; A/B/C shares and satisfaction use each answering unit's latest
    reply; overdue now = items with an open assignment past its deadline.
    """
    if group_by is not None and group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    today = _today(today)
    base = suggestions_visible_to(user).filter(congress=congress)
    if channel:
        base = base.filter(channel=channel)
    if period:
        base = base.filter(period=period)
    if category:
        base = base.filter(category=category)
    unit_id = _unit_id(unit)
    if unit_id is not None:
        base = _for_unit(base, unit_id)
    total = _stats(base, year=year, unit_id=unit_id, today=today)
    groups: list[StatsGroup] = []
    if group_by in ("channel", "category", "period"):
        labels = {"channel": Channel, "category": Category, "period": Period}[group_by]
        present = set(base.values_list(group_by, flat=True).distinct())
        for value, label in labels.choices:
            if value in present:
                groups.append(
                    StatsGroup(
                        key=value,
                        label=str(label),
                        stats=_stats(
                            base.filter(**{group_by: value}),
                            year=year,
                            unit_id=unit_id,
                            today=today,
                        ),
                    )
                )
    elif group_by == "unit":
        from renda.units.models import HandlingUnit

        unit_ids = Assignment.objects.filter(
            suggestion__in=base, status__in=LIVE_ASSIGNMENT_STATUSES
        ).values("handling_unit_id")
        for handling_unit in HandlingUnit.objects.filter(pk__in=unit_ids).order_by(
            "name", "pk"
        ):
            groups.append(
                StatsGroup(
                    key=handling_unit.pk,
                    label=handling_unit.name,
                    stats=_stats(
                        _for_unit(base, handling_unit.pk),
                        year=year,
                        unit_id=handling_unit.pk,
                        today=today,
                    ),
                )
            )
    return StatsReport(total=total, groups=groups)
