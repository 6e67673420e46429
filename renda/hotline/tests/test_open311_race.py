"""Two posts of one partner ticket at once create one request (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from renda.hotline.models import InboundRequest
from renda.hotline.services.inbound import inbound_request_create
from renda.suggestions.models import Suggestion

from .open311_helpers import make_partner

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_posts_of_one_ticket_create_one_request(world, committee_staff):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions: PostgreSQL")
    partner, _key = make_partner(world.city_congress, committee_staff)
    barrier = threading.Barrier(2)
    results: list = []
    errors: list = []

    def post():
        try:
            barrier.wait(timeout=5)
            row, _created = inbound_request_create(
                partner=partner,
                service_code="TRANSPORT",
                fields={"description": "同一工单两次同时提交"},
                attributes={"deputy": str(world.deputy_city_a.pk)},
                ticket_id="RACE-1",
            )
            results.append(row.service_request_id)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(results) == 2
    assert results[0] == results[1]
    assert InboundRequest.objects.count() == 1
    assert Suggestion.objects.count() == 1
