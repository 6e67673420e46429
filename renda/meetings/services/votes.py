"""Writes of votes: create, open (electorate frozen), cast a secret ballot,
close (tally, chains, result), withdraw a motion, enter a paper or
show-of-hands tally. docs/voting.md says what each step keeps secret."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.core.services import action_log_record
from renda.core.state import transition

from .. import ballots as chain
from .. import events, hooks, rules
from .. import notices as vote_notices
from ..choices import (
    GRADED_KINDS,
    Attendance,
    MeetingStatus,
    PersonnelKind,
    PersonnelStatus,
    VoteKind,
    VoteMode,
    VoteStatus,
    choices_of,
)
from ..models import (
    Appointment,
    Ballot,
    CommitteeMeeting,
    MeetingAttendance,
    Participation,
    Vote,
    VoteElector,
)
from ..permissions import manages_congress
from .common import clean_choice, clean_text, denied, invalid, now_or

Kind = events.Kind
logger = logging.getLogger(__name__)


def lock_vote(vote: Vote) -> Vote:
    """Lock the vote's row for the rest of the transaction."""
    return (
        Vote.objects.select_for_update()
        .select_related("meeting__standing_committee__term__congress")
        .get(pk=vote.pk)
    )


def _check_manage(actor, meeting: CommitteeMeeting) -> None:
    if not manages_congress(actor, meeting.standing_committee.term.congress_id):
        raise denied("您无权主持该表决。")


def vote_date(vote: Vote, now: dt.datetime) -> dt.date:
    """The vote's date: the meeting's for a vote in the meeting or a tally, the
    day it opens for an online vote."""
    if vote.mode == VoteMode.ONLINE:
        return timezone.localdate(vote.opens_at or now)
    return vote.meeting.date


@transaction.atomic
def vote_create(
    *,
    meeting: CommitteeMeeting,
    kind: str,
    mode: str,
    title: str,
    motion: str = "",
    agenda_item=None,
    closes_at: dt.datetime | None = None,
    actor,
) -> Vote:
    """Put a motion (or a test with grades) on a meeting's list of votes."""
    meeting = CommitteeMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_manage(actor, meeting)
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise Conflict(
            "会议已闭会或取消，不能再提付表决。", code="meetings.meeting_over"
        )
    kind = clean_choice(kind, VoteKind, field="kind", label="表决事项类别")
    mode = clean_choice(mode, VoteMode, field="mode", label="表决方式")
    title = clean_text(title, field="title", label="表决事项", max_length=200)
    motion = clean_text(
        motion, field="motion", label="议案内容", max_length=20000, required=False
    )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("议程不属于该会议。", "agenda_item")
    if closes_at is not None and mode != VoteMode.ONLINE:
        raise invalid("只有网络表决需要截止时间。", "closes_at")
    congress = meeting.standing_committee.term.congress
    position = (meeting.votes.aggregate(top=Max("position"))["top"] or 0) + 1
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        position=position,
        kind=kind,
        mode=mode,
        title=title,
        motion=motion,
        closes_at=closes_at,
        ballots_changeable=bool(rules.rule("ballots_changeable", congress)),
        grade_rule=rules.rule("satisfaction_grades", congress)
        if kind in GRADED_KINDS
        else "",
        denominator_rule=(
            rules.rule("satisfaction_denominator", congress)
            if kind in GRADED_KINDS
            else rules.ALL_MEMBERS
        ),
    )
    events.record_event(
        Kind.VOTE_CREATED,
        events.VoteCreated(
            title=title, kind=VoteKind(kind).label, mode=VoteMode(mode).label
        ),
        meeting=meeting,
        vote=vote,
        actor=actor,
    )
    return vote


def _check_removals_first(vote: Vote) -> None:
    """A removal is voted before the appointment to the same post."""
    if vote.kind != VoteKind.APPOINTMENT:
        return
    # The same post is the same post of the same body (局长 of one bureau is
    # not 局长 of another).
    same_post = Q()
    for organisation, post in vote.appointments.values_list("organisation", "post"):
        same_post |= Q(organisation=organisation, post=post)
    if not same_post:
        return
    pending = (
        Appointment.objects.filter(
            meeting=vote.meeting,
            kind=PersonnelKind.REMOVAL,
            status__in=[PersonnelStatus.PROPOSED, PersonnelStatus.VOTING],
        )
        .filter(same_post)
        .exclude(vote=vote)
    )
    first = pending.first()
    if first is not None:
        raise Conflict(
            f"请先表决“{first}”，再表决同一职务的任命。", code="meetings.removal_first"
        )


@transaction.atomic
def vote_open(
    *,
    vote: Vote,
    actor,
    closes_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Vote:
    """Open a vote: freeze its electorate (all members in office on its date);
    in the meeting, only while the meeting is open and has its quorum."""
    vote = lock_vote(vote)
    meeting = vote.meeting
    _check_manage(actor, meeting)
    now = now_or(now)
    if vote.mode == VoteMode.TALLY:
        raise Conflict("纸质票、举手表决请直接录入结果。", code="meetings.tally_only")
    transition(vote, "open", action="开始表决")
    _check_removals_first(vote)
    if vote.mode == VoteMode.ONLINE:
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            raise Conflict("会议已闭会或取消。", code="meetings.meeting_over")
        closes_at = closes_at or vote.closes_at
        if closes_at is None:
            closes_at = now + dt.timedelta(hours=int(rules.rule("online_vote_hours")))
        if closes_at <= now:
            raise invalid("网络表决的截止时间应晚于现在。", "closes_at")
        vote.opens_at = now
        vote.closes_at = closes_at
    elif meeting.status != MeetingStatus.OPEN:
        raise Conflict(
            "会议尚未宣布开会，不能在会场表决。", code="meetings.meeting_not_open"
        )
    electorate = list(rules.meeting_members(meeting, vote_date(vote, now)))
    if not electorate:
        raise Conflict("该常委会没有在任的组成人员。", code="meetings.no_members")
    present = None
    if vote.mode == VoteMode.IN_MEETING:
        present = MeetingAttendance.objects.filter(
            meeting=meeting, status=Attendance.PRESENT, member__in=electorate
        ).count()
        if not rules.quorum_met(present, len(electorate)):
            raise Conflict(
                f"出席人数{present}人，未超过全体组成人员{len(electorate)}人的半数，不能表决。",
                code="meetings.no_quorum",
            )
    VoteElector.objects.bulk_create(
        [VoteElector(vote=vote, member=m) for m in electorate]
    )
    vote.electorate_size = len(electorate)
    vote.present_count = present
    vote.opened_at = now
    vote.save()
    vote.appointments.filter(status=PersonnelStatus.PROPOSED).update(
        status=PersonnelStatus.VOTING
    )
    events.record_event(
        Kind.VOTE_OPENED,
        events.VoteOpened(
            title=vote.title, electorate=len(electorate), present=present
        ),
        meeting=meeting,
        vote=vote,
        actor=actor,
    )
    action_log_record(
        actor=actor,
        action="meetings.vote_open",
        target=vote,
        summary=f"开始表决：{vote.title}",
    )
    # mt-votes: the electors are told (in-app) once the opening commits.
    vote_notices.schedule_vote_opened(vote)
    return vote


@dataclass(frozen=True)
class CastReceipt:
    """What the voter takes away: the tracker (and, where ballots may be
    changed, the key to change it). Shown once, never stored beside them."""

    vote_id: int
    tracker: str
    change_key: str = ""
    changed: bool = False

    @property
    def tracker_display(self) -> str:
        return chain.format_tracker(self.tracker)


def confirm_identity(user, password) -> None:
    """Ask the member to confirm who they are before the ballot counts."""
    if (
        not password
        or not isinstance(password, str)
        or not user.check_password(password)
    ):
        raise PermissionDenied(
            "密码不正确，请重新输入登录密码确认身份。",
            code="meetings.reauth_failed",
            extra={"field": "password"},
        )


@transaction.atomic
def vote_cast(
    *,
    vote: Vote,
    user,
    choice: str,
    password: str | None,
    change_key: str = "",
    now: dt.datetime | None = None,
) -> CastReceipt:
    """Cast one secret ballot: a participation row (who) and a ballot row (what),
    with nothing that joins them; return the receipt."""
    vote = lock_vote(vote)
    now = now_or(now)
    # mt-votes: the seat is the user's seat in the frozen electorate (a user
    # who once held another seat on the committee votes with the one in office).
    elector = (
        vote.electors.select_related("member").filter(member__user=user).first()
        if user is not None and user.is_authenticated
        else None
    )
    if elector is None:
        raise denied("您不是本次表决的组成人员，不能投票。")
    seat = elector.member
    transition(vote, "cast", action="投票")
    if vote.mode == VoteMode.ONLINE and vote.closes_at and now >= vote.closes_at:
        raise Conflict("网络表决已截止，不能再投票。", code="meetings.vote_closed")
    if (
        vote.mode == VoteMode.IN_MEETING
        and not MeetingAttendance.objects.filter(
            meeting=vote.meeting, member=seat, status=Attendance.PRESENT
        ).exists()
    ):
        raise Conflict("请先在会场签到，再参加表决。", code="meetings.not_signed_in")
    allowed = choices_of(vote.kind)
    choice = clean_choice(choice, allowed, field="choice", label="表决意见")
    confirm_identity(user, password)
    if Participation.objects.filter(vote=vote, member=seat).exists():
        if not (vote.ballots_changeable and change_key):
            raise Conflict("您已投票，不能重复投票。", code="meetings.already_voted")
        ballot = (
            Ballot.objects.select_for_update()
            .filter(vote=vote, change_key_hash=chain.key_hash(change_key))
            .first()
        )
        if ballot is None:
            raise invalid(
                "改票凭据不正确。", "change_key", code="meetings.bad_change_key"
            )
        ballot.choice = choice
        ballot.save(update_fields=["choice"])
        return CastReceipt(
            vote_id=vote.pk, tracker=ballot.tracker, change_key=change_key, changed=True
        )
    last = vote.participations.order_by("-seq").first()
    seq = (last.seq if last else 0) + 1
    prev = last.hash if last else chain.genesis(vote)
    try:
        with transaction.atomic():
            Participation.objects.create(
                vote=vote,
                member=seat,
                seq=seq,
                cast_at=now,
                prev_hash=prev,
                hash=chain.participation_hash(
                    vote_id=vote.pk, seq=seq, member_id=seat.pk, cast_at=now, prev=prev
                ),
            )
    except IntegrityError as exc:
        raise Conflict(
            "您已投票，不能重复投票。", code="meetings.already_voted"
        ) from exc
    new_key = chain.new_change_key() if vote.ballots_changeable else ""
    for _attempt in range(5):
        tracker = chain.new_tracker()
        if not Ballot.objects.filter(vote=vote, tracker=tracker).exists():
            break
    Ballot.objects.create(
        vote=vote,
        choice=choice,
        tracker=tracker,
        change_key_hash=chain.key_hash(new_key) if new_key else "",
    )
    # The audit log says that the member took part, never what or which ballot.
    action_log_record(
        actor=user,
        action="meetings.vote_participate",
        target=vote,
        summary=f"参加表决：{vote.title}",
    )
    return CastReceipt(vote_id=vote.pk, tracker=tracker, change_key=new_key)


def _write_result(vote: Vote, counts: dict[str, int]) -> None:
    cast = sum(counts.values())
    if vote.kind in GRADED_KINDS:
        vote.satisfied_count = counts.get("SATISFIED", 0)
        vote.basically_satisfied_count = counts.get("BASICALLY_SATISFIED", 0)
        vote.unsatisfied_count = counts.get("UNSATISFIED", 0)
    else:
        vote.for_count = counts.get("FOR", 0)
        vote.against_count = counts.get("AGAINST", 0)
        vote.abstain_count = counts.get("ABSTAIN", 0)
    vote.not_voting_count = vote.electorate_size - cast
    vote.result = chain.result_of(vote, chain.stored_counts(vote))


def _finish(vote: Vote, *, actor, kind, payload_counts) -> None:
    _apply_personnel(vote)
    events_payload = (
        events.TallyEntered(
            title=vote.title,
            result=vote.get_result_display(),
            counts=payload_counts,
            tellers=[vote.teller_one, vote.teller_two],
        )
        if kind == Kind.TALLY_ENTERED
        else events.VoteClosed(
            title=vote.title,
            result=vote.get_result_display(),
            counts=payload_counts,
            not_voting=vote.not_voting_count,
            chain_head=vote.chain_head,
        )
    )
    events.record_event(
        kind, events_payload, meeting=vote.meeting, vote=vote, actor=actor
    )
    # The hooks first: they lock their own rows (a supervision item), and a
    # transaction takes its row locks before the audit log's chain lock
    # (docs/decisions/0017), or it could deadlock with one that acts on that item.
    hooks.run_vote_closed(vote=vote, actor=actor)
    action_log_record(
        actor=actor,
        action="meetings.vote_close",
        target=vote,
        summary=f"表决结果：{vote.title} {vote.get_result_display()}",
        data={"counts": payload_counts, "chain_head": vote.chain_head},
    )


def _apply_personnel(vote: Vote) -> None:
    """Appointments and removals put to this vote are adopted or rejected by it."""
    adopted = vote.result == "PASSED"
    for appointment in vote.appointments.select_for_update().filter(
        status=PersonnelStatus.VOTING
    ):
        transition(appointment, "adopt" if adopted else "reject")
        appointment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def vote_close(
    *, vote: Vote, actor, now: dt.datetime | None = None, scheduled: bool = False
) -> Vote:
    """Close a vote: count the ballots over ALL members, chain them in tracker
    order, write the result and the published chain head."""
    vote = lock_vote(vote)
    if not scheduled:
        _check_manage(actor, vote.meeting)
    transition(vote, "close", action="结束表决")
    now = now_or(now)
    participations = vote.participations.count()
    stored = list(vote.ballots.all())
    if len(stored) != participations:
        raise Conflict(
            f"选票{len(stored)}张与参与记录{participations}条不符，不能结束表决，请联系管理员核查。",
            code="meetings.chain_broken",
        )
    counts = Counter(b.choice for b in stored)
    # Re-insert the ballots in tracker order: the storage's own order (SQLite's
    # rowid, PostgreSQL's heap) no longer follows the order of casting.
    fresh = [
        Ballot(vote=vote, choice=b.choice, tracker=b.tracker, change_key_hash="")
        for b in stored
    ]
    Ballot.objects.filter(vote=vote).delete()
    ordered, ballot_head = chain.chain_ballots(vote, fresh)
    Ballot.objects.bulk_create(ordered)
    last = vote.participations.order_by("-seq").first()
    vote.participation_head = last.hash if last else chain.genesis(vote)
    vote.ballot_head = ballot_head
    keys = list(choices_of(vote.kind).values)
    _write_result(vote, {k: counts.get(k, 0) for k in keys})
    vote.closed_at = now
    vote.chain_head = chain.head_hash(
        vote=vote,
        participation_head=vote.participation_head,
        ballot_head=ballot_head,
        counts=chain.stored_counts(vote),
    )
    vote.save()
    _finish(
        vote,
        actor=actor,
        kind=Kind.VOTE_CLOSED,
        payload_counts=chain.stored_counts(vote),
    )
    return vote


@transaction.atomic
def vote_withdraw(*, vote: Vote, reason: str, actor) -> Vote:
    """Withdraw a motion before its vote: it ends without one."""
    vote = lock_vote(vote)
    _check_manage(actor, vote.meeting)
    reason = clean_text(reason, field="reason", label="撤回理由", max_length=500)
    changed = transition(vote, "withdraw", action="撤回议案")
    vote.withdraw_reason = reason
    vote.save(update_fields=[*changed, "withdraw_reason", "updated_at"])
    for appointment in vote.appointments.select_for_update().filter(
        status=PersonnelStatus.PROPOSED
    ):
        transition(appointment, "withdraw")
        appointment.withdraw_reason = reason
        appointment.save(update_fields=["status", "withdraw_reason", "updated_at"])
    events.record_event(
        Kind.VOTE_WITHDRAWN,
        events.VoteWithdrawn(title=vote.title, reason=reason),
        meeting=vote.meeting,
        vote=vote,
        actor=actor,
    )
    return vote


def _count(value, *, field: str, label: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < 0
        or value > 9999
    ):
        raise invalid(f"{label}应为0以上的整数。", field)
    return value


@transaction.atomic
def vote_tally_enter(
    *,
    vote: Vote,
    counts: dict[str, int],
    present: int | None,
    tellers: tuple[str, str],
    actor,
    now: dt.datetime | None = None,
) -> Vote:
    """Enter the result of a paper ballot or a show of hands, with both tellers."""
    vote = lock_vote(vote)
    _check_manage(actor, vote.meeting)
    if vote.mode != VoteMode.TALLY:
        raise Conflict(
            "电子表决和网络表决的结果由系统计票，不能录入。", code="meetings.not_tally"
        )
    _check_removals_first(vote)
    now = now_or(now)
    teller_one = clean_text(
        tellers[0] if tellers else "", field="teller_one", label="计票人", max_length=50
    )
    teller_two = clean_text(
        tellers[1] if tellers and len(tellers) > 1 else "",
        field="teller_two",
        label="监票人",
        max_length=50,
    )
    if teller_one == teller_two:
        raise invalid("计票人和监票人应为两个不同的人。", "teller_two")
    keys = list(choices_of(vote.kind).values)
    unknown = set(counts or {}) - set(keys)
    if unknown:
        raise invalid(
            "表决结果只能包含："
            + "、".join(choices_of(vote.kind)(k).label for k in keys)
            + "。",
            "counts",
        )
    clean = {
        k: _count(
            (counts or {}).get(k, 0),
            field=k.lower(),
            label=choices_of(vote.kind)(k).label,
        )
        for k in keys
    }
    electorate = rules.meeting_members(vote.meeting).count()
    if electorate == 0:
        raise Conflict("该常委会没有在任的组成人员。", code="meetings.no_members")
    if present is not None:
        present = _count(present, field="present", label="出席人数")
        if present > electorate:
            raise invalid(f"出席人数不能多于组成人员总数{electorate}人。", "present")
    cast = sum(clean.values())
    ceiling = present if present is not None else electorate
    if cast > ceiling:
        raise invalid(
            f"票数合计{cast}超过{'出席人数' if present is not None else '组成人员总数'}{ceiling}。",
            "counts",
        )
    transition(vote, "enter_tally", action="录入表决结果")
    vote.electorate_size = electorate
    vote.present_count = present
    vote.teller_one, vote.teller_two = teller_one, teller_two
    _write_result(vote, clean)
    vote.opened_at = vote.opened_at or now
    vote.closed_at = now
    genesis = chain.genesis(vote)
    vote.participation_head = genesis
    vote.ballot_head = genesis
    vote.chain_head = chain.head_hash(
        vote=vote,
        participation_head=genesis,
        ballot_head=genesis,
        counts=chain.stored_counts(vote),
    )
    vote.save()
    vote.appointments.filter(status=PersonnelStatus.PROPOSED).update(
        status=PersonnelStatus.VOTING
    )
    _finish(
        vote,
        actor=actor,
        kind=Kind.TALLY_ENTERED,
        payload_counts=chain.stored_counts(vote),
    )
    return vote


def votes_due_to_close(now: dt.datetime | None = None):
    """Online votes past their closing time, still open."""
    return Vote.objects.filter(
        status=VoteStatus.OPEN, mode=VoteMode.ONLINE, closes_at__lte=now_or(now)
    )


def close_due_votes(now: dt.datetime | None = None) -> int:
    """Close online votes whose window has ended (the scheduled job). One vote
    that cannot close (its rows do not match) is logged and left open for
    staff; the others still close (mt-votes)."""
    closed = 0
    for vote in votes_due_to_close(now):
        try:
            vote_close(vote=vote, actor=None, now=now, scheduled=True)
        except ApplicationError:
            logger.exception("vote %s could not be closed on schedule", vote.pk)
            continue
        closed += 1
    return closed
