"""Reads of votes: the staff's and members' lists, one vote with the actions
the user may take now, a member's open votes, and the public side (closed
votes and their bulletins).

Nothing here reveals any ballot's choice or tracker before the vote closes:
while a vote is open the only figure shown is how many have voted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from renda.accounts.permissions import get_scope
from renda.core.parsing import parse_pk

from .. import ballots as chain
from .. import rules
from ..choices import (
    GRADED_KINDS,
    Attendance,
    VoteKind,
    VoteMode,
    VoteResult,
    VoteStatus,
    choices_of,
)
from ..models import MeetingAttendance, Participation, Vote
from ..permissions import manages_congress

PUBLIC_STATUSES = (VoteStatus.CLOSED,)


@dataclass(frozen=True)
class VoteFilters:
    status: str = ""
    kind: str = ""
    meeting: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query) -> VoteFilters:
        status = query.get("status", "")
        kind = query.get("kind", "")
        return cls(
            status=status if status in VoteStatus.values else "",
            kind=kind if kind in VoteKind.values else "",
            meeting=parse_pk(query.get("meeting")),
            q=(query.get("q") or "").strip()[:50],
        )


def _scope_q(user) -> Q:
    """The votes a user may read: staff and leaders of the congress, and the
    members of the committee that votes (their own committee only)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    scope = get_scope(user)
    if scope.is_admin:
        return Q()
    q = Q(meeting__standing_committee__members__user=user)
    if scope.congress_ids:
        q |= Q(meeting__standing_committee__term__congress_id__in=scope.congress_ids)
    return q


def _filtered(queryset: QuerySet, filters: VoteFilters) -> QuerySet:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.meeting:
        queryset = queryset.filter(meeting_id=filters.meeting)
    if filters.q:
        queryset = queryset.filter(title__icontains=filters.q)
    return queryset


def vote_list(user, filters: VoteFilters | None = None) -> QuerySet:
    """The votes the user may read, newest meeting first."""
    filters = filters or VoteFilters()
    ids = Vote.objects.filter(_scope_q(user)).values("pk")
    return _filtered(
        Vote.objects.filter(pk__in=ids)
        .select_related("meeting__standing_committee__term__congress", "agenda_item")
        .order_by("-meeting__date", "-meeting_id", "position", "pk"),
        filters,
    )


def get_vote_for_user(user, pk) -> Vote:
    """The vote, or 404 when it is outside the user's scope."""
    pk = parse_pk(pk)
    vote = vote_list(user).filter(pk=pk or 0).first() if pk else None
    if vote is None:
        raise Http404
    return vote


def manages_vote(user, vote: Vote) -> bool:
    return manages_congress(user, vote.meeting.standing_committee.term.congress_id)


def elector_seat(user, vote: Vote):
    """The user's seat in the vote's frozen electorate, or None."""
    if user is None or not user.is_authenticated:
        return None
    elector = vote.electors.select_related("member").filter(member__user=user).first()
    return elector.member if elector else None


def has_voted(user, vote: Vote) -> bool:
    seat = elector_seat(user, vote)
    return (
        seat is not None
        and Participation.objects.filter(vote=vote, member=seat).exists()
    )


@dataclass(frozen=True)
class ResultLine:
    label: str
    count: int
    key: str = ""


@dataclass(frozen=True)
class ResultSummary:
    """A closed vote's result, worded by the all-member rule."""

    lines: list[ResultLine]
    not_voting: int
    result: str
    result_label: str
    passed: bool
    rule_text: str
    denominator: int
    denominator_label: str
    needed: int


def result_summary(vote: Vote) -> ResultSummary | None:
    """The totals (未按 included) and the result in words, e.g.
    "赞成 38 票，未超过全体组成人员 76 人的半数"; None before close."""
    if vote.status != VoteStatus.CLOSED or vote.electorate_size is None:
        return None
    counts = chain.stored_counts(vote)
    options = choices_of(vote.kind)
    lines = [ResultLine(str(options(k).label), n, k) for k, n in counts.items()]
    electorate = vote.electorate_size
    if vote.kind in GRADED_KINDS:
        tally = rules.grade_tally(
            counts,
            electorate,
            present=vote.present_count,
            grades_rule=vote.grade_rule or rules.SATISFIED_OR_BASIC,
            denominator_rule=vote.denominator_rule or rules.ALL_MEMBERS,
        )
        counted_label = (
            "满意" if tally.grades_rule == rules.SATISFIED_ONLY else "满意和基本满意"
        )
        counted = tally.counted
        denominator = tally.denominator
        denominator_label = (
            "出席人员"
            if denominator == vote.present_count
            and vote.denominator_rule == rules.PRESENT_MEMBERS
            else "全体组成人员"
        )
        passed = vote.result == VoteResult.SATISFIED
    else:
        counted_label = "赞成"
        counted = counts["FOR"]
        denominator = electorate
        denominator_label = "全体组成人员"
        passed = vote.result == VoteResult.PASSED
    over = "超过" if rules.more_than_half(counted, denominator) else "未超过"
    rule_text = f"{counted_label} {counted} 票，{over}{denominator_label} {denominator} 人的半数"
    return ResultSummary(
        lines=lines,
        not_voting=vote.not_voting_count or 0,
        result=vote.result,
        result_label=str(vote.get_result_display()),
        passed=passed,
        rule_text=rule_text,
        denominator=denominator,
        denominator_label=denominator_label,
        needed=rules.quorum_needed(denominator),
    )


@dataclass
class VoteDetail:
    vote: Vote
    actions: set[str] = field(default_factory=set)
    manages: bool = False
    is_elector: bool = False
    voted: bool = False
    signed_in: bool = True
    cast_count: int | None = None
    electorate: int | None = None
    summary: ResultSummary | None = None
    options: list[tuple[str, str]] = field(default_factory=list)


def cast_count(vote: Vote) -> int:
    """How many have voted (never what): the live count of the desk."""
    return Participation.objects.filter(vote=vote).count()


def vote_detail(user, pk) -> VoteDetail:
    """One vote with what the user may do now. Staff see the count of ballots
    cast while it is open; nobody sees a choice before it closes."""
    vote = get_vote_for_user(user, pk)
    detail = VoteDetail(vote=vote, summary=result_summary(vote))
    detail.options = list(choices_of(vote.kind).choices)
    detail.manages = manages_vote(user, vote)
    if detail.manages:
        if vote.status == VoteStatus.DRAFT:
            detail.actions.add("withdraw")
            if vote.mode == VoteMode.TALLY:
                detail.actions.add("enter_tally")
            else:
                detail.actions.add("open")
        elif vote.status == VoteStatus.OPEN:
            detail.actions.add("close")
    if vote.status in (VoteStatus.OPEN, VoteStatus.CLOSED):
        detail.electorate = vote.electorate_size
        if detail.manages or vote.status == VoteStatus.CLOSED:
            detail.cast_count = cast_count(vote)
    seat = elector_seat(user, vote)
    if seat is not None:
        detail.is_elector = True
        detail.voted = Participation.objects.filter(vote=vote, member=seat).exists()
        if vote.mode == VoteMode.IN_MEETING:
            detail.signed_in = MeetingAttendance.objects.filter(
                meeting=vote.meeting, member=seat, status=Attendance.PRESENT
            ).exists()
        if vote.status == VoteStatus.OPEN and not detail.voted:
            detail.actions.add("cast")
    return detail


def my_open_votes(user) -> QuerySet:
    """A member's open votes where they are an elector and have not voted."""
    if user is None or not user.is_authenticated:
        return Vote.objects.none()
    voted = Participation.objects.filter(member__user=user).values("vote_id")
    return (
        Vote.objects.filter(status=VoteStatus.OPEN, electors__member__user=user)
        .exclude(pk__in=voted)
        .select_related("meeting__standing_committee__term__congress")
        .distinct()
        .order_by("closes_at", "pk")
    )


def my_voted_open_votes(user) -> QuerySet:
    """Open votes the member has voted in (that they voted, never what)."""
    if user is None or not user.is_authenticated:
        return Vote.objects.none()
    voted = Participation.objects.filter(member__user=user).values("vote_id")
    return (
        Vote.objects.filter(status=VoteStatus.OPEN, pk__in=voted)
        .select_related("meeting__standing_committee__term__congress")
        .order_by("closes_at", "pk")
    )


def my_recent_votes(user, limit: int = 20) -> QuerySet:
    """The votes a member was an elector of, newest first (not what they chose)."""
    if user is None or not user.is_authenticated:
        return Vote.objects.none()
    ids = Vote.objects.filter(electors__member__user=user).values("pk")
    return (
        Vote.objects.filter(pk__in=ids)
        .exclude(status=VoteStatus.OPEN)
        .select_related("meeting__standing_committee__term__congress")
        .order_by("-closed_at", "-pk")[:limit]
    )


# The public side -------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    q: str = ""

    @classmethod
    def from_query(cls, query) -> PublicFilters:
        return cls(q=(query.get("q") or "").strip()[:50])


def closed_votes_public(filters: PublicFilters | None = None) -> QuerySet:
    """Closed votes (results published), newest first."""
    filters = filters or PublicFilters()
    queryset = Vote.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "meeting__standing_committee__term__congress__region"
    )
    if filters.q:
        queryset = queryset.filter(title__icontains=filters.q)
    return queryset.order_by("-closed_at", "-pk")


def get_public_vote(pk) -> Vote:
    """A closed vote, or 404 (an open vote has no bulletin yet)."""
    pk = parse_pk(pk)
    vote = closed_votes_public().filter(pk=pk or 0).first() if pk else None
    if vote is None:
        raise Http404
    return vote


@dataclass(frozen=True)
class BulletinBallot:
    position: int
    tracker: str
    tracker_display: str
    choice: str
    choice_label: str


@dataclass
class Bulletin:
    vote: Vote
    summary: ResultSummary | None
    participations: int
    chain_head: str
    participation_head: str
    ballot_head: str
    ballots: list[BulletinBallot]
    electronic: bool


def bulletin(vote: Vote) -> Bulletin:
    """The published bulletin of a closed vote: totals (未按 included), the
    result by the all-member rule, the three heads and every ballot's tracker
    and choice in tracker order. Who took part is not published (docs/voting.md)."""
    if vote.status != VoteStatus.CLOSED:
        raise Http404
    options = choices_of(vote.kind)
    labels = dict(options.choices)
    rows = vote.ballots.order_by("position", "tracker").values_list(
        "position", "tracker", "choice"
    )
    ballots = [
        BulletinBallot(
            position=position or 0,
            tracker=tracker,
            tracker_display=chain.format_tracker(tracker),
            choice=choice,
            choice_label=str(labels.get(choice, choice)),
        )
        for position, tracker, choice in rows
    ]
    return Bulletin(
        vote=vote,
        summary=result_summary(vote),
        participations=vote.participations.count(),
        chain_head=vote.chain_head,
        participation_head=vote.participation_head,
        ballot_head=vote.ballot_head,
        ballots=ballots,
        electronic=vote.mode != VoteMode.TALLY,
    )


def find_tracker(bulletin_: Bulletin, text: str) -> BulletinBallot | None:
    """The ballot with this tracker on the bulletin (typed with or without dashes)."""
    wanted = chain.normalize_tracker(text)
    if not wanted:
        return None
    return next((b for b in bulletin_.ballots if b.tracker == wanted), None)
