"""Residents' requests escalated to a congress (县级以上：转代表建议), waiting for a
deputy's suggestion: the selector, the committee staff's page and its workbench tile.

The world's city congress covers 龙山区 and 西安区; S1 and S2 are 龙山区's
stations, S3 (仙城) is 西安区's. City staff see all three; 西安区 staff only S3.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.receptions import services
from renda.receptions.choices import PublicRequestStatus, RequestTier
from renda.receptions.models import PublicRequest
from renda.receptions.selectors import (
    EscalatedRequestFilters,
    days_waiting,
    escalated_requests_for_congress,
)
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
)
from renda.workbench.selectors import workbench_sections

pytestmark = pytest.mark.django_db


def _escalated(world, actor, *, station=None, days_ago=0, **extra):
    """A request received ``days_ago`` days ago and marked as a congress's matter."""
    item = recorded_request(
        world,
        actor,
        station=station,
        now=timezone.now() - dt.timedelta(days=days_ago),
        **extra,
    )
    PublicRequest.objects.filter(pk=item.pk).update(
        tier=RequestTier.SUGGESTION,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def rows(world, system_admin, station_chief):
    """Escalated requests in and out of the list, built through the services."""
    s1, s2, s3 = world.station_longshan, world.station_longshan_2, world.station_xian
    old = _escalated(world, system_admin, station=s1, days_ago=20)
    new = _escalated(world, system_admin, station=s2, days_ago=2)
    xian = _escalated(world, system_admin, station=s3, days_ago=10)
    # Not a congress's matter: no tier yet, and a request routed to the township.
    plain = recorded_request(world, system_admin, station=s1, now=timezone.now())
    routed = recorded_request(world, system_admin, station=s1, now=timezone.now())
    services.public_request_route_grassroots(
        request=routed, unit=township_government(s1), actor=system_admin
    )
    # Converted into a suggestion: no longer waiting.
    converted = _escalated(world, system_admin, station=s1, days_ago=30)
    services.public_request_convert_to_suggestion(request=converted, actor=system_admin)
    # A station's draft for the deputy (代拟), not yet submitted: still waiting.
    drafted = recorded_request(
        world, system_admin, station=s1, now=timezone.now() - dt.timedelta(days=5)
    )
    PublicRequest.objects.filter(pk=drafted.pk).update(
        created_at=timezone.now() - dt.timedelta(days=5)
    )
    services.public_request_prepare_draft(
        request=drafted,
        deputy=world.deputy_city_a,
        title="关于修复向阳小区门前道路的建议",
        body="向阳小区门前道路破损，雨天积水，建议尽快修复。",
        actor=station_chief,
    )
    return {
        "old": old,
        "new": new,
        "xian": xian,
        "plain": plain,
        "routed": routed,
        "converted": converted,
        "drafted": drafted,
    }


def _pks(queryset):
    return list(queryset.values_list("pk", flat=True))


# The selector -------------------------------------------------------------------------


def test_the_city_staff_see_every_waiting_request_of_the_city_oldest_first(
    world, committee_staff, rows
):
    listed = escalated_requests_for_congress(committee_staff, world.city_congress)

    assert _pks(listed) == [
        rows["old"].pk,
        rows["xian"].pk,
        rows["drafted"].pk,
        rows["new"].pk,
    ]
    converted = PublicRequest.objects.get(pk=rows["converted"].pk)
    assert converted.status == PublicRequestStatus.CONVERTED
    assert converted.tier == RequestTier.SUGGESTION


def test_a_district_congress_lists_only_the_stations_of_its_area(
    world, committee_staff, district_staff, rows
):
    assert _pks(
        escalated_requests_for_congress(committee_staff, world.longshan_congress)
    ) == [rows["old"].pk, rows["drafted"].pk, rows["new"].pk]
    assert _pks(
        escalated_requests_for_congress(district_staff, world.xian_congress)
    ) == [rows["xian"].pk]


def test_the_users_scope_holds_whatever_congress_is_asked_for(
    world, district_staff, unit_staff, rows
):
    # 西安区 staff asking for the city congress still see only their own area.
    assert _pks(
        escalated_requests_for_congress(district_staff, world.city_congress)
    ) == [rows["xian"].pk]
    assert _pks(escalated_requests_for_congress(unit_staff, world.city_congress)) == []


def test_the_search_finds_by_receipt_number_or_content(world, committee_staff, rows):
    by_receipt = EscalatedRequestFilters.from_query(
        {"q": rows["new"].receipt_number.lower()}
    )
    by_content = EscalatedRequestFilters.from_query({"q": "没有这样的诉求"})

    assert _pks(
        escalated_requests_for_congress(
            committee_staff, world.city_congress, by_receipt
        )
    ) == [rows["new"].pk]
    assert (
        _pks(
            escalated_requests_for_congress(
                committee_staff, world.city_congress, by_content
            )
        )
        == []
    )


def test_days_waiting_counts_whole_days_since_receipt(rows):
    today = timezone.localdate(rows["old"].created_at) + dt.timedelta(days=3)

    assert days_waiting(rows["old"], today) == 3
    assert days_waiting(rows["old"], today - dt.timedelta(days=10)) == 0


# The page ------------------------------------------------------------------------------


def _url(congress):
    return reverse("stations:escalated_requests", args=[congress.pk])


def test_the_page_shows_each_waiting_request_with_what_staff_need(
    client, world, committee_staff, rows
):
    client.force_login(committee_staff)

    response = client.get(_url(world.city_congress))

    assert response.status_code == 200
    assert response.context["total"] == 4
    html = response.content.decode()
    old = rows["old"]
    assert old.receipt_number in html
    assert old.station.name in html
    assert "张*" in html
    assert "张三" not in html
    assert "已等待 20 天" in html
    assert reverse("stations:request_detail", args=[old.pk]) in html
    assert "已代拟，待代表提交" in html
    assert rows["converted"].receipt_number not in html
    assert rows["plain"].receipt_number not in html
    assert html.index(old.receipt_number) < html.index(rows["new"].receipt_number)


@pytest.mark.parametrize(
    ("role", "congress", "status"),
    [
        ("committee_staff", "city_congress", 200),
        ("committee_staff", "longshan_congress", 403),  # in scope, not its staff
        ("district_staff", "xian_congress", 200),
        ("district_staff", "city_congress", 404),
        ("system_admin", "xian_congress", 200),
        ("leader", "city_congress", 403),
        ("deputy", "city_congress", 403),
        ("unit_staff", "city_congress", 403),
        ("station_chief", "city_congress", 403),
        ("liaison_officer", "city_congress", 403),
    ],
)
def test_only_the_congresss_own_staff_and_admins_open_the_page(
    client, world, request, role, congress, status
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_url(getattr(world, congress)))

    assert response.status_code == status


def test_an_unknown_congress_answers_404(client, committee_staff):
    client.force_login(committee_staff)

    assert (
        client.get(reverse("stations:escalated_requests", args=[999999])).status_code
        == 404
    )


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(_url(world.city_congress))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_runs_a_bounded_number_of_queries(
    client, world, committee_staff, system_admin, rows, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    client.get(_url(world.city_congress))
    with django_assert_max_num_queries(9):
        few = client.get(_url(world.city_congress))
    for days in range(8):
        _escalated(world, system_admin, station=world.station_xian, days_ago=days)
    with django_assert_max_num_queries(9):
        many = client.get(_url(world.city_congress))

    assert few.context["total"] == 4
    assert many.context["total"] == 12


# The workbench tile ---------------------------------------------------------------------


def _tile(user):
    return next(
        tile
        for section in workbench_sections(user, today=timezone.localdate())
        for tile in section.tiles
        if tile.key == "escalated_requests"
    )


def test_the_staff_tile_counts_the_page_and_links_the_oldest(
    client, world, committee_staff, rows
):
    tile = _tile(committee_staff)
    client.force_login(committee_staff)
    page = client.get(tile.url)

    assert tile.label == "群众诉求待转代表建议"
    assert tile.url == _url(world.city_congress)
    assert tile.count == page.context["total"] == 4
    assert tile.urgency == "todo"
    assert [item.url for item in tile.items] == [
        reverse("stations:request_detail", args=[rows[key].pk])
        for key in ("old", "xian", "drafted")
    ]
    assert "已等待 20 天" in tile.items[0].note


def test_the_tile_is_empty_when_nothing_waits(world, committee_staff):
    tile = _tile(committee_staff)

    assert tile.count == 0
    assert tile.urgency == "none"
