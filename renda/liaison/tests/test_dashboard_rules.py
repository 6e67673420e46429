"""The rules computed from records: thresholds, edges, periods, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.liaison import rules
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.tests import dashboard_factories as make
from renda.receptions.choices import ReceptionDayStatus

AFTER_2020 = dt.date(2021, 3, 1)


def _report(world, *, year=2020, half="H2", today=AFTER_2020, congress=None):
    return liaison_rules_report(
        congress=congress or world.city_congress, year=year, half=half, today=today
    )


def _monthly(count, year=2020):
    return [dt.date(year, month, 10) for month in range(1, count + 1)]


def test_a_station_with_exactly_six_days_held_keeps_the_rule_and_five_breaks_it(world):
    make.reception_days(world.station_longshan, _monthly(6))
    make.reception_days(world.station_longshan_2, _monthly(5))
    make.reception_days(world.station_xian, _monthly(7))
    # Days not held never count.
    make.reception_days(
        world.station_longshan_2,
        [dt.date(2020, 11, 1)],
        status=ReceptionDayStatus.CANCELLED,
    )
    make.reception_days(
        world.station_longshan_2,
        [dt.date(2020, 12, 1)],
        status=ReceptionDayStatus.PLANNED,
    )

    rule = _report(world).rule(rules.RECEPTION_DAYS)

    assert rule.broken_ids() == {world.station_longshan_2.pk}
    assert rule.at_risk == []
    assert (rule.total, rule.kept) == (3, 2)
    assert rule.broken[0].value == 5


def test_the_district_congress_sees_only_its_own_stations(world):
    rule = _report(world, congress=world.xian_congress).rule(rules.RECEPTION_DAYS)

    assert rule.total == 1
    assert rule.broken_ids() == {world.station_xian.pk}


def test_while_the_year_runs_a_station_is_at_risk_only_if_planned_days_cannot_reach_six(
    world,
):
    today = dt.date(2020, 7, 1)
    make.reception_days(world.station_longshan, _monthly(3))
    # 3 held + 3 planned from today on = 6: on track.
    make.reception_days(
        world.station_longshan,
        [dt.date(2020, 7, 1), dt.date(2020, 9, 1), dt.date(2020, 11, 1)],
        status=ReceptionDayStatus.PLANNED,
    )
    make.reception_days(world.station_longshan_2, _monthly(3))
    # A planned day already past does not count for the rest of the year.
    make.reception_days(
        world.station_longshan_2,
        [dt.date(2020, 6, 20), dt.date(2020, 9, 1)],
        status=ReceptionDayStatus.PLANNED,
    )

    rule = _report(world, half="H2", today=today).rule(rules.RECEPTION_DAYS)

    assert rule.broken == []
    assert rule.at_risk_ids() == {world.station_longshan_2.pk, world.station_xian.pk}
    risky = {item.subject.pk: (item.value, item.extra) for item in rule.at_risk}
    assert risky[world.station_longshan_2.pk] == (3, 1)


def test_settings_change_the_reception_day_threshold(world, settings):
    make.reception_days(world.station_longshan, _monthly(4))
    assert (
        world.station_longshan.pk
        in _report(world).rule(rules.RECEPTION_DAYS).broken_ids()
    )

    settings.RENDA_MIN_RECEPTION_DAYS_PER_YEAR = 4
    rule = _report(world).rule(rules.RECEPTION_DAYS)

    assert world.station_longshan.pk not in rule.broken_ids()
    assert rule.threshold == 4


def test_leaders_with_fewer_than_five_active_contacts_break_the_rule(world):
    five = make.leader_member(world, role=MemberRole.DIRECTOR)
    four = make.leader_member(world)
    ended = make.leader_member(world, role=MemberRole.SECRETARY_GENERAL)
    member = make.leader_member(world, role=MemberRole.MEMBER)  # not leadership
    make.kept_contacts(five, 5, logged_on=dt.date(2020, 8, 1))
    make.kept_contacts(four, 4, logged_on=dt.date(2020, 8, 1))
    make.kept_contacts(ended, 4, logged_on=dt.date(2020, 8, 1))
    # A contact that ended before the reference day no longer counts.
    for contact in make.contacts(ended, 1, until=dt.date(2020, 10, 1)):
        make.contact_log(contact, dt.date(2020, 8, 1))
    make.contacts(member, 0)

    rule = _report(world).rule(rules.LEADER_CONTACTS)

    assert rule.broken_ids() == {four.pk, ended.pk}
    assert rule.total == 3
    assert rule.kept == 1


def test_settings_change_the_contact_threshold(world, settings):
    four = make.leader_member(world)
    make.kept_contacts(four, 4, logged_on=dt.date(2020, 8, 1))
    settings.RENDA_MIN_LEADER_CONTACTS = 4

    assert _report(world).rule(rules.LEADER_CONTACTS).broken == []


def test_a_leader_without_a_group_activity_in_a_past_half_year_breaks_the_rule(world):
    joined = make.leader_member(world, role=MemberRole.DIRECTOR)
    absent = make.leader_member(world)
    make.group_activity(world.group_longshan, dt.date(2020, 7, 1), joined)
    # An activity of the first half does not count for the second.
    make.group_activity(world.group_longshan, dt.date(2020, 6, 30), absent)

    h2 = _report(world, half="H2").rule(rules.GROUP_ACTIVITIES)
    h1 = _report(world, half="H1").rule(rules.GROUP_ACTIVITIES)

    assert h2.broken_ids() == {absent.pk}
    assert h1.broken_ids() == {joined.pk}


def test_in_the_running_half_year_a_leader_without_activity_is_at_risk_not_broken(
    world,
):
    absent = make.leader_member(world)

    rule = _report(world, half="H2", today=dt.date(2020, 9, 1)).rule(
        rules.GROUP_ACTIVITIES
    )

    assert rule.broken == []
    assert rule.at_risk_ids() == {absent.pk}


def test_settings_change_the_group_activity_threshold(world, settings):
    once = make.leader_member(world)
    make.group_activity(world.group_longshan, dt.date(2020, 8, 1), once)
    settings.RENDA_MIN_LEADER_GROUP_ACTIVITIES_PER_HALF_YEAR = 2

    assert _report(world).rule(rules.GROUP_ACTIVITIES).broken_ids() == {once.pk}


def test_meetings_with_three_observers_keep_the_rule_and_two_break_it(world):
    kept = make.meeting(world, dt.date(2020, 8, 1), observers=3)
    short = make.meeting(world, dt.date(2020, 9, 1), observers=2, attended=2)
    make.meeting(world, dt.date(2020, 3, 1), observers=0)  # first half-year

    rule = _report(world).rule(rules.MEETING_OBSERVERS)

    assert rule.broken_ids() == {short.pk}
    assert (rule.total, rule.kept) == (2, 1)
    assert kept.pk not in rule.broken_ids()


def test_a_coming_meeting_short_of_observers_is_at_risk(world, settings):
    coming = make.meeting(world, dt.date(2020, 9, 10), observers=1)

    rule = _report(world, today=dt.date(2020, 9, 1)).rule(rules.MEETING_OBSERVERS)

    assert rule.broken == []
    assert rule.at_risk_ids() == {coming.pk}
    settings.RENDA_MIN_MEETING_OBSERVERS = 1
    assert (
        _report(world, today=dt.date(2020, 9, 1)).rule(rules.MEETING_OBSERVERS).at_risk
        == []
    )


def test_routed_requests_past_due_and_unanswered_are_overdue(world):
    unit = world.unit_xian
    due = dt.date(2020, 11, 30)
    late = make.public_request(world.station_xian, unit=unit, due_at=due)
    # Due on the reference day itself: not yet overdue.
    on_the_day = make.public_request(
        world.station_xian, unit=unit, due_at=dt.date(2020, 12, 31)
    )
    answered = make.public_request(
        world.station_xian,
        unit=unit,
        due_at=due,
        answered_at=timezone.make_aware(dt.datetime(2020, 12, 20, 10)),
    )
    # Answered, but only after the reference day: overdue on that day.
    answered_later = make.public_request(
        world.station_longshan,
        unit=unit,
        due_at=due,
        answered_at=timezone.make_aware(dt.datetime(2021, 1, 5, 10)),
    )
    make.public_request(world.station_xian)  # received, not routed

    rule = _report(world, today=dt.date(2021, 2, 1)).rule(rules.OVERDUE_REQUESTS)

    assert rule.broken_ids() == {late.pk, answered_later.pk}
    assert rule.total == 3
    assert on_the_day.pk not in rule.broken_ids()
    assert answered.pk not in rule.broken_ids()
    assert {item.value for item in rule.broken} == {31}


def test_the_current_half_year_is_the_default_period():
    period = rules.current_period(dt.date(2025, 7, 1))
    assert (period.year, period.half) == (2025, "H2")
    assert rules.current_period(dt.date(2025, 6, 30)).half == "H1"
    assert period.as_of == dt.date(2025, 7, 1)
    assert not period.is_over


@pytest.mark.parametrize("key", rules.RULE_KEYS)
def test_an_empty_area_breaks_nothing(world, key):
    rule = _report(world, congress=world.longshan_congress).rule(key)
    if key == rules.RECEPTION_DAYS:
        assert rule.total == 2
        assert len(rule.broken) == 2
    else:
        assert rule.broken == []
