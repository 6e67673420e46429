"""manage.py liaison_reminders: the right people, once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.liaison.reminders import liaison_reminders
from renda.liaison.tests import dashboard_factories as make
from renda.notifications.models import Notification
from renda.receptions.choices import ReceptionDayStatus

TODAY = dt.date(2020, 10, 15)


def _planned_enough(station):
    make.reception_days(station, [dt.date(2020, m, 5) for m in range(1, 7)])


@pytest.fixture
def scene(world, committee_staff, station_chief, liaison_officer, unit_staff):
    """S1 (向阳, chief) on track; S3 (仙城, officer) and S2 behind; one leader behind."""
    _planned_enough(world.station_longshan)
    make.reception_days(world.station_xian, [dt.date(2020, 3, 1)])
    make.reception_days(
        world.station_xian, [dt.date(2020, 11, 1)], status=ReceptionDayStatus.PLANNED
    )
    _planned_enough(world.station_longshan_2)
    leader_user = UserFactory(username="vice")
    RoleAssignmentFactory(
        user=leader_user, role=Role.LEADER, congress=world.city_congress
    )
    behind = make.leader_member(world, user=leader_user)
    on_track = make.leader_member(world, user=UserFactory(username="ok_leader"))
    make.kept_contacts(on_track, 5, logged_on=dt.date(2020, 7, 20))
    make.coordination(world.city_congress, 2020, 3, dt.date(2020, 9, 10))
    make.group_activity(world.group_longshan, dt.date(2020, 8, 1), on_track)
    make.contacts(behind, 2)
    short_meeting = make.meeting(world, dt.date(2020, 9, 1), observers=1)
    make.meeting(world, dt.date(2020, 8, 1), observers=3)
    overdue = make.public_request(
        world.station_longshan, unit=world.unit_city, due_at=dt.date(2020, 10, 1)
    )
    make.public_request(
        world.station_longshan, unit=world.unit_city, due_at=dt.date(2020, 10, 20)
    )
    return {
        "leader_user": leader_user,
        "on_track": on_track,
        "meeting": short_meeting,
        "overdue": overdue,
    }


def _keys(user):
    return set(
        Notification.objects.filter(recipient=user).values_list("dedupe_key", flat=True)
    )


def test_reminders_reach_those_concerned_and_only_them(
    scene,
    world,
    committee_staff,
    district_staff,
    station_chief,
    liaison_officer,
    unit_staff,
):
    liaison_reminders(today=TODAY)

    assert _keys(liaison_officer) == {
        f"liaison:reception_days:{world.station_xian.pk}:2020"
    }
    assert _keys(station_chief) == set()  # 向阳 is on track
    leader = scene["leader_user"]
    behind = leader.committee_memberships.get()
    assert _keys(leader) == {
        f"liaison:leader_contacts:{behind.pk}:2020H2",
        f"liaison:group_activities:{behind.pk}:2020H2",
    }
    assert _keys(scene["on_track"].user) == set()
    request_key = f"liaison:overdue_requests:{scene['overdue'].pk}"
    assert _keys(committee_staff) == {
        f"liaison:meeting_observers:{scene['meeting'].pk}",
        request_key,
    }
    assert _keys(unit_staff) == {request_key}
    # 西安区 staff: no meeting of theirs, no request of their area overdue.
    assert _keys(district_staff) == set()
    notice = Notification.objects.get(recipient=liaison_officer)
    assert notice.kind == "GENERIC"
    assert "接待日" in notice.title
    assert notice.url


def test_reminders_run_twice_send_once(scene, world):
    first = liaison_reminders(today=TODAY)
    count = Notification.objects.count()

    second = liaison_reminders(today=TODAY)
    third = liaison_reminders(today=TODAY + dt.timedelta(days=1))

    assert first.total == count > 0
    assert second.total == 0
    assert third.total == 0
    assert Notification.objects.count() == count


def test_the_command_prints_a_summary_and_refuses_a_bad_date(scene):
    out = io.StringIO()
    call_command("liaison_reminders", "--today", "2020-10-15", stdout=out)
    assert "双联提醒" in out.getvalue()
    assert Notification.objects.exists()

    before = Notification.objects.count()
    with pytest.raises(CommandError, match="日期格式不正确"):
        call_command("liaison_reminders", "--today", "2020-13-01")
    assert Notification.objects.count() == before
