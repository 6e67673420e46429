"""Closed years keep their record: a day entered after its year closed is a late entry (补录).

Before, a 2024 reception day planned and held in 2026 counted towards 2024 at
once and cleared the station's 2024 breach, without trace.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog
from renda.liaison.compliance import reception_day_rule
from renda.liaison.rules import H2, Period
from renda.receptions import services
from renda.receptions.selectors import (
    reception_day_late_counts,
    reception_day_year_summary,
    reception_days_counted,
)

API = "/api/v1/stations/work"


def _late_day(world, station_chief):
    """Plan and hold, today, a day of a year long closed."""
    closed_year = timezone.localdate().year - 2
    day = services.reception_day_plan(
        station=world.station_longshan,
        date=dt.date(closed_year, 6, 10),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站会议室",
        deputies=[world.deputy_city_a],
        actor=station_chief,
    )
    return services.reception_day_hold(
        day=day, attendees=[world.deputy_city_a], actor=station_chief
    )


def test_a_day_of_a_closed_year_is_late_and_does_not_count_until_confirmed(
    world, station_chief, committee_staff
):
    day = _late_day(world, station_chief)
    year = day.date.year

    before = reception_day_year_summary(world.station_longshan, year)
    services.reception_day_confirm_late(
        day=day, reason="核对了签到表和现场照片", actor=committee_staff
    )
    after = reception_day_year_summary(world.station_longshan, year)

    assert day.entered_late
    assert (before["held"], before["late_unconfirmed"]) == (0, 1)
    assert before["closed"]
    assert (after["held"], after["late_confirmed"], after["late_unconfirmed"]) == (
        1,
        1,
        0,
    )
    day.refresh_from_db()
    assert day.late_confirmed_by == committee_staff
    assert day.late_confirmation_reason == "核对了签到表和现场照片"
    assert ActionLog.objects.filter(action="reception_day.confirm_late").count() == 1


def test_a_day_entered_in_time_is_not_late(world, station_chief):
    day = services.reception_day_plan(
        station=world.station_longshan,
        date=timezone.localdate(),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站会议室",
        actor=station_chief,
    )

    assert not day.entered_late
    assert reception_day_late_counts() == {}


def test_the_station_itself_may_not_confirm_and_a_reason_is_needed(
    world, station_chief, committee_staff
):
    day = _late_day(world, station_chief)

    with pytest.raises(PermissionDenied):
        services.reception_day_confirm_late(
            day=day, reason="我们确实办了", actor=station_chief
        )
    with pytest.raises(ApplicationError) as error:
        services.reception_day_confirm_late(day=day, reason="  ", actor=committee_staff)
    assert error.value.field == "reason"
    day.refresh_from_db()
    assert day.late_confirmed_at is None
    assert not reception_days_counted().filter(pk=day.pk).exists()


def test_a_day_in_time_or_confirmed_twice_is_refused(
    world, station_chief, committee_staff
):
    day = _late_day(world, station_chief)
    services.reception_day_confirm_late(day=day, reason="核实", actor=committee_staff)

    with pytest.raises(InvalidTransition):
        services.reception_day_confirm_late(
            day=day, reason="再次核实", actor=committee_staff
        )


def test_the_dashboard_counts_confirmed_and_unconfirmed_late_days(
    world, station_chief, committee_staff
):
    first = _late_day(world, station_chief)
    _late_day(world, station_chief)
    services.reception_day_confirm_late(day=first, reason="核实", actor=committee_staff)

    counts = reception_day_late_counts(station_ids=[world.station_longshan.pk])

    assert counts == {
        (world.station_longshan.pk, first.date.year): {
            "confirmed": 1,
            "unconfirmed": 1,
        }
    }


def test_page_and_api_show_the_late_day_and_who_may_confirm_it(
    client, world, station_chief, committee_staff
):
    day = _late_day(world, station_chief)
    url = reverse("stations:reception_days", args=[world.station_longshan.pk])
    confirm = reverse("stations:reception_day_confirm_late", args=[day.pk])

    client.force_login(station_chief)
    chief_page = client.get(url, {"year": day.date.year}).content.decode()
    client.force_login(committee_staff)
    staff_page = client.get(url, {"year": day.date.year}).content.decode()
    staff_api = client.get(
        f"{API}/{world.station_longshan.pk}/reception-days", {"year": day.date.year}
    ).json()
    posted = client.post(confirm, {"reason": "核对了签到表"})

    assert "补录（待确认）" in chief_page
    assert confirm not in chief_page
    assert confirm in staff_page
    assert staff_api["late_unconfirmed"] == 1
    assert staff_api["held"] == 0
    assert staff_api["days"][0]["entered_late"] is True
    assert staff_api["days"][0]["actions"] == ["confirm_late"]
    assert posted.status_code == 302
    day.refresh_from_db()
    assert day.late_confirmed_at is not None


def test_the_rules_dashboard_counts_a_late_day_only_once_confirmed(
    world, station_chief, committee_staff
):
    day = _late_day(world, station_chief)
    period = Period(year=day.date.year, half=H2, today=timezone.localdate())

    def held_on_the_dashboard():
        rule = reception_day_rule(world.city_congress, period)
        return {item.subject.pk: item.value for item in rule.broken}.get(
            world.station_longshan.pk
        )

    before = held_on_the_dashboard()
    services.reception_day_confirm_late(day=day, reason="核实", actor=committee_staff)
    after = held_on_the_dashboard()

    assert (before, after) == (0, 1)
