"""Hostile input never makes the Open311 server answer 500, nor write anything."""

from __future__ import annotations

import pytest

from renda.hotline.models import InboundRequest

from .open311_helpers import BASE, body, hotline_post, make_partner

pytestmark = pytest.mark.django_db

HOSTILE = [
    "'; DROP TABLE hotline_partner; --",
    "\x00",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
    "𝟘" * 50,
    "9" * 5000,
    "../../etc/passwd",
    "2010-01-01T00:00:00+99:99",
    " ,,, ",
]
PARAMS = [
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "jurisdiction_id",
    "api_key",
]


@pytest.fixture
def key(world, committee_staff):
    return make_partner(world.city_congress, committee_staff)[1]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_queries_and_posts(client, world, key, value):
    for fmt in ("json", "xml"):
        for name in PARAMS:
            response = client.get(f"{BASE}requests.{fmt}", {name: value})
            assert response.status_code in (200, 400, 403, 404), (
                name,
                response.status_code,
            )
            body(response)
        for path in ("services", f"services/{value[:10]}", "discovery"):
            response = client.get(f"{BASE}{path}.{fmt}", {"jurisdiction_id": value})
            assert response.status_code in (200, 400, 404), path
        for field in (
            "description",
            "service_code",
            "attribute[deputy]",
            "attribute[title]",
            "external_id",
            "lat",
            "first_name",
        ):
            response = hotline_post(
                client, key, world.deputy_city_a, fmt=fmt, **{field: value}
            )
            assert response.status_code in (200, 201, 400, 403, 404), (
                field,
                response.content,
            )
            body(response)
    # Only posts whose hostile text was a fine description or title were kept.
    for row in InboundRequest.objects.select_related("suggestion"):
        assert row.suggestion is not None
