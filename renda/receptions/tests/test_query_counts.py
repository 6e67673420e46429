"""Queries of the main pages and endpoints: bounded, and not growing with the rows shown.

Measured before (stations' work modules), with 2 → 10 rows shown, and now:

| page or endpoint | before | now |
|---|---|---|
| requests page | 13 | 9 |
| request page | 12 | 9 |
| reception days page | 15 | 10 |
| unit's requests page | 10 | 8 |
| deputy's requests page | 11 | 9 |
| API requests | 11 | 6 |
| API request | 9 | 6 |
| API reception days | 12 | 7 |
| API unit's requests | 10 → 18 | 5 |
| API deputy's requests | 10 → 18 | 5 |

Of each count, 4 are the request's own (session, user, and the scope: role
assignments and congress paths), and pages add the navigation's checks (3
today, workbench/context_processors.py); the session is no longer saved on
every request. Pages read one query fewer since the navigation's seat roles
are read once per request (8, 8, 9, 7, 8).
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
        ("committee_staff", reverse("stations:requests", args=[station]), 8),
        ("committee_staff", reverse("stations:request_detail", args=[first]), 8),
        ("committee_staff", reverse("stations:reception_days", args=[station]), 9),
        ("township", reverse("stations:unit_requests"), 7),
        ("deputy", reverse("stations:my_requests"), 8),
        ("committee_staff", f"{API}/{station}/requests", 6),
        ("committee_staff", f"{API}/requests/{first}", 6),
        ("committee_staff", f"{API}/{station}/reception-days", 7),
        ("township", f"{API}/unit/requests", 5),
        ("deputy", f"{API}/requests/mine", 5),
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
