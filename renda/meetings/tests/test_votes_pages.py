"""The vote pages, the API, the VOTE_OPEN notices and the scheduled close."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from renda.congresses.models import CommitteeMember
from renda.meetings import services
from renda.meetings.choices import VoteKind, VoteMode, VoteStatus
from renda.meetings.models import Ballot, Participation, Vote
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification

from .factories import PASSWORD, sign_in
from .votes_setup import committee_with, new_vote, open_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings/votes"


@pytest.fixture
def session(world, committee_staff, committee_member):
    committee, members = committee_with(world, 4)
    seat = CommitteeMember.objects.get(user=committee_member)
    return open_meeting(committee, [seat, *members[:2]], committee_staff), members


def test_staff_create_open_and_close_a_vote_on_the_pages(
    client,
    session,
    committee_staff,
    committee_member,
    django_capture_on_commit_callbacks,
):
    meeting, members = session
    client.force_login(committee_staff)
    page = client.get(reverse("meetings:vote_new", args=[meeting.pk]))
    assert page.status_code == 200
    refused = client.post(reverse("meetings:vote_new", args=[meeting.pk]), {})
    assert refused.status_code == 400
    created = client.post(
        reverse("meetings:vote_new", args=[meeting.pk]),
        {
            "kind": VoteKind.RESOLUTION,
            "mode": VoteMode.IN_MEETING,
            "title": "关于开展优化营商环境工作的决议（草案）",
            "motion": "决议全文……",
        },
    )
    vote = Vote.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("meetings:vote_manage", args=[vote.pk])
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(reverse("meetings:vote_open", args=[vote.pk]))
    assert opened.status_code == 302
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    told = Notification.objects.filter(kind=NotificationKind.VOTE_OPEN)
    assert told.count() == 5  # every elector with an account
    assert told.filter(recipient=committee_member).exists()
    assert not told.filter(recipient=committee_staff).exists()
    # A member votes on the phone page: choose, confirm with password, receipt.
    member_client = client.__class__()
    member_client.force_login(committee_member)
    ballot_url = reverse("meetings:vote_ballot", args=[vote.pk])
    page = member_client.get(ballot_url)
    assert 'data-action="choose"' in page.content.decode()
    confirm = member_client.post(ballot_url, {"choice": "FOR"})
    assert "请再次输入登录密码" in confirm.content.decode()
    assert "赞成" in confirm.content.decode()
    wrong = member_client.post(ballot_url, {"choice": "FOR", "password": "nope"})
    assert wrong.status_code == 400
    assert "密码不正确" in wrong.content.decode()
    assert not Participation.objects.exists()
    receipt = member_client.post(ballot_url, {"choice": "FOR", "password": PASSWORD})
    assert receipt.status_code == 200
    tracker = Ballot.objects.get().tracker
    html = receipt.content.decode()
    assert f"{tracker[:4]} {tracker[4:8]} {tracker[8:]}" in html
    assert "no-store" in receipt.get("Cache-Control", "")
    again = member_client.get(ballot_url)
    assert "您已投票" in again.content.decode()
    assert tracker not in again.content.decode()
    twice = member_client.post(ballot_url, {"choice": "AGAINST", "password": PASSWORD})
    assert twice.status_code == 409
    # The desk's live count shows how many voted, never what.
    count = client.get(reverse("meetings:vote_count", args=[vote.pk]))
    assert "已投票 <strong>1</strong>" in count.content.decode()
    assert "赞成" not in count.content.decode()
    desk = client.get(reverse("meetings:vote_manage", args=[vote.pk]))
    assert tracker not in desk.content.decode()
    closed = client.post(reverse("meetings:vote_close", args=[vote.pk]))
    assert closed.status_code == 302
    desk = client.get(reverse("meetings:vote_manage", args=[vote.pk])).content.decode()
    assert "未通过" in desk
    assert "赞成 1 票，未超过全体组成人员 5 人的半数" in desk
    twice = client.post(reverse("meetings:vote_close", args=[vote.pk]))
    assert twice.status_code == 409


def test_withdraw_and_tally_on_the_desk(client, session, committee_staff):
    meeting, _members = session
    client.force_login(committee_staff)
    vote = new_vote(meeting, committee_staff, start=False)
    empty = client.post(reverse("meetings:vote_withdraw", args=[vote.pk]), {})
    assert empty.status_code == 400
    client.post(
        reverse("meetings:vote_withdraw", args=[vote.pk]), {"reason": "提请撤回"}
    )
    vote.refresh_from_db()
    assert vote.status == VoteStatus.WITHDRAWN
    tally = new_vote(meeting, committee_staff, mode=VoteMode.TALLY)
    same = client.post(
        reverse("meetings:vote_tally", args=[tally.pk]),
        {
            "for": 5,
            "against": 1,
            "abstain": 0,
            "teller_one": "张三",
            "teller_two": "张三",
        },
    )
    assert same.status_code == 400
    assert "两个不同的人" in same.content.decode()
    done = client.post(
        reverse("meetings:vote_tally", args=[tally.pk]),
        {
            "for": 3,
            "against": 1,
            "abstain": 0,
            "teller_one": "张三",
            "teller_two": "李四",
        },
    )
    assert done.status_code == 302
    tally.refresh_from_db()
    assert tally.status == VoteStatus.CLOSED
    assert tally.result == "PASSED"  # 3 of 5
    call_command("vote_verify", str(tally.pk), stdout=io.StringIO())


def test_my_votes_lists_the_open_vote_until_voted(
    client, session, committee_staff, committee_member
):
    meeting, _m = session
    vote = new_vote(meeting, committee_staff)
    client.force_login(committee_member)
    page = client.get(reverse("meetings:my_votes")).content.decode()
    assert vote.title in page
    services.vote_cast(
        vote=vote, user=committee_member, choice="FOR", password=PASSWORD
    )
    page = client.get(reverse("meetings:my_votes")).content.decode()
    assert "现在没有需要您投票的表决" in page
    assert "已投票，表决进行中" in page


def test_the_api_from_creation_to_the_bulletin(
    client, session, committee_staff, committee_member
):
    meeting, members = session
    staff = client.__class__()
    staff.force_login(committee_staff)
    created = staff.post(
        API,
        {
            "meeting_id": meeting.pk,
            "kind": "RESOLUTION",
            "mode": "IN_MEETING",
            "title": "决定",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    vote_id = created.json()["id"]
    assert created.json()["actions"] == ["open", "withdraw"]
    assert (
        staff.post(
            f"{API}/{vote_id}/open", {}, content_type="application/json"
        ).status_code
        == 200
    )
    client.force_login(committee_member)
    assert [v["id"] for v in client.get(f"{API}/mine").json()] == [vote_id]
    detail = client.get(f"{API}/{vote_id}").json()
    assert detail["actions"] == ["cast"]
    assert detail["cast_count"] is None
    wrong = client.post(
        f"{API}/{vote_id}/cast",
        {"choice": "FOR", "password": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "meetings.reauth_failed"
    cast = client.post(
        f"{API}/{vote_id}/cast",
        {"choice": "FOR", "password": PASSWORD},
        content_type="application/json",
    )
    assert cast.status_code == 200
    tracker = cast.json()["tracker"]
    assert client.get(f"{API}/mine").json() == []
    assert client.get(f"{API}/{vote_id}/bulletin").status_code == 404  # not closed
    assert staff.get(f"{API}/{vote_id}").json()["cast_count"] == 1
    refused = client.post(f"{API}/{vote_id}/close", content_type="application/json")
    assert refused.status_code == 403
    closed = staff.post(f"{API}/{vote_id}/close", content_type="application/json")
    assert (
        closed.json()["outcome"]["rule_text"]
        == "赞成 1 票，未超过全体组成人员 5 人的半数"
    )
    board = client.__class__().get(f"{API}/{vote_id}/bulletin").json()
    assert [b["tracker"] for b in board["ballots"]] == [tracker]
    listed = staff.get(API)
    assert listed.status_code == 200
    assert [v["id"] for v in listed.json()["results"]] == [vote_id]


def test_the_scheduled_job_closes_online_votes_past_their_time(
    session, committee_staff, committee_member
):
    meeting, _m = session
    vote = new_vote(meeting, committee_staff, mode=VoteMode.ONLINE)
    services.vote_cast(
        vote=vote, user=committee_member, choice="FOR", password=PASSWORD
    )
    out = io.StringIO()
    call_command("meetings_close_votes", stdout=out)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    Vote.objects.filter(pk=vote.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("meetings_close_votes", stdout=out)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED
    assert vote.for_count == 1
    assert "已结束网络表决 1 项" in out.getvalue()


def test_a_member_not_signed_in_is_told_to_sign_in_first(
    client, world, committee_staff, committee_member
):
    committee, members = committee_with(world, 2)
    meeting = open_meeting(committee, members, committee_staff)
    vote = new_vote(meeting, committee_staff)
    client.force_login(committee_member)
    page = client.get(reverse("meetings:vote_ballot", args=[vote.pk])).content.decode()
    assert "请先在会场签到" in page
    sign_in(
        meeting,
        [CommitteeMember.objects.get(user=committee_member)],
        actor=committee_staff,
    )
    page = client.get(reverse("meetings:vote_ballot", args=[vote.pk])).content.decode()
    assert "请先在会场签到" not in page


def test_a_member_not_signed_in_signs_in_from_the_ballot_and_comes_back(
    world, committee_staff, client
):
    from django.urls import reverse

    from .votes_setup import committee_with, new_vote, open_meeting

    committee, members = committee_with(world, 5, prefix="sib")
    session = open_meeting(committee, members[:4], committee_staff)
    vote = new_vote(session, committee_staff)
    late = members[4]
    client.force_login(late.user)
    ballot = reverse("meetings:vote_ballot", args=[vote.pk])

    page = client.get(ballot)
    assert "您还没有签到" in page.content.decode()
    assert 'data-action="choose"' not in page.content.decode()

    answer = client.post(
        reverse("meetings:sign_in", args=[session.pk]), {"next": ballot}
    )
    assert answer.status_code == 302
    assert answer["Location"] == ballot
    assert 'data-action="choose"' in client.get(ballot).content.decode()
    # Somewhere else is not followed.
    elsewhere = client.post(
        reverse("meetings:sign_in", args=[session.pk]),
        {"next": "https://example.com/"},
    )
    assert elsewhere["Location"] == reverse("meetings:mine")


def test_a_mistyped_tracker_is_named_as_such_on_the_bulletin(
    world, committee_staff, client
):
    from django.urls import reverse

    from renda.meetings import services
    from renda.meetings.choices import Choice

    from .votes_setup import cast_all, committee_with, new_vote, open_meeting

    committee, members = committee_with(world, 3, prefix="mt")
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff)
    (receipt,) = cast_all(vote, members[:1], [Choice.FOR])
    services.vote_close(vote=vote, actor=committee_staff)
    url = reverse("meetings_public:bulletin", args=[vote.pk])
    wrong_digit = receipt.tracker[:-1] + str((int(receipt.tracker[-1]) + 1) % 10)

    mistyped = client.post(url, {"tracker": wrong_digit})
    short = client.post(url, {"tracker": receipt.tracker[:8]})
    found = client.post(url, {"tracker": receipt.tracker_display})

    assert mistyped.status_code == 400
    assert "校验位不符" in mistyped.content.decode()
    assert "12 位数字" in short.content.decode()
    assert "已计入" in found.content.decode()
