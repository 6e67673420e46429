"""The meetings' tiles and navigation entries, per role.

The meetings' pages are other parts' work: these tests run with stand-ins for
them (``urls_meetings_stub``) and check each tile against the filter of the
list it opens; without the pages, the tiles and entries are left out.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.congresses.models import CommitteeMember
from renda.meetings import services
from renda.meetings.choices import MeetingStatus, VoteKind, VoteMode, VoteStatus
from renda.meetings.models import (
    CommitteeMeeting,
    MeetingPaper,
    PaperReceipt,
    Participation,
    Vote,
)
from renda.meetings.tests.factories import (
    PASSWORD,
    add_members,
    meeting,
    sign_in,
    standing_committee_of,
)
from renda.workbench.selectors import workbench_sections

pytestmark = pytest.mark.django_db
STUB = "renda.workbench.tests.urls_meetings_stub"


def _tiles(user, section_key=None):
    return {
        tile.key: tile
        for section in workbench_sections(user, today=timezone.localdate())
        if section_key is None or section.key == section_key
        for tile in section.tiles
    }


@pytest.fixture
def sitting(world, committee_staff, committee_member, leader):
    """Today's open meeting with its vote under way, a coming one, a past one."""
    committee = standing_committee_of(world)
    CommitteeMember.objects.create(
        standing_committee=committee,
        deputy=world.deputy_city_a,
        role=MemberRole.DIRECTOR,
        user=leader,
        rank=1,
    )
    others = add_members(committee, 4)
    today = timezone.localdate()
    session = meeting(committee, actor=committee_staff, date=today)
    sign_in(session, others, actor=committee_staff)
    services.meeting_open(meeting=session, actor=committee_staff)
    item = services.agenda_item_add(
        meeting=session, kind="RESOLUTION", title="审议某决定", actor=committee_staff
    )
    vote = services.vote_create(
        meeting=session,
        agenda_item=item,
        kind=VoteKind.RESOLUTION,
        mode=VoteMode.IN_MEETING,
        title="关于某事项的决定",
        actor=committee_staff,
    )
    services.vote_open(vote=vote, actor=committee_staff)
    services.vote_cast(vote=vote, user=others[0].user, choice="FOR", password=PASSWORD)
    paper = MeetingPaper.objects.create(
        agenda_item=item,
        title="某决定（草案）",
        file=ContentFile(b"draft", name="draft.txt"),
        sent_at=timezone.now(),
    )
    PaperReceipt.objects.bulk_create(
        PaperReceipt(paper=paper, member=m) for m in committee.members.all()
    )
    coming = meeting(committee, actor=committee_staff, date=today + dt.timedelta(3))
    cancelled = meeting(committee, actor=committee_staff, date=today + dt.timedelta(4))
    services.meeting_cancel(meeting=cancelled, reason="改期", actor=committee_staff)
    meeting(committee, actor=committee_staff, date=today - dt.timedelta(5))
    return session, vote, coming, paper


@pytest.mark.urls(STUB)
def test_the_member_sees_todays_meeting_unread_papers_and_the_open_vote(
    sitting, committee_member
):
    session, vote, _coming, paper = sitting

    tiles = _tiles(committee_member, "member")

    assert tiles["meetings_today"].count == 1
    assert tiles["meetings_today"].url == reverse("meetings:mine")
    assert tiles["meetings_today"].items[0].note.startswith("未签到")
    assert tiles["meetings_today"].urgency == "urgent"
    assert tiles["meeting_papers"].count == 1
    assert tiles["votes_open"].count == 1
    assert tiles["votes_open"].url == reverse("meetings:my_votes")
    assert tiles["votes_open"].items[0].url == reverse(
        "meetings:vote_ballot", args=[vote.pk]
    )
    assert "supervision_mine" in tiles


@pytest.mark.urls(STUB)
def test_signing_in_reading_and_voting_empty_the_members_queues(
    sitting, committee_member
):
    session, vote, _coming, paper = sitting
    services.meeting_sign_in(meeting=session, user=committee_member)
    PaperReceipt.objects.filter(paper=paper, member__user=committee_member).update(
        read_at=timezone.now()
    )
    services.vote_cast(
        vote=vote, user=committee_member, choice="ABSTAIN", password=PASSWORD
    )

    tiles = _tiles(committee_member, "member")

    assert tiles["meetings_today"].count == 1
    assert tiles["meetings_today"].items[0].note.startswith("已签到")
    assert tiles["meetings_today"].urgency == "info"
    assert tiles["meeting_papers"].count == 0
    assert tiles["votes_open"].count == 0
    assert tiles["votes_open"].urgency == "none"


@pytest.mark.urls(STUB)
def test_the_open_votes_tile_is_the_members_electorate_minus_participations(
    sitting, committee_member
):
    _session, vote, _coming, _paper = sitting
    expected = (
        Vote.objects.filter(
            status=VoteStatus.OPEN, electors__member__user=committee_member
        )
        .exclude(
            pk__in=Participation.objects.filter(member__user=committee_member).values(
                "vote_id"
            )
        )
        .distinct()
    )

    tile = _tiles(committee_member, "member")["votes_open"]

    assert [item.title for item in tile.items] == [v.title for v in expected]
    assert tile.count == expected.count() == 1


@pytest.mark.urls(STUB)
def test_a_leader_with_a_seat_gets_the_meeting_tiles_in_the_leaders_section(
    sitting, leader
):
    tiles = _tiles(leader, "leader")

    assert tiles["meetings_today"].count == 1
    assert tiles["votes_open"].count == 1
    assert tiles["meeting_papers"].count == 1


@pytest.mark.urls(STUB)
def test_staff_see_the_coming_meetings_and_the_votes_under_way(
    sitting, committee_staff, world
):
    session, vote, coming, _paper = sitting

    tiles = _tiles(committee_staff)

    upcoming = tiles["meetings_coming"]
    assert upcoming.count == 2  # today's and the coming one; not the cancelled
    assert [item.title for item in upcoming.items] == [str(session), str(coming)]
    assert upcoming.url == (
        reverse("meetings:list") + f"?congress={world.city_congress.pk}&upcoming=1"
    )
    assert upcoming.count == (
        CommitteeMeeting.objects.filter(
            standing_committee__term__congress=world.city_congress,
            date__gte=timezone.localdate(),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.OPEN],
        ).count()
    )
    under_way = tiles["votes_under_way"]
    assert under_way.count == 1
    assert under_way.items[0].url == reverse("meetings:vote_manage", args=[vote.pk])
    assert "meetings_today" not in tiles


@pytest.mark.urls(STUB)
def test_a_deputy_and_a_unit_get_no_meeting_tiles(sitting, deputy, unit_staff):
    for user in (deputy, unit_staff):
        keys = set(_tiles(user))
        assert not keys & {"meetings_today", "votes_open", "meetings_coming"}


@pytest.mark.urls("renda.workbench.tests.urls_without_meetings")
def test_without_the_meetings_pages_their_tiles_are_left_out(
    sitting, committee_member, committee_staff
):
    assert "votes_open" not in _tiles(committee_member)
    assert "meetings_coming" not in _tiles(committee_staff)


@pytest.mark.urls(STUB)
def test_the_api_returns_the_meeting_tiles(sitting, committee_member, client):
    client.force_login(committee_member)

    body = client.get("/api/v1/workbench").json()

    member = next(s for s in body["sections"] if s["key"] == "member")
    counts = {tile["key"]: tile["count"] for tile in member["tiles"]}
    assert counts["votes_open"] == 1
    assert counts["meetings_today"] == 1


def _entries(client, user):
    client.force_login(user)
    response = client.get(reverse("workbench:home"))
    return {
        title: [(e.key, e.url) for e in entries]
        for title, entries in response.context["nav_groups"]
    }


@pytest.mark.urls(STUB)
@pytest.mark.parametrize("role", ["committee_staff", "leader", "committee_member"])
def test_staff_leaders_and_members_get_the_meetings_entries(role, request, client):
    groups = _entries(client, request.getfixturevalue(role))

    assert groups["会议"] == [
        ("meetings", reverse("meetings:list")),
        ("meetings_mine", reverse("meetings:mine")),
        ("my_votes", reverse("meetings:my_votes")),
    ]


@pytest.mark.urls(STUB)
@pytest.mark.parametrize("role", ["deputy", "unit_staff", "station_chief"])
def test_others_get_no_meetings_entries(role, request, client):
    assert "会议" not in _entries(client, request.getfixturevalue(role))


@pytest.mark.urls("renda.workbench.tests.urls_without_meetings")
def test_without_the_pages_there_is_no_meetings_entry(committee_staff, client):
    assert "会议" not in _entries(client, committee_staff)
