"""Secrecy (无记名): nothing stored joins a member to a choice.

- a ballot has no relation to a member or user and no date or time;
- after close, the ballots' stored order (rowid / ctid and the key order) is
  tracker order, not the order of casting;
- no audit row and no meeting event holds a tracker or a ballot's choice;
- no join of participations and ballots on any pair of columns tells who chose
  what.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, models

from renda.core.models import ActionLog
from renda.meetings import services
from renda.meetings.choices import Choice, Grade
from renda.meetings.models import Ballot, MeetingEvent, Participation

from .votes_setup import cast_all, committee_with, new_vote, open_meeting

pytestmark = pytest.mark.django_db

CHOICES = [Choice.FOR, Choice.AGAINST, Choice.ABSTAIN] * 4


@pytest.fixture
def closed_vote(world, committee_staff):
    committee, members = committee_with(world, 12)
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff)
    receipts = cast_all(vote, members, CHOICES)
    services.vote_close(vote=vote, actor=committee_staff)
    vote.refresh_from_db()
    return vote, members, receipts


def test_a_ballot_has_no_member_no_user_and_no_time():
    fields = Ballot._meta.get_fields()
    relations = [f for f in fields if f.is_relation]
    assert [f.name for f in relations] == ["vote"]
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
        for f in fields
    )
    names = {f.name for f in fields}
    assert not names & {"member", "user", "cast_at", "created_at", "updated_at", "seq"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    # And the participation has no ballot, tracker or choice.
    participation = {f.name for f in Participation._meta.get_fields()}
    assert not participation & {"ballot", "tracker", "choice", "position"}


def _physical_order(vote) -> list[str]:
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tracker FROM meetings_ballot WHERE vote_id = %s ORDER BY {order}",  # noqa: S608 - names from the schema
            [vote.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _xmins(table: str, vote) -> set[str]:
    """The ids of the transactions that wrote a vote's rows (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT xmin::text FROM {table} WHERE vote_id = %s",  # noqa: S608 - names from the schema
            [vote.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def test_after_close_the_stored_order_is_tracker_order_not_cast_order(closed_vote):
    vote, _members, receipts = closed_vote
    cast_order = [r.tracker for r in receipts]
    in_tracker_order = sorted(cast_order)
    assert cast_order != in_tracker_order  # 1 chance in 12! of a false alarm
    if connection.vendor == "postgresql":
        # PostgreSQL puts the re-inserted rows where its free-space map finds
        # room, so ctid order is the heap's, not the insertion's. What matters:
        # every ballot was rewritten by the closing (sub)transaction, so none
        # keeps the transaction id of its casting, which the participations do.
        assert len(_xmins("meetings_ballot", vote)) == 1
        assert not _xmins("meetings_ballot", vote) & _xmins(
            "meetings_participation", vote
        )
        assert len(_xmins("meetings_participation", vote)) == len(receipts)
    else:
        assert _physical_order(vote) == in_tracker_order
    assert (
        list(Ballot.objects.filter(vote=vote).values_list("tracker", flat=True))
        == in_tracker_order
    )
    stored = list(Ballot.objects.filter(vote=vote).order_by("position"))
    assert [b.tracker for b in stored] == in_tracker_order
    assert all(b.change_key_hash == "" for b in stored)


def test_no_audit_row_or_event_holds_a_tracker_or_a_ballots_choice(closed_vote):
    vote, members, receipts = closed_vote
    trackers = [r.tracker for r in receipts]
    texts = [
        json.dumps(
            {
                "summary": row.summary,
                "data": row.data,
                "object_id": row.object_id,
                "user_agent": row.user_agent,
            },
            ensure_ascii=False,
        )
        for row in ActionLog.objects.all()
    ] + [json.dumps(e.payload, ensure_ascii=False) for e in MeetingEvent.objects.all()]
    for text in texts:
        for tracker in trackers:
            assert tracker not in text
            assert tracker[:8] not in text
    # The rows a member's action wrote (their participation) name no choice.
    member_users = [m.user for m in members]
    participation_rows = ActionLog.objects.filter(actor__in=member_users)
    assert participation_rows.count() == len(members)
    for row in participation_rows:
        assert row.action == "meetings.vote_participate"
        assert row.data in ({}, None)
        text = row.summary + json.dumps(row.data or {})
        for word in map(
            str, [*Choice.values, *Choice.labels, *Grade.values, *Grade.labels]
        ):
            assert word not in text.replace(vote.title, "")


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [
            c.name
            for c in connection.introspection.get_table_description(cursor, table)
        ]


def test_no_join_of_participations_and_ballots_tells_who_chose_what(closed_vote):
    """Join the two tables on every pair of columns (compared as text). A join
    either finds nothing, or members who each meet every ballot (a value all
    ballots share, the vote's id), or pairs an ordinal with the ballot's position,
    which is its tracker's rank (random): no join pairs the members with their
    own ballots, so none tells who chose what."""
    vote, members, receipts = closed_vote
    own = {m.pk: r.tracker for m, r in zip(members, receipts, strict=True)}
    p_cols = _columns("meetings_participation")
    b_cols = _columns("meetings_ballot")
    n = len(members)
    rank = {t: i for i, t in enumerate(sorted(own.values()), start=1)}
    checked = 0
    with connection.cursor() as cursor:
        for p_col in p_cols:
            for b_col in b_cols:
                cursor.execute(
                    f"SELECT p.member_id, b.tracker, b.position "  # noqa: S608 - column names from introspection
                    f"FROM meetings_participation p JOIN meetings_ballot b "
                    f"ON CAST(p.{p_col} AS TEXT) = CAST(b.{b_col} AS TEXT) "
                    f"WHERE p.vote_id = %s AND b.vote_id = %s",
                    [vote.pk, vote.pk],
                )
                rows = cursor.fetchall()
                checked += 1
                if not rows:
                    continue
                met: dict[int, set] = {}
                for member_id, tracker, _position in rows:
                    met.setdefault(member_id, set()).add(tracker)
                if all(len(t) == n for t in met.values()):
                    continue  # a shared value (the vote's id): every ballot alike
                assert b_col == "position", (p_col, b_col)
                assert all(position == rank[t] for _m, t, position in rows)
                correct = sum(1 for m, t, _p in rows if own[m] == t)
                assert correct < n / 2, (p_col, b_col, correct)
    assert checked == len(p_cols) * len(b_cols) >= 40


def test_while_open_staff_see_how_many_voted_never_what(
    world, committee_staff, committee_member
):
    from renda.meetings.selectors.votes import vote_detail

    committee, members = committee_with(world, 4)
    session = open_meeting(committee, members, committee_staff)
    vote = new_vote(session, committee_staff)
    cast_all(vote, members[:2], [Choice.FOR, Choice.AGAINST])
    detail = vote_detail(committee_staff, vote.pk)
    assert detail.cast_count == 2
    assert detail.summary is None
    vote.refresh_from_db()
    assert vote.for_count is None
    assert vote.against_count is None
