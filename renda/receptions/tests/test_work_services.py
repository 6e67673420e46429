"""Reception days and residents' requests: every transition and refusal."""

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from renda.core.models import ActionLog
from renda.core.tests.images import PNG_BYTES
from renda.legal_calendar.calendar import due_date
from renda.receptions import services
from renda.receptions.choices import (
    PublicRequestStatus,
    ReceptionDayStatus,
    RequestSource,
    RequestTier,
)
from renda.receptions.models import PublicRequest, ReceptionDay
from renda.receptions.rules import PUBLIC_REQUEST_REPLY_DAYS, REQUEST_PHOTO_MAX_COUNT
from renda.receptions.selectors import (
    grassroots_unit_for,
    mask_resident_name,
    public_requests_for_unit,
    public_requests_visible_to,
)
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import (
    NOW,
    recorded_request,
    township_government,
    unit_user,
)
from renda.suggestions.choices import Channel, Period, SuggestionStatus
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory


def _plan(world, actor, **overrides):
    kwargs = {
        "station": world.station_longshan,
        "date": dt.date(2025, 6, 10),
        "start_time": dt.time(9, 0),
        "end_time": dt.time(11, 0),
        "place": "向阳街道联络站",
        "topic": "老旧小区改造",
        "deputies": [world.deputy_city_a],
        "actor": actor,
    }
    kwargs.update(overrides)
    return services.reception_day_plan(**kwargs)


# Reception days -----------------------------------------------------------------


def test_station_chief_plans_a_day(world, station_chief):
    day = _plan(world, station_chief)

    assert day.status == ReceptionDayStatus.PLANNED
    assert list(day.deputies.all()) == [world.deputy_city_a]
    assert ActionLog.objects.filter(
        action="reception_day.plan", object_id=str(day.pk)
    ).exists()


def test_committee_staff_over_the_station_plans_too(world, committee_staff):
    assert _plan(world, committee_staff).created_by == committee_staff


@pytest.mark.parametrize("role", ["liaison_officer", "district_staff", "deputy"])
def test_others_may_not_plan(world, role, request):
    with pytest.raises(PermissionDenied):
        _plan(world, request.getfixturevalue(role))
    assert not ReceptionDay.objects.exists()


def test_deputy_of_another_area_may_not_be_on_duty(world, station_chief):
    with pytest.raises(ApplicationError) as error:
        _plan(world, station_chief, deputies=[world.deputy_xian])
    assert error.value.field == "deputies"
    assert "王芳" in error.value.message
    assert not ReceptionDay.objects.exists()


def test_end_before_start_is_refused(world, station_chief):
    with pytest.raises(ApplicationError) as error:
        _plan(world, station_chief, end_time=dt.time(8, 0))
    assert error.value.field == "end_time"


def test_update_a_planned_day(world, station_chief):
    day = _plan(world, station_chief)
    services.reception_day_update(
        day=day, actor=station_chief, place="社区服务中心", deputies=[]
    )
    day.refresh_from_db()
    assert day.place == "社区服务中心"
    assert not day.deputies.exists()


def test_cancelled_day_cannot_be_changed(world, station_chief):
    day = _plan(world, station_chief)
    services.reception_day_cancel(day=day, reason="防汛", actor=station_chief)
    with pytest.raises(InvalidTransition):
        services.reception_day_update(day=day, actor=station_chief, place="别处")
    day.refresh_from_db()
    assert day.place == "向阳街道联络站"
    assert day.status == ReceptionDayStatus.CANCELLED
    assert day.status_reason == "防汛"


def test_hold_records_attendees(world, station_chief):
    day = _plan(world, station_chief)
    services.reception_day_hold(
        day=day, attendees=[world.deputy_city_a], actor=station_chief, now=NOW
    )
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.HELD
    assert day.held_at == NOW
    assert list(day.attendees.all()) == [world.deputy_city_a]
    with pytest.raises(InvalidTransition):
        services.reception_day_hold(
            day=day, attendees=[world.deputy_city_a], actor=station_chief, now=NOW
        )


def test_future_day_cannot_be_held(world, station_chief):
    day = _plan(world, station_chief, date=dt.date(2025, 12, 1))
    with pytest.raises(ApplicationError) as error:
        services.reception_day_hold(
            day=day, attendees=[world.deputy_city_a], actor=station_chief, now=NOW
        )
    assert error.value.field == "date"
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.PLANNED


def test_wrong_user_cannot_hold(world, station_chief, liaison_officer):
    day = _plan(world, station_chief)
    with pytest.raises(PermissionDenied):
        services.reception_day_hold(
            day=day, attendees=[world.deputy_city_a], actor=liaison_officer, now=NOW
        )
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.PLANNED
    assert day.held_at is None


def test_postpone_moves_the_day_and_keeps_a_trace(world, station_chief):
    day = _plan(world, station_chief)
    services.reception_day_postpone(
        day=day, reason="暴雨", new_date=dt.date(2025, 6, 17), actor=station_chief
    )
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.PLANNED
    assert day.date == dt.date(2025, 6, 17)
    assert "暴雨" in day.status_reason
    log = ActionLog.objects.get(action="reception_day.postpone")
    assert log.data["old_date"] == "2025-06-10"
    assert log.data["new_date"] == "2025-06-17"


def test_postpone_needs_a_later_date_and_a_reason(world, station_chief):
    day = _plan(world, station_chief)
    with pytest.raises(ApplicationError) as error:
        services.reception_day_postpone(
            day=day, reason="暴雨", new_date=dt.date(2025, 6, 1), actor=station_chief
        )
    assert error.value.field == "new_date"
    with pytest.raises(ApplicationError) as error:
        services.reception_day_postpone(
            day=day, reason=" ", new_date=dt.date(2025, 6, 20), actor=station_chief
        )
    assert error.value.field == "reason"
    day.refresh_from_db()
    assert day.date == dt.date(2025, 6, 10)
    assert not ActionLog.objects.filter(action="reception_day.postpone").exists()


def test_held_day_cannot_be_postponed_or_cancelled(world, station_chief):
    day = _plan(world, station_chief)
    services.reception_day_hold(
        day=day, attendees=[world.deputy_city_a], actor=station_chief, now=NOW
    )
    with pytest.raises(InvalidTransition):
        services.reception_day_postpone(
            day=day, reason="x", new_date=dt.date(2025, 7, 1), actor=station_chief
        )
    with pytest.raises(InvalidTransition):
        services.reception_day_cancel(day=day, reason="x", actor=station_chief)
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.HELD


def test_cancel_needs_a_reason(world, station_chief):
    day = _plan(world, station_chief)
    with pytest.raises(ApplicationError) as error:
        services.reception_day_cancel(day=day, reason="", actor=station_chief)
    assert error.value.field == "reason"
    day.refresh_from_db()
    assert day.status == ReceptionDayStatus.PLANNED


# Recording ------------------------------------------------------------------------


def test_deputy_records_a_request_met_elsewhere(world, deputy):
    request = services.public_request_create(
        station=world.station_longshan,
        source=RequestSource.DEPUTY,
        resident_name="李四",
        resident_phone="0437-3221234",
        consent=True,
        content="公交站缺少遮雨棚",
        actor=deputy,
    )
    assert request.received_by == world.deputy_city_a
    assert request.recorded_by == deputy
    assert request.reception_day is None


def test_deputy_cannot_record_for_a_station_outside_their_groups(world, deputy):
    with pytest.raises(PermissionDenied):
        services.public_request_create(
            station=world.station_xian,
            source=RequestSource.DEPUTY,
            resident_name="李四",
            resident_phone="13512345678",
            consent=True,
            content="公交站缺少遮雨棚",
            actor=deputy,
        )
    assert not PublicRequest.objects.exists()


def test_reception_day_of_another_station_is_refused(world, station_chief):
    other_day = ReceptionDayFactory(station=world.station_longshan_2)
    with pytest.raises(ApplicationError) as error:
        recorded_request(world, station_chief, reception_day=other_day)
    assert error.value.field == "reception_day"


# Routing to the township government --------------------------------------------


def test_route_to_township_government_with_the_legal_deadline(world, station_chief):
    unit = township_government(world.station_longshan)
    request = recorded_request(world, station_chief)
    assert grassroots_unit_for(world.station_longshan) == (unit, "")

    services.public_request_route_grassroots(
        request=request, unit=unit, actor=station_chief, now=NOW
    )

    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ROUTED
    assert request.tier == RequestTier.GRASSROOTS
    assert request.handling_unit == unit
    # 2025-09-20 + 15 days is 10-05, inside the National Day holiday: the
    # period ends on the first working day after it.
    assert request.due_at == dt.date(2025, 10, 9)
    assert (
        request.due_at
        == due_date(dt.date(2025, 9, 20), days=PUBLIC_REQUEST_REPLY_DAYS).due
    )
    assert request.events.filter(kind="ROUTED").exists()
    assert ActionLog.objects.filter(action="public_request.routed").exists()


def test_route_to_another_unit_is_refused(world, station_chief):
    township_government(world.station_longshan)
    request = recorded_request(world, station_chief)
    with pytest.raises(ApplicationError) as error:
        services.public_request_route_grassroots(
            request=request, unit=world.unit_city, actor=station_chief, now=NOW
        )
    assert error.value.field == "unit"
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.RECEIVED
    assert request.handling_unit is None


def test_without_a_township_unit_the_county_government_is_proposed(world):
    county = HandlingUnitFactory(
        name="龙山区人民政府", kind=UnitKind.GOVERNMENT, region=world.longshan
    )
    unit, note = grassroots_unit_for(world.station_longshan)
    assert unit == county
    assert "向阳街道" in note


def test_route_by_another_station_or_twice_is_refused(
    world, station_chief, liaison_officer
):
    unit = township_government(world.station_longshan)
    request = recorded_request(world, station_chief)
    with pytest.raises(PermissionDenied):
        services.public_request_route_grassroots(
            request=request, unit=unit, actor=liaison_officer, now=NOW
        )
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.RECEIVED
    services.public_request_route_grassroots(
        request=request, unit=unit, actor=station_chief, now=NOW
    )
    with pytest.raises(InvalidTransition):
        services.public_request_route_grassroots(
            request=request, unit=unit, actor=station_chief, now=NOW
        )
    assert request.events.filter(kind="ROUTED").count() == 1


# The unit's answer, telling the resident, closing --------------------------------


def test_unit_answers_then_station_tells_and_closes(world, station_chief, unit_staff):
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    request = recorded_request(world, station_chief)
    services.public_request_route_grassroots(
        request=request, unit=unit, actor=station_chief, now=NOW
    )
    assert list(public_requests_for_unit(township)) == [request]
    assert not public_requests_for_unit(unit_staff).exists()

    with pytest.raises(PermissionDenied):
        services.public_request_answer(
            request=request, answer="已修复", actor=unit_staff
        )
    with pytest.raises(InvalidTransition):
        services.public_request_close(request=request, actor=station_chief)

    services.public_request_answer(request=request, answer="已修复", actor=township)
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.ANSWERED
    assert request.answer == "已修复"
    assert request.answered_by == township

    with pytest.raises(InvalidTransition) as error:
        services.public_request_close(request=request, actor=station_chief)
    assert error.value.code == "stations.not_told"
    with pytest.raises(PermissionDenied):
        services.public_request_tell_resident(request=request, actor=township)

    services.public_request_tell_resident(request=request, actor=station_chief)
    services.public_request_close(request=request, actor=station_chief)
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.CLOSED
    assert list(request.events.values_list("kind", flat=True)) == [
        "RECEIVED",
        "ROUTED",
        "ANSWERED",
        "RESIDENT_TOLD",
        "CLOSED",
    ]
    with pytest.raises(InvalidTransition):
        services.public_request_answer(request=request, answer="再答", actor=township)


def test_answer_on_the_spot_closes(world, station_chief):
    request = recorded_request(world, station_chief)
    services.public_request_answer_on_the_spot(
        request=request, answer="已当场解释政策", actor=station_chief
    )
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.CLOSED
    assert request.tier == RequestTier.ON_THE_SPOT
    assert request.resident_told_at is not None
    with pytest.raises(InvalidTransition):
        services.public_request_answer_on_the_spot(
            request=request, answer="again", actor=station_chief
        )


def test_empty_answer_changes_nothing(world, station_chief):
    request = recorded_request(world, station_chief)
    with pytest.raises(ApplicationError) as error:
        services.public_request_answer_on_the_spot(
            request=request, answer="  ", actor=station_chief
        )
    assert error.value.field == "answer"
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.RECEIVED


# Conversion into a suggestion ----------------------------------------------------


def test_receiving_deputy_converts_into_a_suggestion(world, station_chief, deputy):
    request = recorded_request(world, station_chief)

    services.public_request_convert_to_suggestion(
        request=request, channel=Channel.HOTLINE, actor=deputy, now=NOW
    )

    request.refresh_from_db()
    suggestion = request.suggestion
    assert request.status == PublicRequestStatus.CONVERTED
    assert request.tier == RequestTier.SUGGESTION
    assert suggestion.lead_deputy == world.deputy_city_a
    assert suggestion.congress == world.city_congress
    assert suggestion.channel == Channel.HOTLINE
    assert suggestion.period == Period.RECESS
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert suggestion.title == "向阳小区门前道路破损，雨天积水"
    assert "向阳小区东门" in suggestion.body
    assert list(suggestion.public_requests.all()) == [request]


def test_station_chief_may_not_convert(world, station_chief):
    from renda.suggestions.models import Suggestion

    request = recorded_request(world, station_chief)
    with pytest.raises(PermissionDenied):
        services.public_request_convert_to_suggestion(
            request=request, actor=station_chief
        )
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.RECEIVED
    assert not Suggestion.objects.exists()


def test_conversion_needs_a_receiving_deputy(world, committee_staff):
    from renda.suggestions.models import Suggestion

    request = services.public_request_create(
        station=world.station_longshan,
        source=RequestSource.QR_FORM,
        resident_name="王五",
        resident_phone="",
        consent=True,
        content="建议增设公交线路",
    )
    with pytest.raises(ApplicationError) as error:
        services.public_request_convert_to_suggestion(
            request=request, actor=committee_staff
        )
    assert error.value.field == "received_by"
    assert not Suggestion.objects.exists()


def test_committee_staff_converts_and_the_channel_must_fit(
    world, station_chief, committee_staff
):
    request = recorded_request(world, station_chief)
    with pytest.raises(ApplicationError) as error:
        services.public_request_convert_to_suggestion(
            request=request, channel=Channel.FORMAL, actor=committee_staff
        )
    assert error.value.field == "channel"
    services.public_request_convert_to_suggestion(
        request=request, actor=committee_staff
    )
    request.refresh_from_db()
    assert request.suggestion.channel == Channel.VOICE
    assert request.suggestion.created_by == committee_staff


# Masking, reveal and scope -----------------------------------------------------------


def test_mask_resident_name():
    assert mask_resident_name("张三") == "张*"
    assert mask_resident_name("欧阳明月") == "欧***"
    assert mask_resident_name("") == ""


def test_reveal_is_audited_and_limited(world, station_chief, deputy, liaison_officer):
    request = recorded_request(world, station_chief)
    full = services.public_request_reveal_resident(request=request, actor=station_chief)
    assert full == {"name": "张三", "phone": "13512345678"}
    assert (
        ActionLog.objects.filter(
            action="public_request.reveal_resident", actor=station_chief
        ).count()
        == 1
    )
    for other in (deputy, liaison_officer):
        with pytest.raises(PermissionDenied):
            services.public_request_reveal_resident(request=request, actor=other)
    assert (
        ActionLog.objects.filter(action="public_request.reveal_resident").count() == 1
    )


def test_requests_visible_by_scope(
    world, station_chief, liaison_officer, deputy, district_staff, committee_staff
):
    request = recorded_request(world, station_chief)
    assert request in public_requests_visible_to(station_chief)
    assert request in public_requests_visible_to(committee_staff)
    assert request in public_requests_visible_to(deputy)  # received it
    assert request not in public_requests_visible_to(liaison_officer)
    assert request not in public_requests_visible_to(district_staff)


# Photos added later ------------------------------------------------------------


def _png(name="补充.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES)


def test_photos_can_be_added_up_to_the_limit(world, station_chief):
    request = recorded_request(world, station_chief)

    added = services.public_request_add_photos(
        request=request, photos=[_png(), _png()], actor=station_chief
    )

    assert len(added) == 2
    assert request.photos.count() == 2
    assert ActionLog.objects.filter(action="public_request.add_photos").exists()
    with pytest.raises(ApplicationError) as error:
        services.public_request_add_photos(
            request=request,
            photos=[_png() for _ in range(REQUEST_PHOTO_MAX_COUNT - 1)],
            actor=station_chief,
        )
    assert error.value.field == "photos"
    assert request.photos.count() == 2


def test_photos_are_refused_on_a_closed_request_or_a_fake_image(world, station_chief):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = recorded_request(world, station_chief)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>")
    with pytest.raises(ApplicationError):
        services.public_request_add_photos(
            request=request, photos=[fake], actor=station_chief
        )
    services.public_request_answer_on_the_spot(
        request=request, answer="已当场解释", actor=station_chief
    )
    request.refresh_from_db()

    with pytest.raises(InvalidTransition):
        services.public_request_add_photos(
            request=request, photos=[_png()], actor=station_chief
        )
    assert request.photos.count() == 0


def test_other_users_may_not_add_photos(world, station_chief, liaison_officer, leader):
    request = recorded_request(world, station_chief)

    for user in (leader, liaison_officer):
        with pytest.raises(PermissionDenied):
            services.public_request_add_photos(
                request=request, photos=[_png()], actor=user
            )
    assert request.photos.count() == 0
