"""Pages and API read through one path: same ids, same order, same actions, every role.

The world: station S1 (向阳街道) with requests in several states and reception
days (one of a closed year, entered late); see tests/matrix.py for the roles.
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
from tests.matrix import ROLES, login_as

API = "/api/v1/stations/work"
LOGGED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def objects(world, station_chief, deputy):
    today = timezone.localdate()
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    received = recorded_request(world, station_chief, now=timezone.now())
    routed = recorded_request(
        world, station_chief, now=timezone.now(), content="井盖缺失"
    )
    services.public_request_route_grassroots(
        request=routed, unit=unit, actor=station_chief
    )
    answered = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_route_grassroots(
        request=answered, unit=unit, actor=station_chief
    )
    services.public_request_answer(request=answered, answer="已修复", actor=township)
    spot = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_answer_on_the_spot(
        request=spot, answer="已解释", actor=station_chief
    )
    ReceptionDayFactory(station=world.station_longshan, date=today)
    ReceptionDayFactory(
        station=world.station_longshan, date=today + dt.timedelta(days=30)
    )
    late = ReceptionDayFactory(
        station=world.station_longshan,
        date=dt.date(today.year - 2, 6, 10),
        status="HELD",
        held_at=timezone.now(),
        entered_late=True,
    )
    return {
        "requests": [received, routed, answered, spot],
        "late": late,
        "township": township,
    }


def _page_ids(response) -> list[int]:
    return [item.pk for item in response.context["page"].object_list]


@pytest.mark.parametrize("role", LOGGED_IN)
@pytest.mark.parametrize(
    "query",
    [{}, {"status": "ROUTED"}, {"tier": "GRASSROOTS"}, {"q": "井盖"}, {"q": "路"}],
    ids=["all", "status", "tier", "search", "search-many"],
)
def test_station_requests_agree(role, query, request, client, world, objects):
    login_as(role, request, client)
    station = world.station_longshan.pk

    page = client.get(reverse("stations:requests", args=[station]), query)
    api = client.get(f"{API}/{station}/requests", query)

    assert page.status_code == api.status_code, role
    if page.status_code == 200:
        assert _page_ids(page) == [item["id"] for item in api.json()["results"]]


@pytest.mark.parametrize("role", LOGGED_IN)
def test_request_detail_agrees(role, request, client, world, objects):
    login_as(role, request, client)

    for item in objects["requests"]:
        page = client.get(reverse("stations:request_detail", args=[item.pk]))
        api = client.get(f"{API}/requests/{item.pk}")

        assert page.status_code == api.status_code, (role, item.status)
        if page.status_code != 200:
            continue
        body = api.json()
        assert page.context["actions"] == body["actions"], (role, item.status)
        page_events = [(e.kind, e.text) for e in page.context["events"]]
        assert page_events == [(e["kind"], e["summary"]) for e in body["events"]]
        html = page.content.decode()
        for _kind, text in page_events:
            assert text in html


@pytest.mark.parametrize("role", LOGGED_IN)
@pytest.mark.parametrize("years_back", [0, 2])
def test_reception_days_agree(role, years_back, request, client, world, objects):
    login_as(role, request, client)
    station = world.station_longshan.pk
    year = {"year": timezone.localdate().year - years_back}

    page = client.get(reverse("stations:reception_days", args=[station]), year)
    api = client.get(f"{API}/{station}/reception-days", year)

    assert page.status_code == api.status_code, role
    if page.status_code == 200:
        days = api.json()["days"]
        assert [(d.pk, d.actions) for d in page.context["days"]] == [
            (d["id"], d["actions"]) for d in days
        ]
        summary = page.context["summary"]
        body = api.json()
        for key in ("held", "planned", "late_confirmed", "late_unconfirmed", "met"):
            assert summary[key] == body[key], key


def test_the_actions_differ_by_role(client, world, objects, station_chief, deputy):
    received = objects["requests"][0]
    client.force_login(station_chief)
    chief = client.get(f"{API}/requests/{received.pk}").json()["actions"]
    client.force_login(deputy)
    own = client.get(f"{API}/requests/{received.pk}").json()["actions"]

    assert chief == [
        "route",
        "answer_on_the_spot",
        "prepare_draft",
        "reveal",
        "add_photos",
    ]
    assert own == ["convert"]
