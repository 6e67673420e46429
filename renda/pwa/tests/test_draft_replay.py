"""What pwa.js does with a form kept offline, as the server sees it.

It posts the form's fields again to the form's URL, with the CSRF token from the
cookie in the ``X-CSRFToken`` header (the token in the kept form may be stale)
and its idempotency key in the ``idempotency_key`` field and the
``Idempotency-Key`` header. A second post of the same draft (the answer to the
first was lost) must not create a second record.
"""

import uuid

from django.test import Client
from django.urls import reverse

from renda.receptions.models import ReceptionDay
from renda.suggestions.choices import Category, Channel, Period
from renda.suggestions.models import Suggestion


def phone(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def replay(client: Client, url: str, fields: dict, key: str):
    token = client.cookies["csrftoken"].value
    return client.post(
        url,
        {**fields, "idempotency_key": key},
        HTTP_X_CSRFTOKEN=token,
        HTTP_IDEMPOTENCY_KEY=key,
        follow=True,
    )


def test_suggestion_kept_offline_is_submitted_once(world, deputy):
    client = phone(deputy)
    url = reverse("suggestions:new")
    client.get(url)  # the form was opened (online) before the network went
    fields = {
        "congress": world.city_congress.pk,
        "channel": Channel.VOICE,
        "period": Period.RECESS,
        "title": "关于在向阳街道增设公交站点的建议",
        "body": "向阳街道居民出行不便，建议增设公交站点。",
        "category": Category.URBAN_RURAL_CONSTRUCTION,
        "region": world.longshan.pk,
        "submit": "1",
    }
    key = str(uuid.uuid4())

    first = replay(client, url, fields, key)
    second = replay(client, url, fields, key)

    suggestion = Suggestion.objects.get()
    detail = reverse("suggestions:detail", args=[suggestion.pk])
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0] == detail
    assert suggestion.status == "SUBMITTED"
    assert suggestion.lead_deputy == world.deputy_city_a


def test_a_kept_suggestion_with_an_error_comes_back_as_the_form(world, deputy):
    client = phone(deputy)
    url = reverse("suggestions:new")
    client.get(url)

    response = replay(
        client, url, {"congress": world.city_congress.pk, "submit": "1"}, "k-1"
    )

    assert not response.redirect_chain  # pwa.js marks the draft "not sent"
    assert 'class="field-error"' in response.content.decode()
    assert not Suggestion.objects.exists()


def test_reception_day_kept_offline_is_planned_once(world, station_chief):
    client = phone(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])
    client.get(url)
    fields = {
        "date": "2025-06-10",
        "start_time": "09:00",
        "end_time": "11:00",
        "place": "向阳街道代表联络站",
        "deputies": [world.deputy_city_a.pk],
    }

    first = replay(client, url, fields, "day-1")
    second = replay(client, url, fields, "day-1")

    assert ReceptionDay.objects.count() == 1
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0]
    assert first.redirect_chain[-1][0].startswith(
        reverse("stations:reception_days", args=[world.station_longshan.pk])
    )
