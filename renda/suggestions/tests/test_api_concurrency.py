"""Two clerks assign the same item through the API at once: runs only on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from renda.accounts.choices import Role
from renda.suggestions.choices import EventKind, SuggestionStatus
from renda.suggestions.models import Assignment, Suggestion, SuggestionEvent

from .factories import accepted, user_with

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_of_two_clerks_assigning_at_once_one_gets_a_409(world, deputy, committee_staff):
    suggestion = accepted(world, deputy, committee_staff)
    second_clerk = user_with(
        Role.COMMITTEE_STAFF, "staff_2", congress=world.city_congress
    )
    requests = []
    for clerk, unit in (
        (committee_staff, world.unit_city),
        (second_clerk, world.unit_xian),
    ):
        client = Client()
        client.force_login(clerk)
        body = {"units": [{"unit": unit.pk, "role": "LEAD"}]}
        requests.append((client, body))
    responses = [None, None]

    def post(index):
        client, body = requests[index]
        try:
            responses[index] = client.post(
                f"/api/v1/suggestions/{suggestion.pk}/assign",
                body,
                content_type="application/json",
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(index,)) for index in (0, 1)]
    # Hold the row lock while both requests start, so that they collide on it.
    with transaction.atomic():
        Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        for thread in threads:
            thread.start()
        time.sleep(0.5)
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 409], [r.content for r in responses]
    loser = next(response for response in responses if response.status_code == 409)
    assert loser.json()["code"] == "suggestions.already_assigned"
    assert "其他工作人员" in loser.json()["message"]
    assignments = Assignment.objects.filter(suggestion=suggestion)
    assert assignments.count() == 1
    winner = next(response for response in responses if response.status_code == 200)
    assert [a["unit"]["id"] for a in winner.json()["assignments"]] == [
        assignments.get().handling_unit_id
    ]
    assert (
        SuggestionEvent.objects.filter(
            suggestion=suggestion, kind=EventKind.ASSIGNED
        ).count()
        == 1
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
