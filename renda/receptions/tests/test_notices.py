"""Every step of a resident's request tells the people it concerns, once it commits.

Before, no step notified anyone: a chief learned of a resident's request, and a
township of a routed one, only by looking.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from renda.notifications.models import Notification
from renda.receptions import services
from renda.receptions.choices import RequestSource
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
    unit_user,
)


def _notices():
    return list(
        Notification.objects.order_by("recipient_id", "id").values_list(
            "recipient__username", "title", "url"
        )
    )


def _qr(world):
    return services.public_request_create(
        station=world.station_longshan,
        source=RequestSource.QR_FORM,
        resident_name="刘淑芬",
        resident_phone="",
        consent=True,
        content="向阳小区路灯坏了",
    )


def test_a_request_from_the_qr_form_tells_the_station_chief(
    world, station_chief, liaison_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = _qr(world)

    notices = _notices()
    # The chief of 向阳街道's station; 仙城's liaison officer is not told.
    assert [(user, title) for user, title, _url in notices] == [
        (station_chief.username, f"{world.station_longshan.name}收到新的群众诉求")
    ]
    assert notices[0][2] == f"/stations/requests/{request.pk}/"


def test_a_request_recorded_by_a_deputy_tells_the_chief_not_the_deputy(
    world, station_chief, deputy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.public_request_create(
            station=world.station_longshan,
            source=RequestSource.DEPUTY,
            resident_name="张三",
            resident_phone="13512345678",
            consent=True,
            content="路面破损",
            actor=deputy,
        )

    assert [user for user, _t, _u in _notices()] == [station_chief.username]


def test_the_chief_is_not_told_of_their_own_record(
    world, station_chief, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded_request(world, station_chief)

    assert _notices() == []


def test_routing_tells_the_township_staff_and_the_answer_tells_the_station(
    world, station_chief, committee_staff, django_capture_on_commit_callbacks
):
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    request = recorded_request(world, station_chief)

    with django_capture_on_commit_callbacks(execute=True):
        services.public_request_route_grassroots(
            request=request, unit=unit, actor=committee_staff
        )
    routed = _notices()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.public_request_answer(request=request, answer="已修复", actor=township)
    answered = _notices()

    assert [(user, url) for user, _title, url in routed] == [
        (township.username, f"/stations/unit/requests/{request.pk}/answer/")
    ]
    assert f"{world.station_longshan.name}转来群众诉求" == routed[0][1]
    assert [(user, title) for user, title, _url in answered] == [
        (station_chief.username, f"{unit.name}已答复群众诉求")
    ]


def test_a_rolled_back_step_sends_nothing(
    world, station_chief, committee_staff, django_capture_on_commit_callbacks
):
    unit = township_government(world.station_longshan)
    unit_user(unit)
    request = recorded_request(world, station_chief)

    def step_then_failure(step):
        with transaction.atomic():
            step()
            raise RuntimeError("the request failed after the step")

    # Each step in a transaction of its own, as in production (one service per
    # request; decision 0017's lock-order check holds a test to that).
    steps = (
        lambda: _qr(world),
        lambda: services.public_request_route_grassroots(
            request=request, unit=unit, actor=committee_staff
        ),
    )
    for step in steps:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
        ):
            step_then_failure(step)
        assert callbacks == []
    assert _notices() == []
    request.refresh_from_db()
    assert request.status == "RECEIVED"


def test_a_late_held_day_asks_the_committee_staff_over_the_station(
    world,
    station_chief,
    committee_staff,
    district_staff,
    django_capture_on_commit_callbacks,
):
    in_time = services.reception_day_plan(
        station=world.station_longshan,
        date=timezone.localdate(),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站",
        actor=station_chief,
    )
    late = services.reception_day_plan(
        station=world.station_longshan,
        date=dt.date(timezone.localdate().year - 2, 6, 10),
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站",
        actor=station_chief,
    )

    with django_capture_on_commit_callbacks(execute=True):
        for day in (in_time, late):
            services.reception_day_hold(
                day=day, attendees=[world.deputy_city_a], actor=station_chief
            )

    # The city's staff (over 向阳街道), not 西安区's, and only for the late day.
    assert [(user, url) for user, _title, url in _notices()] == [
        (
            committee_staff.username,
            f"/stations/reception-days/{late.pk}/confirm-late/",
        )
    ]
