"""The statistics from records: figures, page, .xlsx read back, API."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renda.congresses.choices import Level, MemberRole
from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.liaison.stats import liaison_stats
from renda.liaison.tests import dashboard_factories as make
from renda.receptions.choices import (
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestTier,
)
from renda.regions.choices import RegionKind
from renda.regions.tests.factories import RegionFactory
from renda.stations.tests.factories import LiaisonStationFactory

# The statistics page's queries, whatever the number of stations, deputies or rows.
STATS_PAGE_QUERIES = 40
# liaison_stats itself: a fixed number of grouped queries, however many levels the
# area has (it used to run three per level: deputies, attendees, biggest day).
# One of them reads the year's held days' ids, which the others then use as a
# literal list (the planner reads their attendees by index: bench/figures.py).
STATS_QUERIES = 16


def _records(world):
    a, b = world.deputy_city_a, world.deputy_city_b
    # Three city deputies in all: 甲, 乙 and one more.
    third = DeputyFactory(name="刘三")
    MandateFactory(deputy=third, term=world.city_term)
    make.reception_days(
        world.station_longshan, [dt.date(2020, 9, 27)], attendees=[a, b]
    )
    make.reception_days(
        world.station_longshan,
        [dt.date(2020, 5, 1)],
        attendees=[a, world.deputy_longshan],
    )
    make.reception_days(
        world.station_xian, [dt.date(2020, 5, 1)], attendees=[world.deputy_xian]
    )
    # Not held, or another year: never counted.
    make.reception_days(
        world.station_xian,
        [dt.date(2020, 6, 1)],
        status=ReceptionDayStatus.PLANNED,
        attendees=[b],
    )
    make.reception_days(world.station_xian, [dt.date(2019, 6, 1)], attendees=[a, b])
    answered = timezone.make_aware(dt.datetime(2020, 6, 1, 10))
    received = timezone.make_aware(dt.datetime(2020, 5, 1, 10))
    make.public_request(
        world.station_xian,
        received_at=received,
        unit=world.unit_xian,
        due_at=dt.date(2020, 6, 10),
    )
    make.public_request(
        world.station_xian,
        received_at=received,
        unit=world.unit_xian,
        due_at=dt.date(2020, 6, 10),
        answered_at=answered,
    )
    make.public_request(
        world.station_longshan,
        received_at=received,
        tier=RequestTier.ON_THE_SPOT,
        status=PublicRequestStatus.ANSWERED,
        answered_at=answered,
    )
    make.public_request(world.station_longshan, received_at=received)
    member = make.leader_member(
        world, role=MemberRole.DIRECTOR, deputy=DeputyFactory(name="主任甲")
    )
    contact = make.contacts(member, 1)[0]
    make.contact_log(contact, dt.date(2020, 3, 1), kind="VISIT")
    make.contact_log(contact, dt.date(2020, 4, 1), kind="VISIT", opinions="")
    make.contact_log(contact, dt.date(2020, 5, 1), kind="CALL")
    make.contact_log(contact, dt.date(2019, 5, 1), kind="VISIT")
    make.meeting(world, dt.date(2020, 8, 1), observers=4, attended=3)
    return member


def test_stats_count_days_deputies_requests_visits_and_observers(world):
    _records(world)

    stats = liaison_stats(congress=world.city_congress, year=2020)

    assert stats.days_held == 3
    rows = {row.station.pk: row for row in stats.stations}
    assert rows[world.station_longshan.pk].days_held == 2
    assert rows[world.station_longshan.pk].attendees == 3
    assert rows[world.station_longshan_2.pk].days_held == 0
    city = stats.level(Level.MUNICIPAL)
    assert (city.deputies, city.attendees) == (3, 2)
    assert (city.best_day, city.best_day_count) == (dt.date(2020, 9, 27), 2)
    assert city.best_day_text == "9月27日 2 / 3 名市人大代表到站接待"
    county = stats.level(Level.COUNTY)
    assert (county.deputies, county.attendees, county.best_day_count) == (2, 2, 2)
    assert county.best_day == dt.date(2020, 5, 1)
    figures = stats.requests
    assert (figures.received, figures.grassroots, figures.on_the_spot) == (4, 2, 1)
    assert (figures.converted, figures.answered, figures.routed) == (0, 2, 3)
    assert [(row.visits, row.contacts, row.opinions) for row in stats.leaders] == [
        (2, 3, 2)
    ]
    assert (stats.observers_invited, stats.observers_attended) == (4, 3)


def test_a_district_congress_counts_its_own_area_and_levels(world):
    _records(world)

    stats = liaison_stats(congress=world.xian_congress, year=2020)

    assert [row.station.pk for row in stats.stations] == [world.station_xian.pk]
    assert stats.days_held == 1
    assert [row.level for row in stats.levels] == [Level.COUNTY, Level.TOWNSHIP]
    assert stats.level(Level.COUNTY).attendees == 1
    assert stats.leaders == []


def test_the_stats_take_the_same_queries_whatever_the_number_of_levels(
    world, django_assert_max_num_queries
):
    _records(world)

    # The city's area has three levels (city, county, township), the district's two.
    with django_assert_max_num_queries(STATS_QUERIES):
        city = liaison_stats(congress=world.city_congress, year=2020)
    with django_assert_max_num_queries(STATS_QUERIES):
        district = liaison_stats(congress=world.xian_congress, year=2020)

    assert len(city.levels) == 3
    assert len(district.levels) == 2


def test_the_stats_page_shows_the_figures_and_the_workbook_reads_back(
    client, committee_staff, world
):
    _records(world)
    client.force_login(committee_staff)
    query = {"congress": world.city_congress.pk, "year": 2020}

    page = client.get(reverse("liaison:stats"), query)
    export = client.get(reverse("liaison:stats_export"), query)

    assert page.status_code == 200
    html = page.content.decode()
    assert "9月27日 2 / 3 名市人大代表到站接待" in html
    assert "<svg" in html
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "xlsx" in export["Content-Disposition"]
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["联络站", "分级代表", "班子成员走访", "列席代表", "补录"]
    stations = list(book["联络站"].iter_rows(min_row=3, values_only=True))
    by_name = {row[0]: row for row in stations}
    assert by_name[world.station_longshan.name][1:3] == (2, 3)
    assert by_name["合计"][1] == 3
    assert by_name["合计"][3:] == (4, 2, 0, 1, 2)
    levels = list(book["分级代表"].iter_rows(min_row=3, values_only=True))
    assert levels[0][:4] == ("市人大代表", 3, 2, 66.7)
    assert levels[0][4].date() == dt.date(2020, 9, 27)
    leaders = list(book["班子成员走访"].iter_rows(min_row=3, values_only=True))
    assert leaders[0] == ("主任甲", "主任", 2, 3, 2)
    meetings = list(book["列席代表"].iter_rows(min_row=3, values_only=True))
    assert meetings[-1] == ("合计", None, 4, 3)


def test_the_stats_api(client, system_admin, world):
    _records(world)
    client.force_login(system_admin)

    response = client.get(
        "/api/v1/liaison/rules/stats",
        {"congress": world.city_congress.pk, "year": 2020},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["days_held"] == 3
    assert body["requests_received"] == 4
    assert body["visits"] == 2
    assert body["levels"][0]["best_day_text"] == "9月27日 2 / 3 名市人大代表到站接待"


def test_the_stats_page_puts_the_summary_first_and_folds_the_details(
    client, committee_staff, world, django_assert_max_num_queries
):
    _records(world)
    client.force_login(committee_staff)
    query = {"congress": world.city_congress.pk, "year": 2020}
    client.get(reverse("liaison:stats"), query)  # warm the per-request caches
    # More stations must not mean more queries: one query per figure, not per row.
    for number in range(5):
        make.reception_days(
            LiaisonStationFactory(
                region=RegionFactory(
                    code=f"22040209{number}",
                    name=f"新站{number}街道",
                    kind=RegionKind.SUBDISTRICT,
                    parent=world.longshan,
                )
            ),
            [dt.date(2020, 7, 1)],
        )

    with django_assert_max_num_queries(STATS_PAGE_QUERIES):
        page = client.get(reverse("liaison:stats"), query)

    html = page.content.decode()
    summary, _, details = html.partition("<details")
    assert 'data-figure="days_held"' in summary
    assert "各级代表到站接待" in summary
    assert '<details class="card stats-fold">' in html
    for folded in ("各联络站", "常委会班子成员联系代表", "常委会会议邀请代表列席"):
        assert folded in details
        assert f"<h2>{folded}</h2>" not in summary
