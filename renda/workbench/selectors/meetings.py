"""The meetings' tiles: a member's meeting today, unread papers and open votes;
the staff's coming meetings and votes under way.

Each tile reads the meetings' models with the filters of the list it opens
(``meetings:mine``, ``meetings:my_votes``, ``meetings:list?upcoming=1``), so its
number is that list's length:

- 今天的会议: the meetings of the member's committees dated today, not cancelled
  (the rows ``meetings:mine`` marks as today's);
- 待阅会议材料: the member's read receipts not yet read, of meetings not cancelled
  (the unread counts ``meetings:mine`` shows per meeting);
- 待表决: open votes where the member is an elector and has no participation
  (``meetings:my_votes``; a participation, never a ballot, says who voted);
- 近期会议: the congress's meetings from today on, planned or open
  (``meetings:list?congress=..&upcoming=1``);
- 表决中: the congress's open votes, in the meetings open now
  (``meetings:list?congress=..&status=OPEN``).

A tile whose page does not exist (yet) is left out: its URL is not built.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.congresses.models import CommitteeMember
from renda.meetings.choices import Attendance, MeetingStatus, VoteMode, VoteStatus
from renda.meetings.models import (
    CommitteeMeeting,
    MeetingAttendance,
    PaperReceipt,
    Participation,
    Vote,
)
from renda.meetings.permissions import can_use_meetings

from .tiles import INFO, SOON, TODO, URGENT, Tile, TileItem, cn_date, tile_of
from .tiles import url_if_built as _url

# A member's queues -----------------------------------------------------------------------


def meetings_today_for(user, *, today: dt.date):
    """Today's meetings of the committees the user sits on (not cancelled)."""
    committees = CommitteeMember.objects.filter(user=user).values(
        "standing_committee_id"
    )
    return (
        CommitteeMeeting.objects.filter(
            standing_committee_id__in=committees, date=today
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("standing_committee__term__congress")
        .order_by("starts_at", "id")
    )


def unread_papers_for(user):
    """The member's papers not yet read, of meetings not cancelled."""
    return (
        PaperReceipt.objects.filter(member__user=user, read_at__isnull=True)
        .exclude(paper__agenda_item__meeting__status=MeetingStatus.CANCELLED)
        .select_related("paper__agenda_item__meeting")
        .order_by("paper__agenda_item__meeting__date", "paper_id")
    )


def open_votes_for(user):
    """Open votes where the user is an elector and has not voted yet."""
    voted = Participation.objects.filter(member__user=user).values("vote_id")
    return (
        Vote.objects.filter(status=VoteStatus.OPEN, electors__member__user=user)
        .exclude(pk__in=voted)
        .select_related("meeting")
        .distinct()
        .order_by("closes_at", "pk")
    )


def member_meeting_tiles(user, *, today: dt.date | None = None) -> list[Tile]:
    """Return a committee member's meeting tiles (none when they hold no seat)."""
    today = today or timezone.localdate()
    if not can_use_meetings(user):
        return []
    mine = _url("meetings:mine")
    if not mine:
        return []
    tiles = []
    meetings = list(meetings_today_for(user, today=today))
    signed_in = set(
        MeetingAttendance.objects.filter(
            meeting__in=meetings, member__user=user, status=Attendance.PRESENT
        ).values_list("meeting_id", flat=True)
        if meetings
        else ()
    )
    waiting = [m for m in meetings if m.pk not in signed_in]
    tiles.append(
        tile_of(
            "meetings_today",
            "今天的会议",
            meetings,
            mine,
            urgency=URGENT if waiting else INFO,
            note="请到会场后在手机上签到" if waiting else "",
            item=lambda m: TileItem(
                title=str(m),
                url=_url("meetings:detail", m.pk) or mine,
                note=("已签到" if m.pk in signed_in else "未签到")
                + (f" · {m.starts_at:%H:%M}" if m.starts_at else "")
                + (f" · {m.place}" if m.place else ""),
                urgent=m.pk not in signed_in,
            ),
        )
    )
    tiles.append(
        tile_of(
            "meeting_papers",
            "待阅会议材料",
            unread_papers_for(user),
            mine,
            urgency=SOON,
            item=lambda r: TileItem(
                title=r.paper.title,
                url=_url("meetings:paper", r.paper_id) or mine,
                note=f"{cn_date(r.paper.agenda_item.meeting.date)}会议",
            ),
        )
    )
    votes_url = _url("meetings:my_votes")
    if votes_url:
        tiles.append(
            tile_of(
                "votes_open",
                "待表决",
                open_votes_for(user),
                votes_url,
                urgency=URGENT,
                item=lambda v: TileItem(
                    title=v.title,
                    url=_url("meetings:vote_ballot", v.pk) or votes_url,
                    note=_vote_note(v),
                    urgent=True,
                ),
            )
        )
    return tiles


def _vote_note(vote: Vote) -> str:
    if vote.mode == VoteMode.ONLINE and vote.closes_at:
        closes = timezone.localtime(vote.closes_at)
        return f"网络表决，{closes:%-m月%-d日 %H:%M}截止"
    return "会场电子表决进行中"


# The staff's queues ----------------------------------------------------------------------


def coming_meetings_of(congress, *, today: dt.date):
    """The congress's meetings from today on, planned or open, soonest first."""
    return (
        CommitteeMeeting.objects.filter(
            standing_committee__term__congress=congress,
            date__gte=today,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.OPEN],
        )
        .select_related("standing_committee__term__congress")
        .order_by("date", "starts_at", "id")
    )


def votes_under_way_of(congress):
    """The congress's open votes, in the order of their meetings."""
    return (
        Vote.objects.filter(
            meeting__standing_committee__term__congress=congress,
            status=VoteStatus.OPEN,
        )
        .select_related("meeting")
        .order_by("meeting__date", "meeting_id", "position", "pk")
    )


def staff_meeting_tiles(user, congress, *, today: dt.date | None = None) -> list[Tile]:
    """Return the staff's coming meetings and the votes under way in a congress."""
    today = today or timezone.localdate()
    if not can_use_meetings(user):
        return []
    tiles = []
    coming = _url("meetings:list", congress=congress.pk, upcoming="1")
    if coming:
        tiles.append(
            tile_of(
                "meetings_coming",
                "近期会议",
                coming_meetings_of(congress, today=today),
                coming,
                urgency=TODO,
                item=lambda m: TileItem(
                    title=str(m),
                    url=_url("meetings:desk", m.pk)
                    or _url("meetings:detail", m.pk)
                    or coming,
                    note=("今天" if m.date == today else cn_date(m.date))
                    + f" · {m.get_status_display()}",
                    urgent=m.date == today,
                ),
            )
        )
    under_way = _url("meetings:list", congress=congress.pk, status=MeetingStatus.OPEN)
    if under_way:
        tiles.append(
            tile_of(
                "votes_under_way",
                "表决中",
                votes_under_way_of(congress),
                under_way,
                urgency=SOON,
                item=lambda v: TileItem(
                    title=v.title,
                    url=_url("meetings:vote_manage", v.pk)
                    or _url("meetings:desk", v.meeting_id)
                    or under_way,
                    note=_vote_note(v),
                ),
            )
        )
    return tiles
