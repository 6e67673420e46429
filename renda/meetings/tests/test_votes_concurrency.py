"""Races under real concurrency (PostgreSQL row locks): two casts by one member
at once leave one ballot; a cast racing the close either counts or is refused,
and the vote still verifies."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from renda.meetings import services
from renda.meetings.ballots import verify_vote
from renda.meetings.models import Ballot, Participation, Vote

from .factories import PASSWORD
from .votes_setup import committee_with, new_vote, open_meeting

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(vote_pk, calls):
    """Hold the vote's row lock, start every call, then release: they collide."""
    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what we assert
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    with transaction.atomic():
        Vote.objects.select_for_update().get(pk=vote_pk)
        for thread in threads:
            thread.start()
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def running(world, committee_staff):
    committee, members = committee_with(world, 5)
    session = open_meeting(committee, members, committee_staff)
    return new_vote(session, committee_staff), members


def test_two_casts_by_one_member_at_once_leave_one_ballot(running):
    vote, members = running
    user = members[0].user

    def cast(choice):
        return lambda: services.vote_cast(
            vote=Vote.objects.get(pk=vote.pk),
            user=user,
            choice=choice,
            password=PASSWORD,
        )

    results = _race(vote.pk, [cast("FOR"), cast("AGAINST")])
    receipts = [r for r in results if isinstance(r, services.CastReceipt)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(receipts) == 1
    assert len(errors) == 1
    assert errors[0].code == "meetings.already_voted"
    assert Participation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_a_cast_racing_the_close_counts_or_is_refused(running, committee_staff):
    vote, members = running
    services.vote_cast(vote=vote, user=members[1].user, choice="FOR", password=PASSWORD)

    def cast():
        return services.vote_cast(
            vote=Vote.objects.get(pk=vote.pk),
            user=members[0].user,
            choice="AGAINST",
            password=PASSWORD,
        )

    def close():
        return services.vote_close(
            vote=Vote.objects.get(pk=vote.pk), actor=committee_staff
        )

    results = _race(vote.pk, [cast, close])
    assert not isinstance(results[1], Exception), results[1]
    vote.refresh_from_db()
    ballots = Ballot.objects.filter(vote=vote).count()
    participations = Participation.objects.filter(vote=vote).count()
    assert ballots == participations
    if isinstance(results[0], Exception):
        assert results[0].code == "meetings.vote_invalid_state"
        assert ballots == 1
    else:
        assert ballots == 2
    assert vote.for_count + vote.against_count == ballots
    assert verify_vote(vote).ok
