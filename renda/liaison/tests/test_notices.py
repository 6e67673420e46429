"""Every 双联 write tells the people it concerns, once its transaction commits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from renda.accounts.tests.factories import UserFactory
from renda.liaison import services
from renda.notifications.models import Notification

from .factories import TODAY, contact, meeting, member

pytestmark = pytest.mark.django_db


def _inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_a_deputy_put_in_a_leaders_contact_hears_of_it(
    world, committee_staff, deputy, leader, django_capture_on_commit_callbacks
):
    seat = member(world, user=leader)

    with django_capture_on_commit_callbacks(execute=True):
        contact(seat, world.deputy_city_a, committee_staff)

    assert _inbox(deputy) == ["【双联】白玉晶（副主任）与您建立联系"]
    assert _inbox(committee_staff) == []
    assert _inbox(leader) == []


def test_a_deputy_invited_to_observe_a_meeting_hears_of_it(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    found = meeting(world, committee_staff, date=dt.date(2030, 3, 1))

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_observers_invite(
            meeting=found,
            deputies=[world.deputy_city_a, world.deputy_city_b],
            actor=committee_staff,
        )

    [notice] = Notification.objects.filter(recipient=deputy)
    assert notice.title.startswith("【双联】邀请您列席")
    assert notice.url == f"/liaison/meetings/{found.pk}/"
    # 白玉晶 has no account: nobody else hears.
    assert Notification.objects.count() == 1


def test_committee_members_recorded_at_an_activity_hear_of_it(
    world, committee_staff, django_capture_on_commit_callbacks
):
    user = UserFactory(username="bai")
    seat = member(world, user=user)

    with django_capture_on_commit_callbacks(execute=True):
        services.group_activity_record(
            group=world.group_longshan,
            date=dt.date(2024, 5, 10),
            topic="小组学习",
            committee_members=[seat],
            actor=committee_staff,
            today=TODAY,
        )

    assert _inbox(user) == [f"【双联】已记录您参加{world.group_longshan.name}的活动"]
    assert _inbox(committee_staff) == []


def test_a_late_entry_asks_the_congress_staff_to_confirm(
    world, committee_staff, district_staff, deputy, django_capture_on_commit_callbacks
):
    found = meeting(world, committee_staff, date=dt.date(2024, 3, 1))

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_observers_invite(
            meeting=found,
            deputies=[world.deputy_city_a],
            actor=committee_staff,
            now=timezone.make_aware(dt.datetime(2024, 3, 8, 9)),
        )

    assert _inbox(committee_staff) == ["【双联】有一条补录的列席代表邀请待确认"]
    assert _inbox(district_staff) == []
    assert len(_inbox(deputy)) == 1


def test_a_rolled_back_write_sends_nothing(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    seat = member(world)

    def assign_then_fail():
        with transaction.atomic():
            contact(seat, world.deputy_city_a, committee_staff)
            raise RuntimeError("the request failed after the write")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        assign_then_fail()

    assert callbacks == []
    assert not Notification.objects.exists()
