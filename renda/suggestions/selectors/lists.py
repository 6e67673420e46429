"""The suggestion list: its filters, search, and order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from renda.accounts.permissions import get_scope
from renda.congresses.models import CommitteeMember
from renda.core.db_router import replica_ok

from ..choices import AssignmentStatus, SuggestionStatus
from ..models import Assignment, Suggestion
from .state import overdue_q, with_row_state
from .visibility import suggestions_visible_to


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


S = SuggestionStatus

# The deputy's list (我的建议), by what the deputy has to do or wait for: the
# page's ``?status=`` tabs and the workbench's deputy tiles.
MY_STATUS_GROUPS: dict[str, tuple[str, frozenset]] = {
    "draft": ("草稿", frozenset({S.DRAFT, S.RETURNED_FOR_CLARIFICATION})),
    "handling": (
        "办理中",
        frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REOPENED}),
    ),
    "replied": ("已答复待评价", frozenset({S.REPLIED})),
    "closed": ("已办结", frozenset({S.CLOSED})),
    "rejected": ("未立案", frozenset({S.REJECTED})),
}


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
    # Several effective statuses at once (a tab of "my suggestions").
    statuses: frozenset | None = None
    category: str | None = None
    unit: int | None = None
    is_key: bool | None = None
    overdue: bool | None = None
    # Accepted items a unit returned as misrouted, to route again.
    returned: bool | None = None
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
    *,
    user,
    filters: SuggestionFilters,
    today: dt.date | None = None,
    visible: QuerySet[Suggestion] | None = None,
) -> QuerySet[Suggestion]:
    """Return the suggestions the user may see that match the filters, newest first.

    Every row carries its effective status, next deadline and overdue flag
    (``with_row_state``); drafts (no submission time) come first, unless
    ``filters.order`` is "created" (newest written first). ``visible`` is
    ``suggestions_visible_to(user)`` when the caller already has it (a page
    with several lists of the same user reads the user's id lists once).
    """
    queryset = suggestions_visible_to(user) if visible is None else visible
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
    if filters.statuses:
        queryset = queryset.filter(effective_status__in=filters.statuses)
    if filters.overdue is not None:
        queryset = queryset.filter(overdue_q(filters.overdue, today=today))
    if filters.returned:
        returned = Assignment.objects.filter(status=AssignmentStatus.RETURNED).values(
            "suggestion_id"
        )
        queryset = queryset.filter(
            effective_status=SuggestionStatus.ACCEPTED, pk__in=returned
        )
    if filters.mine:
        # A deputy's own items: their scope is written twice (who may see, and
        # "mine"), which PostgreSQL reads as one row where there are hundreds;
        # joined, it then scanned every deputy for each item (25-36 ms at 1M
        # items). Read by their keys once the page is cut instead (1.3 ms).
        queryset = queryset.prefetch_related("congress", "lead_deputy")
    else:
        queryset = queryset.select_related("congress", "lead_deputy")
    # A list may read a replica (renda/core/db_router.py).
    if filters.order == "created":
        return replica_ok(queryset.order_by("-created_at", "-id"))
    return replica_ok(
        queryset.order_by(F("submitted_at").desc(nulls_first=True), "-id")
    )
