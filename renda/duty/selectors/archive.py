"""Reads of the duty archive: a deputy's archive (their own or as staff), the
congress's board of archives, plenary sessions and their roll, and the
activities added by hand. Pages, the API and the exports adapt these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from renda.congresses.models import Congress, Session
from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk
from renda.deputies.models import Deputy, DeputyGroup, Mandate

from ..archive import Archive, archives_for, deputy_archive
from ..choices import RECORD_KINDS, ArchiveKind, RecordStatus
from ..events import timeline
from ..models import DutyRecord, DutyScore, ScoringRules, SessionAttendance
from ..permissions import (
    is_deputy_self,
    manages_duty,
    reads_duty,
    visible_congress_ids,
)
from ..services.archive import session_half_days, session_roll_deputies

# Kinds shown as columns of the board and the summary (ADJUSTMENT aside).
SUMMARY_KINDS = [k for k in ArchiveKind if k != ArchiveKind.ADJUSTMENT]


def current_year() -> int:
    return timezone.localdate().year


def _year(value) -> int:
    number = parse_pk(value)
    if number is None or not 2000 <= number <= current_year() + 1:
        return current_year()
    return number


def deputy_congresses(deputy) -> list[Congress]:
    """The congresses the deputy holds (or held) a mandate in, latest term first."""
    ids = []
    for congress_id in (
        Mandate.objects.filter(deputy=deputy)
        .order_by("-term__start_date")
        .values_list("term__congress_id", flat=True)
    ):
        if congress_id not in ids:
            ids.append(congress_id)
    found = Congress.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def mandate_years(deputy, congress) -> list[int]:
    """The years of the deputy's mandates in ``congress``, latest first."""
    today = timezone.localdate()
    years: set[int] = set()
    for start, end in Mandate.objects.filter(
        deputy=deputy, term__congress=congress
    ).values_list("start_date", "end_date"):
        last = min(end or today, today).year
        years.update(range(start.year, max(last, start.year) + 1))
    return sorted(years, reverse=True) or [today.year]


@dataclass
class SummaryLine:
    kind: str
    label: str
    count: Decimal
    pending: int


@dataclass
class ArchivePage:
    deputy: Deputy
    congress: Congress
    year: int
    archive: Archive
    congresses: list[Congress]
    years: list[int]
    is_self: bool
    summary: list[SummaryLine] = field(default_factory=list)

    @property
    def sections(self):
        return self.archive.by_kind()


def _summary(archive: Archive) -> list[SummaryLine]:
    counts = archive.counts()
    pending: dict[str, int] = {}
    for entry in archive.pending:
        pending[entry.kind] = pending.get(entry.kind, 0) + 1
    return [
        SummaryLine(
            kind.value,
            str(kind.label),
            counts.get(kind.value, Decimal(0)),
            pending.get(kind.value, 0),
        )
        for kind in SUMMARY_KINDS
        if counts.get(kind.value) or pending.get(kind.value)
    ]


def _default_congress(deputy, congresses: list[Congress]) -> Congress:
    """The congress shown first: of the deputy's, the first that keeps duty
    scores in Renda (its rules or scores exist), else the latest term's."""
    if len(congresses) > 1:
        ids = [c.pk for c in congresses]
        keeping = set(
            ScoringRules.objects.filter(congress_id__in=ids).values_list(
                "congress_id", flat=True
            )
        ) | set(
            DutyScore.objects.filter(deputy=deputy, congress_id__in=ids).values_list(
                "congress_id", flat=True
            )
        )
        for congress in congresses:
            if congress.pk in keeping:
                return congress
    return congresses[0]


def archive_for_user(user, *, deputy_id, congress_id=None, year=None) -> ArchivePage:
    """One deputy's archive of a congress and year, for the deputy themself or
    staff and leaders of that congress; anything else is a 404."""
    deputy = Deputy.objects.filter(pk=parse_pk(deputy_id) or 0).first()
    if deputy is None:
        raise Http404
    own = is_deputy_self(user, deputy)
    congresses = [c for c in deputy_congresses(deputy) if own or reads_duty(user, c.pk)]
    if not congresses:
        raise Http404
    chosen = _default_congress(deputy, congresses)
    if congress_id not in (None, ""):
        wanted = parse_pk(congress_id)
        match = [c for c in congresses if c.pk == wanted]
        if not match:
            raise Http404
        chosen = match[0]
    years = mandate_years(deputy, chosen)
    picked = _year(year) if year not in (None, "") else years[0]
    if picked not in years:
        years = sorted({*years, picked}, reverse=True)
    archive = deputy_archive(deputy=deputy, congress=chosen, year=picked)
    return ArchivePage(
        deputy=deputy,
        congress=chosen,
        year=picked,
        archive=archive,
        congresses=congresses,
        years=years,
        is_self=own,
        summary=_summary(archive),
    )


def my_archive(user, *, congress_id=None, year=None) -> ArchivePage:
    """“我的履职”: the signed-in deputy's own archive."""
    from renda.accounts.permissions import get_scope

    scope = get_scope(user)
    if scope.deputy_id is None:
        raise Http404
    return archive_for_user(
        user, deputy_id=scope.deputy_id, congress_id=congress_id, year=year
    )


# The board -------------------------------------------------------------------


@dataclass
class ArchiveFilters:
    congress_id: int | None = None
    year: int | None = None
    delegation_id: int | None = None
    group_id: int | None = None
    station_id: int | None = None
    name: str = ""

    @classmethod
    def from_query(cls, data) -> ArchiveFilters:
        get = data.get
        return cls(
            congress_id=parse_pk(get("congress") or get("congress_id")),
            year=_year(get("year")) if get("year") else None,
            delegation_id=parse_pk(get("delegation") or get("delegation_id")),
            group_id=parse_pk(get("group") or get("group_id")),
            station_id=parse_pk(get("station") or get("station_id")),
            name=str(get("name") or "").strip()[:50],
        )


@dataclass
class BoardRow:
    deputy: Deputy
    counts: dict
    pending: int
    # The counts in the order of the board's kinds (None where there are none):
    # a table row reads them in one loop.
    cells: list = field(default_factory=list)

    def count(self, kind) -> Decimal:
        return self.counts.get(kind, Decimal(0))


@dataclass
class Board:
    congress: Congress
    congresses: list[Congress]
    year: int
    filters: ArchiveFilters
    kinds: list
    rows: list[BoardRow]
    delegations: list
    groups: list
    # The page of deputies the rows are (a page's board), or None (all of them:
    # the Excel export, the API, which pages the rows itself).
    page: object = None


def staff_congresses(user) -> list[Congress]:
    ids = visible_congress_ids(user)
    rows = Congress.objects.order_by("region__code", "pk")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return list(rows)


def _board_congress(user, congress_id) -> tuple[Congress, list[Congress]]:
    congresses = staff_congresses(user)
    if not congresses:
        raise Http404
    if congress_id is None:
        return congresses[0], congresses
    match = [c for c in congresses if c.pk == congress_id]
    if not match:
        raise Http404
    return match[0], congresses


def board_deputies(congress, year: int, filters: ArchiveFilters):
    """The congress's deputies whose mandate covered part of ``year``, filtered."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mandates = Mandate.objects.filter(
        term__congress=congress, start_date__lte=end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if filters.delegation_id:
        mandates = mandates.filter(delegation_id=filters.delegation_id)
    rows = Deputy.objects.filter(pk__in=mandates.values("deputy_id"))
    if filters.group_id:
        rows = rows.filter(deputy_groups__pk=filters.group_id)
    if filters.station_id:
        rows = rows.filter(deputy_groups__station_id=filters.station_id)
    if filters.name:
        rows = rows.filter(name__contains=filters.name)
    return rows.distinct().order_by("stroke_key", "pk")


def archive_board(
    user, filters: ArchiveFilters, *, page_number=None, per_page: int | None = None
) -> Board:
    """Staff and leaders: the congress's deputies with their counts per kind.

    With ``per_page``, only the deputies of page ``page_number`` (a page of the
    list, as on every list page) get their archives built and counted; without,
    every deputy's (the Excel export).
    """
    congress, congresses = _board_congress(user, filters.congress_id)
    year = filters.year or current_year()
    deputies = board_deputies(congress, year, filters)
    page = None
    if per_page:
        page = BoundedPaginator(deputies, per_page).get_page(page_number)
        deputies = page.object_list
    deputies = list(deputies)
    archives = archives_for(
        congress=congress, year=year, deputy_ids=[d.pk for d in deputies]
    )
    rows = []
    for deputy in deputies:
        counts = archives[deputy.pk].counts()
        rows.append(
            BoardRow(
                deputy=deputy,
                counts=counts,
                pending=len(archives[deputy.pk].pending),
                cells=[counts.get(kind.value) for kind in SUMMARY_KINDS],
            )
        )
    groups_of = DeputyGroup.objects.filter(congress=congress)
    delegations = list(
        congress.terms.order_by("-number").first().delegations.all()
        if congress.terms.exists()
        else []
    )
    return Board(
        congress=congress,
        congresses=congresses,
        year=year,
        filters=filters,
        kinds=SUMMARY_KINDS,
        rows=rows,
        delegations=delegations,
        groups=list(groups_of.order_by("name")),
        page=page,
    )


# Sessions ----------------------------------------------------------------------


@dataclass
class SessionRow:
    session: Session
    deputies: int
    recorded: int
    counts: dict


def sessions_for_user(
    user, *, congress_id=None
) -> tuple[Congress, list, list[SessionRow]]:
    """The plenary sessions of a congress (all its terms) with the roll's counts."""
    congress, congresses = _board_congress(user, parse_pk(congress_id))
    sessions = list(
        Session.objects.filter(term__congress=congress)
        .select_related("term", "term__congress")
        .order_by("-start_date", "-pk")
    )
    tallies: dict[int, dict] = {}
    for session_id, status, n in (
        SessionAttendance.objects.filter(session__in=sessions)
        .values_list("session_id", "status")
        .annotate(n=Count("id"))
    ):
        tallies.setdefault(session_id, {})[status] = n
    rows = [
        SessionRow(
            session=s,
            deputies=session_roll_deputies(s).count(),
            recorded=sum(tallies.get(s.pk, {}).values()),
            counts=tallies.get(s.pk, {}),
        )
        for s in sessions
    ]
    return congress, congresses, rows


def get_session_for_user(user, pk) -> Session:
    session = (
        Session.objects.filter(pk=parse_pk(pk) or 0)
        .select_related("term", "term__congress")
        .first()
    )
    if session is None or not reads_duty(user, session.term.congress_id):
        raise Http404
    return session


@dataclass
class RollRow:
    deputy: Deputy
    attendance: SessionAttendance | None


@dataclass
class SessionRoll:
    session: Session
    half_days: int
    rows: list[RollRow]
    manages: bool


def session_roll(user, pk) -> SessionRoll:
    session = get_session_for_user(user, pk)
    recorded = {
        a.deputy_id: a for a in SessionAttendance.objects.filter(session=session)
    }
    rows = [
        RollRow(deputy=d, attendance=recorded.get(d.pk))
        for d in session_roll_deputies(session)
    ]
    return SessionRoll(
        session=session,
        half_days=session_half_days(session),
        rows=rows,
        manages=manages_duty(user, session.term.congress_id),
    )


# Records added by hand ---------------------------------------------------------


def records_visible_to(user):
    from renda.accounts.permissions import get_scope

    scope = get_scope(user)
    rows = DutyRecord.objects.select_related("deputy", "congress")
    ids = visible_congress_ids(user)
    if ids is None:
        return rows
    q = Q(congress_id__in=ids)
    if scope.deputy_id is not None:
        q |= Q(deputy_id=scope.deputy_id)
    return rows.filter(q)


@dataclass
class RecordFilters:
    status: str = ""
    congress_id: int | None = None
    deputy_id: int | None = None

    @classmethod
    def from_query(cls, data) -> RecordFilters:
        status = str(data.get("status") or "")
        return cls(
            status=status if status in RecordStatus.values else "",
            congress_id=parse_pk(data.get("congress") or data.get("congress_id")),
            deputy_id=parse_pk(data.get("deputy") or data.get("deputy_id")),
        )


def records_list(user, filters: RecordFilters | None = None):
    """Staff: the records of their congresses, pending first; a deputy: their own."""
    filters = filters or RecordFilters()
    rows = records_visible_to(user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.congress_id:
        rows = rows.filter(congress_id=filters.congress_id)
    if filters.deputy_id:
        rows = rows.filter(deputy_id=filters.deputy_id)
    pending_first = Q(status=RecordStatus.PENDING)
    from django.db.models import Case, IntegerField, Value, When

    return rows.annotate(
        waiting=Case(
            When(pending_first, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("waiting", "-date", "-pk")


def get_record_for_user(user, pk) -> DutyRecord:
    record = records_visible_to(user).filter(pk=parse_pk(pk) or 0).first()
    if record is None:
        raise Http404
    return record


@dataclass
class RecordDetail:
    record: DutyRecord
    actions: list[str]
    timeline: list


def record_actions(user, record) -> list[str]:
    actions = []
    pending = record.status == RecordStatus.PENDING
    own = is_deputy_self(user, record.deputy) or (
        record.submitted_by_id is not None and record.submitted_by_id == user.pk
    )
    if pending and (own or manages_duty(user, record.congress_id)):
        actions.append("edit")
    if pending and manages_duty(user, record.congress_id):
        actions += ["confirm", "reject"]
    if pending and own:
        actions.append("withdraw")
    return actions


def record_detail(user, pk) -> RecordDetail:
    record = get_record_for_user(user, pk)
    return RecordDetail(
        record=record,
        actions=record_actions(user, record),
        timeline=timeline(record),
    )


def record_kind_choices():
    return [(k.value, k.label) for k in RECORD_KINDS]
