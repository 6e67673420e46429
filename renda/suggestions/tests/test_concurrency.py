"""Row locks under real concurrency: runs only when the suite runs on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from renda.core.errors import InvalidTransition
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, EventKind
from renda.suggestions.models import Assignment, Reply, Suggestion, SuggestionEvent

from .factories import accepted, assigned, reply

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(suggestion_pk, calls):
    """Hold the suggestion's row lock, start every call, then release: they collide."""
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
        Suggestion.objects.select_for_update().get(pk=suggestion_pk)
        for thread in threads:
            thread.start()
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_of_two_staff_assigning_at_once_one_wins(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)

    def assign_to(unit):
        return lambda: services.suggestion_assign(
            suggestion=Suggestion.objects.get(pk=suggestion.pk),
            units=[(unit, AssignmentRole.LEAD)],
            actor=committee_staff,
        )

    results = _race(
        suggestion.pk, [assign_to(world.unit_city), assign_to(world.unit_xian)]
    )

    errors = [result for result in results if isinstance(result, Exception)]
    winners = [result for result in results if isinstance(result, list)]
    assert len(winners) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], InvalidTransition)
    assert errors[0].code == "suggestions.already_assigned"
    assert Assignment.objects.filter(suggestion=suggestion).count() == 1
    assert (
        SuggestionEvent.objects.filter(
            suggestion=suggestion, kind=EventKind.ASSIGNED
        ).count()
        == 1
    )


def test_two_retries_of_a_reply_with_one_key_create_one_reply(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)

    def send():
        return reply(
            Assignment.objects.get(pk=assignment.pk),
            unit_staff,
            idempotency_key="retry-1",
        )

    results = _race(suggestion.pk, [send, send])

    assert all(isinstance(result, Reply) for result in results), results
    assert results[0].pk == results[1].pk
    assert Reply.objects.filter(assignment=assignment).count() == 1
