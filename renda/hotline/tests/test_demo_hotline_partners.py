"""The demo's partners, on the small test city (not the whole demo)."""

from __future__ import annotations

import pytest

from renda.demo.hotline_partners import (
    DEMO_HOTLINE_KEY,
    DEMO_RESIDENT_KEY,
    demo_hotline_partners_build,
)
from renda.hotline.models import InboundRequest

from .open311_helpers import BASE, body

pytestmark = pytest.mark.django_db


def test_demo_partners_answer_with_their_fixed_keys(client, world, committee_staff):
    sent = demo_hotline_partners_build(
        congress=world.city_congress, users={"staff": committee_staff}
    )
    assert (sent.suggestions, sent.requests) == (2, 2)
    assert InboundRequest.objects.filter(suggestion__isnull=False).count() == 2
    assert InboundRequest.objects.filter(public_request__isnull=False).count() == 2
    hotline = body(client.get(f"{BASE}requests.json", {"api_key": DEMO_HOTLINE_KEY}))
    assert len(hotline) == 2
    resident = body(client.get(f"{BASE}requests.json", {"api_key": DEMO_RESIDENT_KEY}))
    assert {row["service_code"] for row in resident} == {"RESIDENT_REQUEST"}
