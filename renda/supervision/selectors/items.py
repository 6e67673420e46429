"""Reads of supervision items: filters, the list, one item with what the user may do,
the work-report clock, and what still blocks closing an item.

Pages, the API and the daily job use these, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk
from renda.core.state import allowed

from .. import rules
from ..choices import (
    ItemStatus,
    OpinionStatus,
    SupervisionKind,
    WorkReportStep,
)
from ..events import describe_event, label_of
from ..models import (
    ItemDocument,
    Participant,
    ReviewOpinion,
    SiteVisit,
    SupervisionItem,
    WorkingGroup,
)
from ..permissions import can_manage_item, item_visibility_q, sees_drafts
from .publication import missing_publications

SEARCH_MAX_LENGTH = 50


def _text(value, max_length: int) -> str:
    text = str(value or "").strip()
    return text if len(text) <= max_length and "\x00" not in text else ""


def _year(value) -> int | None:
    year = parse_pk(value) if value not in (None, "") else None
    return year if year and 1979 <= year <= 2100 else None


@dataclass(frozen=True)
class ItemFilters:
    """Items by congress, year, kind, theme, unit, status and a search of the title."""

    congress: int | None = None
    year: int | None = None
    kind: str = ""
    theme: int | None = None
    unit: int | None = None
    status: str = ""
    q: str = ""
    # Only the items the user takes part in (a participant as a member or deputy).
    mine: bool = False

    @classmethod
    def from_query(cls, query: Mapping) -> ItemFilters:
        """Parse a page's query string or the API's query; unknown values mean "all"."""
        kind = str(query.get("kind") or "")
        status = str(query.get("status") or "")
        return cls(
            congress=parse_pk(query.get("congress")) or None,
            year=_year(query.get("year")),
            kind=kind if kind in SupervisionKind.values else "",
            theme=parse_pk(query.get("theme")) or None,
            unit=parse_pk(query.get("unit")) or None,
            status=status if status in ItemStatus.values else "",
            q=_text(query.get("q"), SEARCH_MAX_LENGTH),
            mine=str(query.get("mine") or "") in ("1", "true", "True", "on"),
        )


def taking_part_q(user) -> Q:
    """Match the items the user is invited to: as a committee member or a deputy."""
    scope = get_scope(user)
    query = Q(member__user_id=user.pk)
    if scope.deputy_id is not None:
        query |= Q(deputy_id=scope.deputy_id)
    return Q(pk__in=Participant.objects.filter(query).values("item_id"))


def items_visible_to(user) -> QuerySet[SupervisionItem]:
    """The items the user may see (distinct: the visibility query joins to-many)."""
    visible = SupervisionItem.objects.filter(item_visibility_q(user))
    return SupervisionItem.objects.filter(pk__in=visible.values("pk"))


def item_list(user, filters: ItemFilters) -> QuerySet[SupervisionItem]:
    """The visible items, filtered, newest year first then by planned month."""
    queryset = items_visible_to(user)
    if filters.congress:
        queryset = queryset.filter(congress_id=filters.congress)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.theme:
        queryset = queryset.filter(
            pk__in=SupervisionItem.themes.through.objects.filter(
                theme_id=filters.theme
            ).values("supervisionitem_id")
        )
    if filters.unit:
        queryset = queryset.filter(
            pk__in=SupervisionItem.target_units.through.objects.filter(
                handlingunit_id=filters.unit
            ).values("supervisionitem_id")
        )
    if filters.q:
        queryset = queryset.filter(title__contains=filters.q)
    if filters.mine:
        queryset = queryset.filter(taking_part_q(user))
    return (
        queryset.select_related("congress", "lead_committee")
        .prefetch_related("themes", "target_units", "leaders")
        .order_by("-year", "planned_month", "id")
    )


def get_item_for_user(user, pk) -> SupervisionItem:
    """Return one item the user may see, or raise 404."""
    try:
        return (
            items_visible_to(user)
            .select_related("congress", "congress__region", "lead_committee")
            .get(pk=pk)
        )
    except (SupervisionItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# The work-report clock -------------------------------------------------------------

CLOCK_LABELS = {
    "done": "已按期完成",
    "late": "逾期完成",
    "due": "待完成",
    "missed": "已逾期",
}


@dataclass(frozen=True)
class ClockStep:
    step: str
    label: str
    due: dt.date
    provisional: bool
    done_on: dt.date | None
    state: str  # done, late, due, missed

    @property
    def state_label(self) -> str:
        return CLOCK_LABELS[self.state]


def work_report_clock(item, *, today: dt.date | None = None, milestones=None):
    """Return the steps of a work report's clock, counted back from its meeting.

    None for other kinds and for a report with no meeting date yet. A due day is
    provisional when the holiday calendar does not know its year (shown 暂定).
    """
    if item.kind != SupervisionKind.WORK_REPORT or item.meeting_date is None:
        return None
    today = today or timezone.localdate()
    if milestones is None:
        milestones = list(item.milestones.all())
    done = {m.step: m.done_on for m in milestones}
    steps = []
    for step in WorkReportStep:
        due = rules.work_report_step_due(item.congress, item.meeting_date, step)
        done_on = done.get(step.value)
        if done_on is not None:
            state = "done" if done_on <= due.due else "late"
        else:
            state = "due" if today <= due.due else "missed"
        steps.append(
            ClockStep(
                step.value, str(step.label), due.due, due.provisional, done_on, state
            )
        )
    return steps


# Closing ---------------------------------------------------------------------------


def close_blockers(item) -> list[str]:
    """What still keeps an item from being closed, in Chinese (empty: it may close):
    what the law requires published and is not yet, and review opinions not
    concluded."""
    open_opinions = (
        ReviewOpinion.objects.filter(item=item)
        .exclude(status=OpinionStatus.CONCLUDED)
        .count()
    )
    blockers = missing_publications(item)
    if open_opinions:
        blockers.append(f"{open_opinions}份审议意见尚未办结")
    return blockers


# One item --------------------------------------------------------------------------

# The verbs of an item, as the page's forms and the API's actions name them.
ITEM_ACTIONS = (
    "edit",
    "start",
    "complete",
    "cancel",
    "close",
    "invite",
    "attendance",
    "remove_participant",
    "add_group",
    "record_visit",
    "add_document",
    "remove_document",
    "record_milestone",
)
EDIT_VERBS = (
    "edit",
    "invite",
    "attendance",
    "remove_participant",
    "add_group",
    "record_visit",
    "add_document",
    "remove_document",
)


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    label: str
    text: str
    at: dt.datetime
    actor: str


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    role: str
    role_label: str
    name: str
    title: str
    attendance: str
    attendance_label: str
    leave_reason: str
    working_group_id: int | None


@dataclass
class ItemDetail:
    """One item as its page and the API show it, with what the user may do now."""

    item: SupervisionItem
    timeline: list
    clock: list | None
    participants: list
    working_groups: list
    visits: list
    documents: list
    close_blockers: list
    follows: SupervisionItem | None
    follow_ups: list
    actions: list
    sees_drafts: bool = False
    extra: dict = field(default_factory=dict)

    def may(self, verb: str) -> bool:
        return verb in self.actions


def item_actions(user, item, *, blockers=None) -> list[str]:
    """Return the verbs of ``ITEM_ACTIONS`` the user may apply to the item now."""
    if not can_manage_item(user, item):
        return []
    actions = []
    editable = allowed(item, "edit")
    for verb in ITEM_ACTIONS:
        if verb in EDIT_VERBS:
            if editable:
                actions.append(verb)
        elif verb == "record_milestone":
            if editable and item.kind == SupervisionKind.WORK_REPORT:
                actions.append(verb)
        elif verb == "close":
            if allowed(item, "close") and not (
                close_blockers(item) if blockers is None else blockers
            ):
                actions.append(verb)
        elif allowed(item, verb):
            actions.append(verb)
    return actions


def _participant_row(p: Participant) -> ParticipantRow:
    if p.member_id:
        name = p.member.deputy.name
    elif p.deputy_id:
        name = p.deputy.name
    else:
        name = p.name
    return ParticipantRow(
        id=p.pk,
        role=p.role,
        role_label=str(p.get_role_display()),
        name=name,
        title=p.title,
        attendance=p.attendance,
        attendance_label=str(p.get_attendance_display()),
        leave_reason=p.leave_reason,
        working_group_id=p.working_group_id,
    )


def item_detail(user, pk, *, today: dt.date | None = None) -> ItemDetail:
    """Return one item the user may see, with all its screen shows, or raise 404."""
    item = get_item_for_user(user, pk)
    drafts = sees_drafts(user, item)
    participants = [
        _participant_row(p)
        for p in item.participants.select_related("member__deputy", "deputy").order_by(
            "role", "id"
        )
    ]
    groups = list(
        WorkingGroup.objects.filter(item=item)
        .select_related("leader__deputy")
        .prefetch_related("regions")
        .order_by("id")
    )
    visits = list(
        SiteVisit.objects.filter(item=item)
        .select_related("working_group")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("member__deputy", "deputy"),
            )
        )
        .order_by("date", "id")
    )
    documents = ItemDocument.objects.filter(item=item).order_by("kind", "-version")
    if not drafts:
        documents = documents.filter(published_at__isnull=False)
    events = list(item.events.select_related("actor").order_by("at", "id"))
    timeline = [
        TimelineEntry(
            kind=e.kind,
            label=str(label_of(e.kind)),
            text=describe_event(e),
            at=e.at,
            actor=str(e.actor) if e.actor else "",
        )
        for e in events
    ]
    follows = None
    if item.follows_id:
        follows = items_visible_to(user).filter(pk=item.follows_id).first()
    follow_ups = list(
        items_visible_to(user).filter(follows_id=item.pk).order_by("year", "id")
    )
    blockers = (
        close_blockers(item)
        if drafts and item.status in (ItemStatus.DONE, ItemStatus.FOLLOWING_UP)
        else []
    )
    return ItemDetail(
        item=item,
        timeline=timeline,
        clock=work_report_clock(item, today=today),
        participants=participants,
        working_groups=groups,
        visits=visits,
        documents=list(documents),
        close_blockers=blockers,
        follows=follows,
        follow_ups=follow_ups,
        actions=item_actions(user, item, blockers=blockers),
        sees_drafts=drafts,
    )


def get_document_for_user(user, pk) -> ItemDocument:
    """One document the user may see (drafts only to the congress's people), or 404."""
    document = ItemDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    item = get_item_for_user(user, document.item_id)
    if document.published_at is None and not sees_drafts(user, item):
        raise Http404
    document.item = item
    return document


def get_participant_for_user(user, item, pk) -> Participant:
    found = Participant.objects.filter(pk=pk, item=item).first()
    if found is None:
        raise Http404
    return found


def missed_clock_steps(today: dt.date):
    """(item, ClockStep) of running work reports whose steps passed undone."""
    items = (
        SupervisionItem.objects.filter(
            kind=SupervisionKind.WORK_REPORT,
            meeting_date__isnull=False,
            status__in=[ItemStatus.PLANNED, ItemStatus.IN_PROGRESS],
        )
        .select_related("congress", "congress__region")
        .prefetch_related("milestones")
        .order_by("id")
    )
    for item in items:
        for step in work_report_clock(
            item, today=today, milestones=list(item.milestones.all())
        ):
            if step.state == "missed":
                yield item, step
