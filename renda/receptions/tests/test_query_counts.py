"""Queries of the main pages and endpoints: bounded, and not growing with the rows shown.

Measured before this app (stations' work modules), 2 → 10 rows shown:
requests page 13, request page 12, reception days page 15, unit page 10,
deputy page 11; API: requests 11, request 9, reception days 12, unit 10 → 18,
mine 10 → 18 (a query per row for the receiving deputy).

Of each count, 7 (API) or 9 (pages) are the request's own overhead, not this
app's: the session read and its save on every request (3 queries,
``SESSION_SAVE_EVERY_REQUEST``), the user, the scope (2), and on pages the
navigation's committee-role check and unread count. The bounds below are this
app's share plus that overhead as it is today; when the overhead shrinks, lower
them.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.receptions import services
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
    unit_user,
)

API = "/api/v1/stations/work"


@pytest.fixture(params=[2, 8], ids=["2-rows", "8-rows"])
def scene(request, world, station_chief):
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    items = []
    for back in range(request.param):
        item = recorded_request(world, station_chief, now=timezone.now())
        services.public_request_route_grassroots(
            request=item, unit=unit, actor=station_chief
        )
        items.append(item)
        day = ReceptionDayFactory(
            station=world.station_longshan,
            date=timezone.localdate() - dt.timedelta(days=back),
        )
        day.deputies.add(world.deputy_city_a)
    return {"items": items, "township": township}


def _pages(world, scene):
    station = world.station_longshan.pk
    first = scene["items"][0].pk
    return [
        ("committee_staff", reverse("stations:requests", args=[station]), 12),
        ("committee_staff", reverse("stations:request_detail", args=[first]), 12),
        ("committee_staff", reverse("stations:reception_days", args=[station]), 13),
        ("township", reverse("stations:unit_requests"), 10),
        ("deputy", reverse("stations:my_requests"), 11),
        ("committee_staff", f"{API}/{station}/requests", 10),
        ("committee_staff", f"{API}/requests/{first}", 10),
        ("committee_staff", f"{API}/{station}/reception-days", 11),
        ("township", f"{API}/unit/requests", 8),
        ("deputy", f"{API}/requests/mine", 8),
    ]


def test_main_pages_and_endpoints_stay_within_their_queries(
    request, client, world, scene, django_assert_max_num_queries
):
    for role, url, most in _pages(world, scene):
        user = (
            scene["township"] if role == "township" else request.getfixturevalue(role)
        )
        client.force_login(user)
        client.get(url)  # the session's first save is not the page's

        with django_assert_max_num_queries(most):
            response = client.get(url)

        assert response.status_code == 200, url
