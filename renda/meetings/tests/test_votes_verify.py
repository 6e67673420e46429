"""Verifiability: every voter finds their tracker on the bulletin; vote_verify
passes on an untouched vote and fails (non-zero exit, the first problem
printed) after any stored ballot or participation row is edited, deleted or
added."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from renda.meetings import services
from renda.meetings.ballots import new_tracker
from renda.meetings.choices import Choice
from renda.meetings.models import Ballot, Participation
from renda.meetings.selectors.votes import bulletin, find_tracker

from .votes_setup import cast_all, committee_with, new_vote, open_meeting

pytestmark = pytest.mark.django_db

CHOICES = [Choice.FOR] * 4 + [Choice.AGAINST, Choice.ABSTAIN]


@pytest.fixture
def closed_vote(world, committee_staff):
    committee, members = committee_with(world, 8)
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff)
    receipts = cast_all(vote, members, CHOICES)
    services.vote_close(vote=vote, actor=committee_staff)
    vote.refresh_from_db()
    return vote, members, receipts


def _verify(vote) -> str:
    out = io.StringIO()
    call_command("vote_verify", str(vote.pk), stdout=out)
    return out.getvalue()


def _refused(vote) -> str:
    with pytest.raises(CommandError) as failed:
        call_command(
            "vote_verify", str(vote.pk), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert failed.value.returncode == 1
    return str(failed.value)


def test_every_voter_finds_their_tracker_counted_with_their_choice(closed_vote):
    vote, _members, receipts = closed_vote
    board = bulletin(vote)
    assert [b.tracker for b in board.ballots] == sorted(r.tracker for r in receipts)
    for receipt, choice in zip(receipts, CHOICES, strict=False):
        found = find_tracker(board, receipt.tracker_display.replace(" ", "-"))
        assert found is not None
        assert found.choice == choice
    assert find_tracker(board, "ZZZZ-ZZZZ-ZZZZ") is None
    assert board.participations == 6
    assert board.summary.not_voting == 2
    assert board.chain_head == vote.chain_head


def test_vote_verify_passes_on_an_untouched_vote(closed_vote):
    vote, *_ = closed_vote
    assert "核验通过" in _verify(vote)
    assert vote.chain_head in _verify(vote)


def test_an_unknown_vote_is_a_clear_error():
    with pytest.raises(CommandError) as failed:
        call_command("vote_verify", "999999")
    assert "不存在" in str(failed.value)


def test_editing_a_ballots_choice_is_found(closed_vote):
    vote, _m, receipts = closed_vote
    Ballot.objects.filter(vote=vote, tracker=receipts[4].tracker).update(
        choice=Choice.FOR
    )
    assert "被改动" in _refused(vote)


def test_deleting_a_ballot_is_found(closed_vote):
    vote, _m, receipts = closed_vote
    Ballot.objects.filter(vote=vote, tracker=receipts[0].tracker).delete()
    assert "核验未通过" in _refused(vote)


def test_adding_a_ballot_is_found(closed_vote):
    vote, *_ = closed_vote
    Ballot.objects.create(
        id=uuid.uuid4(), vote=vote, choice=Choice.FOR, tracker="ZZZZZZZZZZZZ"
    )
    assert "核验未通过" in _refused(vote)


def test_editing_a_participation_is_found(closed_vote):
    vote, *_ = closed_vote
    row = Participation.objects.get(vote=vote, seq=2)
    Participation.objects.filter(pk=row.pk).update(
        cast_at=row.cast_at + dt.timedelta(seconds=1)
    )
    assert "参与记录第2条被改动" in _refused(vote)


def test_deleting_a_participation_is_found(closed_vote):
    vote, *_ = closed_vote
    Participation.objects.filter(vote=vote, seq=6).delete()
    assert "核验未通过" in _refused(vote)


def test_adding_a_participation_is_found(closed_vote):
    vote, members, _r = closed_vote
    last = Participation.objects.filter(vote=vote).order_by("-seq").first()
    Participation.objects.create(
        vote=vote,
        member=members[7],
        seq=last.seq + 1,
        cast_at=last.cast_at,
        prev_hash=last.hash,
        hash=last.hash,
    )
    assert "核验未通过" in _refused(vote)


def test_editing_the_published_counts_is_found(closed_vote):
    vote, *_ = closed_vote
    type(vote).objects.filter(pk=vote.pk).update(for_count=5, abstain_count=0)
    assert "核验未通过" in _refused(vote)


def test_the_bulletin_and_verify_pages_and_api(client, closed_vote):
    from django.urls import reverse

    vote, _m, receipts = closed_vote
    page = client.get(reverse("meetings_public:bulletin", args=[vote.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert vote.chain_head in html
    assert "赞成 4 票，未超过全体组成人员 8 人的半数" in html
    assert "未按" in html
    found = client.post(
        reverse("meetings_public:bulletin", args=[vote.pk]),
        {"tracker": receipts[0].tracker_display},
    )
    assert "已计入" in found.content.decode()
    assert "vt-mine" in found.content.decode()
    absent = next(
        t for t in iter(new_tracker, None) if t not in {r.tracker for r in receipts}
    )
    missing = client.post(
        reverse("meetings_public:bulletin", args=[vote.pk]), {"tracker": absent}
    )
    assert "没有这个回执码" in missing.content.decode()
    verify = client.get(reverse("meetings_public:verify", args=[vote.pk]))
    assert "核验通过" in verify.content.decode()
    api = client.get(f"/api/v1/meetings/votes/{vote.pk}/bulletin").json()
    assert api["chain_head"] == vote.chain_head
    assert len(api["ballots"]) == 6
    assert api["outcome"]["not_voting"] == 2
    assert client.get(f"/api/v1/meetings/votes/{vote.pk}/verify").json()["ok"]
    Ballot.objects.filter(vote=vote, tracker=receipts[4].tracker).update(
        choice=Choice.FOR
    )
    verify = client.get(reverse("meetings_public:verify", args=[vote.pk]))
    assert "核验未通过" in verify.content.decode()
    assert not client.get(f"/api/v1/meetings/votes/{vote.pk}/verify").json()["ok"]
