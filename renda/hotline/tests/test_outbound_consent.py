"""The deputy's consent to pass their name and phone to 12345 (page and API)."""

import uuid

from django.urls import reverse

from renda.suggestions import services
from renda.suggestions.choices import Channel
from renda.suggestions.models import Suggestion
from renda.suggestions.tests.factories import draft


def _post(client, world, **extra):
    data = {
        "congress": world.city_congress.pk,
        "idempotency_key": str(uuid.uuid4()),
        "channel": Channel.HOTLINE,
        "period": "RECESS",
        "title": "东吉大路路灯不亮",
        "body": "路灯一周不亮。",
        "category": "TRANSPORT",
        "region": world.longshan.pk,
        **extra,
    }
    return client.post(reverse("suggestions:new"), data)


def test_the_form_offers_and_keeps_the_consent(client, world, deputy):
    client.force_login(deputy)
    page = client.get(reverse("suggestions:new"))
    assert "同意将我的姓名和电话提供给12345热线，以便回访" in page.content.decode()

    assert _post(client, world, hotline_consent="on").status_code == 302
    assert _post(client, world, title="不同意的一件").status_code == 302

    consented = Suggestion.objects.get(title="东吉大路路灯不亮")
    assert consented.hotline_consent_at is not None
    assert Suggestion.objects.get(title="不同意的一件").hotline_consent_at is None


def test_consent_only_counts_for_hotline_items_and_can_be_taken_back(
    world, deputy, client
):
    formal = draft(world, deputy, hotline_consent=True)
    assert formal.hotline_consent_at is None
    item = draft(world, deputy, channel=Channel.HOTLINE, hotline_consent=True)
    assert item.hotline_consent_at is not None

    client.force_login(deputy)
    response = client.patch(
        f"/api/v1/suggestions/{item.pk}",
        {"hotline_consent": False},
        content_type="application/json",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.hotline_consent_at is None
    services.suggestion_update_draft(
        suggestion=item, actor=deputy, hotline_consent=True
    )
    item.refresh_from_db()
    assert item.hotline_consent_at is not None


def test_the_api_takes_the_consent_at_creation(world, deputy, client):
    client.force_login(deputy)
    response = client.post(
        "/api/v1/suggestions",
        {
            "congress": world.city_congress.pk,
            "title": "经API提交的直通车事项",
            "channel": "HOTLINE",
            "hotline_consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Suggestion.objects.get(pk=response.json()["id"]).hotline_consent_at
