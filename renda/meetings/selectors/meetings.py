"""Reads of meetings: the list, one meeting with what its screen shows and the
actions the user may take now, a member's own meetings, and the live quorum.

Pages, the API and the staff desk read through these, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from renda.congresses.choices import LEADERSHIP_ROLES
from renda.core.parsing import parse_pk
from renda.core.state import allowed

from .. import hooks, rules
from ..choices import (
    GRADED_KINDS,
    Attendance,
    MeetingKind,
    MeetingStatus,
    VoteResult,
    VoteStatus,
)
from ..events import describe_event
from ..models import (
    AgendaItem,
    CommitteeMeeting,
    MeetingAttendance,
    MeetingPaper,
    PaperReceipt,
    Vote,
)
from ..permissions import manages_congress, meeting_congress_q, seat_of

NOT_SIGNED_IN = "未签到"
YEAR_MIN, YEAR_MAX = 1949, 2100


def _int_or_none(value, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@dataclass
class MeetingFilters:
    """The filters of the meetings' list, shared by the page and the API."""

    congress: int | None = None
    kind: str = ""
    year: int | None = None
    status: str = ""
    upcoming: bool = False

    @classmethod
    def from_query(cls, data) -> MeetingFilters:
        kind = data.get("kind") or ""
        status = data.get("status") or ""
        upcoming = str(data.get("upcoming") or "").lower() in ("1", "true", "on")
        return cls(
            congress=parse_pk(data.get("congress")) if data.get("congress") else None,
            kind=kind if kind in MeetingKind.values else "",
            year=_int_or_none(data.get("year"), YEAR_MIN, YEAR_MAX),
            status=status if status in MeetingStatus.values else "",
            upcoming=upcoming,
        )


def meetings_visible_to(user) -> QuerySet[CommitteeMeeting]:
    """Return the meetings of the congresses the user reads (staff, leaders, members)."""
    if not getattr(user, "is_authenticated", False):
        return CommitteeMeeting.objects.none()
    return CommitteeMeeting.objects.filter(meeting_congress_q(user))


def meeting_list(user, filters: MeetingFilters) -> QuerySet[CommitteeMeeting]:
    """Return the visible meetings, filtered; coming ones soonest first when asked."""
    queryset = meetings_visible_to(user).select_related(
        "standing_committee__term__congress"
    )
    if filters.congress:
        queryset = queryset.filter(
            standing_committee__term__congress_id=filters.congress
        )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.year:
        queryset = queryset.filter(date__year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.upcoming:
        return queryset.filter(
            date__gte=timezone.localdate(),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.OPEN],
        ).order_by("date", "starts_at", "id")
    return queryset.order_by("-date", "-id")


def get_meeting_for_user(user, pk) -> CommitteeMeeting:
    """Return the meeting if the user may read it; 404 otherwise (never saying why)."""
    pk = parse_pk(pk)
    meeting = (
        meetings_visible_to(user)
        .select_related("standing_committee__term__congress__region")
        .filter(pk=pk or 0)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def get_managed_meeting(user, pk) -> CommitteeMeeting:
    """Return a meeting the user runs: 404 when unseen, 403 when only read."""
    meeting = get_meeting_for_user(user, pk)
    if not manages_congress(user, meeting.standing_committee.term.congress_id):
        raise PermissionDenied("您无权办理该会议。")
    return meeting


# Quorum --------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    needed: int
    met: bool

    @property
    def text(self) -> str:
        return (
            f"出席 {self.present} 人 / 组成人员 {self.members} 人，需 {self.needed} 人"
        )


def _quorum(present: int, members: int) -> Quorum:
    return Quorum(
        present=present,
        members=members,
        needed=rules.quorum_needed(members),
        met=rules.quorum_met(present, members),
    )


def quorum_state(meeting: CommitteeMeeting) -> Quorum:
    """The meeting's quorum now: members present out of ALL members in office."""
    members = rules.meeting_members(meeting)
    present = MeetingAttendance.objects.filter(
        meeting=meeting, status=Attendance.PRESENT, member__in=members
    ).count()
    return _quorum(present, members.count())


# Detail --------------------------------------------------------------------------


def observers_url(meeting_pk: int) -> str:
    """The page of the deputies observing (列席, the 双联 records), if installed."""
    try:
        return reverse("liaison:meeting_detail", args=[meeting_pk])
    except NoReverseMatch:
        return ""


def vote_manage_url(vote_pk: int) -> str:
    """The staff page of a vote (built by the votes part), or "" before it exists."""
    try:
        return reverse("meetings:vote_manage", args=[vote_pk])
    except NoReverseMatch:
        return ""


@dataclass
class VoteSummary:
    id: int
    title: str
    kind: str
    mode: str
    status: str
    status_label: str
    result: str
    result_label: str
    counts: dict
    not_voting: int | None
    url: str


def vote_summary(vote: Vote) -> VoteSummary:
    """A vote's status and result as the Vote row holds them (the all-member rule)."""
    if vote.kind in GRADED_KINDS:
        counts = {
            "满意": vote.satisfied_count,
            "基本满意": vote.basically_satisfied_count,
            "不满意": vote.unsatisfied_count,
        }
    else:
        counts = {
            "赞成": vote.for_count,
            "反对": vote.against_count,
            "弃权": vote.abstain_count,
        }
    closed = vote.status == VoteStatus.CLOSED
    return VoteSummary(
        id=vote.pk,
        title=vote.title,
        kind=vote.kind,
        mode=vote.mode,
        status=vote.status,
        status_label=str(VoteStatus(vote.status).label),
        result=vote.result if closed else "",
        result_label=str(VoteResult(vote.result).label)
        if closed and vote.result
        else "",
        counts=counts if closed else {},
        not_voting=vote.not_voting_count if closed else None,
        url=vote_manage_url(vote.pk),
    )


@dataclass
class PaperRow:
    paper: MeetingPaper
    late: bool
    read_count: int | None = None  # staff: receipts read
    receipt_count: int | None = None
    read_at: dt.datetime | None = None  # a member: their own receipt
    unread: bool = False


@dataclass
class AgendaRow:
    item: AgendaItem
    papers: list[PaperRow]
    votes: list[VoteSummary]
    # What the item hears or decides (关联事项): label, page, form value.
    subject_label: str = ""
    subject_url: str = ""
    subject_value: str = ""


@dataclass
class AttendanceRow:
    member: object
    name: str
    status: str
    status_label: str
    reason: str
    method: str
    signed_in_at: dt.datetime | None


@dataclass
class MeetingDetail:
    meeting: CommitteeMeeting
    agenda: list[AgendaRow]
    other_votes: list[VoteSummary]
    attendance: list[AttendanceRow]
    quorum: Quorum
    guests: list
    timeline: list
    actions: list[str]
    manages: bool
    seat: object = None
    unread_papers: int = 0
    congress: object = None
    extra: dict = field(default_factory=dict)


def _paper_late(paper: MeetingPaper, today: dt.date) -> bool:
    """Late: not sent by its due day (sent after it, or unsent and the day passed)."""
    if paper.due_on is None:
        return False
    if paper.sent_at is not None:
        return timezone.localdate(paper.sent_at) > paper.due_on
    return today > paper.due_on


def _papers_prefetch(manages: bool, seat) -> Prefetch:
    queryset = MeetingPaper.objects.order_by("id")
    if manages:
        queryset = queryset.annotate(
            receipt_total=Count("receipts", distinct=True),
            receipt_read=Count(
                "receipts", filter=Q(receipts__read_at__isnull=False), distinct=True
            ),
        )
    elif seat is not None:
        queryset = queryset.filter(sent_at__isnull=False).prefetch_related(
            Prefetch(
                "receipts",
                queryset=PaperReceipt.objects.filter(member=seat),
                to_attr="own_receipts",
            )
        )
    else:
        queryset = queryset.filter(sent_at__isnull=False)
    return Prefetch("papers", queryset=queryset)


def _paper_row(paper, manages: bool, today) -> PaperRow:
    row = PaperRow(paper=paper, late=_paper_late(paper, today))
    if manages:
        row.read_count = paper.receipt_read
        row.receipt_count = paper.receipt_total
    else:
        own = getattr(paper, "own_receipts", None) or []
        row.read_at = own[0].read_at if own else None
        row.unread = bool(own) and own[0].read_at is None
    return row


def meeting_actions(user, meeting, *, manages: bool, seat, attendance_row=None):
    """What the user may do with the meeting now (the page draws a form per action)."""
    actions: list[str] = []
    if manages:
        if allowed(meeting, "edit"):
            actions += ["edit", "agenda", "guests", "papers"]
        if allowed(meeting, "attend"):
            actions.append("attend")
        if allowed(meeting, "open"):
            actions.append("open")
        if allowed(meeting, "close"):
            actions.append("close")
        if allowed(meeting, "cancel"):
            actions.append("cancel")
        actions.append("notice_docx")
    if (
        seat is not None
        and (meeting.kind != MeetingKind.CHAIRPERSONS or seat.is_leadership)
        and allowed(meeting, "attend")
        and meeting.date == timezone.localdate()
        and (attendance_row is None or attendance_row.status != Attendance.PRESENT)
    ):
        actions.append("sign_in")
    return actions


def agenda_subject_of(item) -> dict:
    """An agenda item's subject as label, URL and form value (empty if none)."""
    if not item.subject_type_id:
        return {}
    subject = item.subject
    if subject is None:
        return {}
    return {
        "subject_label": str(subject),
        "subject_url": hooks.subject_url(subject),
        "subject_value": hooks.subject_value(subject),
    }


def _agenda_and_votes(meeting, manages, seat, today):
    items = list(
        meeting.agenda_items.order_by("position", "id").prefetch_related(
            _papers_prefetch(manages, seat), "subject"
        )
    )
    votes = list(meeting.votes.order_by("position", "id"))
    by_item: dict[int | None, list[VoteSummary]] = {}
    for vote in votes:
        by_item.setdefault(vote.agenda_item_id, []).append(vote_summary(vote))
    agenda = [
        AgendaRow(
            item=item,
            papers=[_paper_row(p, manages, today) for p in item.papers.all()],
            votes=by_item.get(item.pk, []),
            **agenda_subject_of(item),
        )
        for item in items
    ]
    return agenda, by_item.get(None, [])


def attendance_rows(meeting) -> tuple[list[AttendanceRow], Quorum]:
    """Every member in office on the meeting's day, marked or not (未签到), and the quorum."""
    members = list(
        rules.meeting_members(meeting).select_related("deputy").order_by("rank", "id")
    )
    marked = {row.member_id: row for row in meeting.attendances.all()}
    rows = []
    for member in members:
        row = marked.get(member.pk)
        status = row.status if row else ""
        rows.append(
            AttendanceRow(
                member=member,
                name=member.deputy.name,
                status=status,
                status_label=str(Attendance(status).label) if status else NOT_SIGNED_IN,
                reason=row.reason if row else "",
                method=row.method if row else "",
                signed_in_at=row.signed_in_at if row else None,
            )
        )
    present = sum(1 for r in rows if r.status == Attendance.PRESENT)
    return rows, _quorum(present, len(rows))


def meeting_detail(user, pk) -> MeetingDetail:
    """One meeting: agenda with papers and votes, attendance of all members, quorum,
    guests, timeline, and the actions the user may take now."""
    meeting = get_meeting_for_user(user, pk)
    congress = meeting.standing_committee.term.congress
    manages = manages_congress(user, congress.pk)
    seat = seat_of(user, meeting.standing_committee, meeting.date)
    today = timezone.localdate()
    agenda, other_votes = _agenda_and_votes(meeting, manages, seat, today)
    attendance, quorum = attendance_rows(meeting)
    own = next((r for r in attendance if seat and r.member.pk == seat.pk), None)
    timeline = [
        describe_event(event)
        for event in meeting.timeline.select_related("actor").order_by(
            "created_at", "id"
        )
    ]
    return MeetingDetail(
        meeting=meeting,
        agenda=agenda,
        other_votes=other_votes,
        attendance=attendance,
        quorum=quorum,
        guests=list(meeting.guests.order_by("id")),
        timeline=timeline,
        actions=meeting_actions(
            user, meeting, manages=manages, seat=seat, attendance_row=own
        ),
        manages=manages,
        seat=seat,
        unread_papers=sum(1 for row in agenda for p in row.papers if p.unread),
        congress=congress,
    )


# A member's meetings ----------------------------------------------------------------


@dataclass
class MyMeeting:
    meeting: CommitteeMeeting
    today: bool
    may_sign_in: bool
    signed_in: bool
    unread_papers: int
    papers: int


def my_meetings(user, *, limit: int = 20) -> list[MyMeeting]:
    """A member's meetings (their seat's committee), coming ones first, with
    today's sign-in and their unread papers."""
    if not getattr(user, "is_authenticated", False):
        return []
    seats = list(user.committee_memberships.all())
    if not seats:
        return []
    today = timezone.localdate()
    committee_ids = {seat.standing_committee_id for seat in seats}
    # The chairpersons' meetings are for the 主任、副主任、秘书长 only.
    chair_committee_ids = {
        seat.standing_committee_id for seat in seats if seat.role in LEADERSHIP_ROLES
    }
    seat_ids = [seat.pk for seat in seats]
    meetings = list(
        CommitteeMeeting.objects.filter(standing_committee_id__in=committee_ids)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(
            ~Q(kind=MeetingKind.CHAIRPERSONS)
            | Q(standing_committee_id__in=chair_committee_ids)
        )
        .select_related("standing_committee__term__congress")
        .annotate(
            paper_total=Count(
                "agenda_items__papers",
                filter=Q(agenda_items__papers__sent_at__isnull=False),
                distinct=True,
            ),
            paper_unread=Count(
                "agenda_items__papers__receipts",
                filter=Q(
                    agenda_items__papers__receipts__member_id__in=seat_ids,
                    agenda_items__papers__receipts__read_at__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("-date", "-id")[:limit]
    )
    present = set(
        MeetingAttendance.objects.filter(
            meeting__in=meetings, member_id__in=seat_ids, status=Attendance.PRESENT
        ).values_list("meeting_id", flat=True)
    )
    seat_by_committee = {seat.standing_committee_id: seat for seat in seats}
    rows = []
    for meeting in meetings:
        seat = seat_by_committee[meeting.standing_committee_id]
        in_office = (
            seat.took_office_on is None or seat.took_office_on <= meeting.date
        ) and (seat.left_office_on is None or seat.left_office_on > meeting.date)
        is_today = meeting.date == today
        rows.append(
            MyMeeting(
                meeting=meeting,
                today=is_today,
                may_sign_in=is_today
                and in_office
                and allowed(meeting, "attend")
                and meeting.pk not in present,
                signed_in=meeting.pk in present,
                unread_papers=meeting.paper_unread,
                papers=meeting.paper_total,
            )
        )
    # Today's first, then coming ones soonest first, then the past newest first.
    rows.sort(
        key=lambda r: (
            0 if r.today else 1 if r.meeting.date > today else 2,
            r.meeting.date.toordinal() * (1 if r.meeting.date > today else -1),
        )
    )
    return rows


# Papers ------------------------------------------------------------------------------


def paper_list(user, meeting) -> list[PaperRow]:
    """The meeting's papers the user may see: all for staff, sent ones for members."""
    manages = manages_congress(user, meeting.standing_committee.term.congress_id)
    seat = None if manages else seat_of(user, meeting.standing_committee)
    queryset = _papers_prefetch(manages, seat).queryset
    papers = queryset.filter(agenda_item__meeting=meeting).select_related("agenda_item")
    today = timezone.localdate()
    return [
        _paper_row(paper, manages, today)
        for paper in papers.order_by("agenda_item__position", "id")
    ]


def get_paper_for_user(user, pk) -> MeetingPaper:
    """A paper of a meeting the user reads: staff any, others only once sent."""
    pk = parse_pk(pk)
    paper = (
        MeetingPaper.objects.filter(
            meeting_congress_q(user, "agenda_item__meeting__"), pk=pk or 0
        )
        .select_related("agenda_item__meeting__standing_committee__term")
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if paper is None:
        raise Http404
    congress_id = paper.agenda_item.meeting.standing_committee.term.congress_id
    if paper.sent_at is None and not manages_congress(user, congress_id):
        raise Http404
    return paper


def receipt_list(user, paper) -> QuerySet[PaperReceipt]:
    """A paper's read receipts (staff): who has read it and when."""
    congress_id = paper.agenda_item.meeting.standing_committee.term.congress_id
    if not manages_congress(user, congress_id):
        raise Http404
    return paper.receipts.select_related("member__deputy").order_by(
        "member__rank", "member_id"
    )
