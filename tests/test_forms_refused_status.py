"""Every page that shows a form again with its errors answers 400, in every app.

The crawl posts a blank form (only the CSRF field a browser always sends) to the
main forms of each workflow, as the role that may use them, and expects the form back
with status 400: not 200 (which looks like success to a script or an offline
queue), not 500.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import recorded_request
from renda.suggestions.tests.factories import assigned, draft, reply, unit_user

# What a browser sends for a form left blank: the CSRF token and nothing else.
BLANK = {"csrfmiddlewaretoken": "blank"}


@pytest.fixture
def objects(world, deputy, committee_staff, station_chief):
    now = timezone.now()
    _replied, [answered] = assigned(world, deputy, committee_staff, now=now)
    answer = reply(answered, unit_user(world.unit_city, "crawl_unit"), now=now)
    _open, [assignment] = assigned(world, deputy, committee_staff, now=now)
    return {
        "draft": draft(world, deputy, now=now),
        "assignment": assignment,
        "reply": answer,
        "day": ReceptionDayFactory(station=world.station_longshan),
        "request": recorded_request(world, station_chief),
    }


def _forms(world, objects):
    """Return (role fixture, url) for the main forms, each posted empty."""
    station = world.station_longshan.pk
    day = objects["day"].pk
    return [
        ("deputy", reverse("suggestions:new")),
        ("deputy", reverse("suggestions:edit", args=[objects["draft"].pk])),
        ("deputy", reverse("suggestions:rate", args=[objects["reply"].pk])),
        (
            "unit_staff",
            reverse("suggestions:unit_reply", args=[objects["assignment"].pk]),
        ),
        ("station_chief", reverse("stations:reception_day_create", args=[station])),
        ("station_chief", reverse("stations:reception_day_edit", args=[day])),
        ("station_chief", reverse("stations:reception_day_postpone", args=[day])),
        ("station_chief", reverse("stations:reception_day_cancel", args=[day])),
        ("station_chief", reverse("stations:request_create", args=[station])),
        (
            "station_chief",
            reverse("stations:request_convert", args=[objects["request"].pk]),
        ),
        ("committee_staff", reverse("liaison:coordination_new")),
        ("committee_staff", reverse("liaison:meeting_new")),
        (
            "committee_staff",
            reverse("liaison:activity_new") + f"?group={world.group_longshan.pk}",
        ),
        ("committee_staff", reverse("supervision:item_create")),
    ]


def test_empty_posts_to_the_main_forms_answer_400(client, world, objects, request):
    failures = []
    for role, url in _forms(world, objects):
        client.force_login(request.getfixturevalue(role))
        response = client.post(url, BLANK)
        if response.status_code != 400:
            failures.append((role, url, response.status_code))
    assert failures == []
