"""Reception days and residents' requests against every role: pages and API.

The world: station S1 (向阳街道, 龙山区) has a planned reception day, a request
received by city deputy 丁照民 (the `deputy` role) and one routed to the
向阳街道 government and answered. The station chief is S1's; the liaison
officer is 仙城's (another district: 404). Committee staff and the leader work
for the city (S1 in scope); district staff for 西安区 (404). Unit staff work for
a city bureau: station pages are closed to them (403), S1's requests are not
theirs (404). Roles not listed in a row get its default.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.core.tests.images import PNG_BYTES
from renda.receptions import services
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import (
    recorded_request,
    township_government,
    unit_user,
)
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

COVERED_PAGES = {
    "stations:reception_days",
    "stations:reception_day_create",
    "stations:reception_day_edit",
    "stations:reception_day_hold",
    "stations:reception_day_postpone",
    "stations:reception_day_cancel",
    "stations:reception_day_confirm_late",
    "stations:requests",
    "stations:request_create",
    "stations:request_detail",
    "stations:request_photo",
    "stations:request_route",
    "stations:request_convert",
    "stations:request_prepare_draft",
    "stations:request_answer_on_the_spot",
    "stations:request_tell",
    "stations:request_close",
    "stations:request_reveal",
    "stations:my_requests",
    "stations:unit_requests",
    "stations:unit_request_answer",
    "stations:escalated_requests",
}
PREFIX = "/api/v1/stations/work"
COVERED_API = {
    f"{PREFIX}/{{station_id}}/reception-days",
    f"{PREFIX}/reception-days/{{day_id}}",
    f"{PREFIX}/reception-days/{{day_id}}/hold",
    f"{PREFIX}/reception-days/{{day_id}}/postpone",
    f"{PREFIX}/reception-days/{{day_id}}/cancel",
    f"{PREFIX}/reception-days/{{day_id}}/confirm-late",
    f"{PREFIX}/{{station_id}}/requests",
    f"{PREFIX}/requests/mine",
    f"{PREFIX}/requests/{{request_id}}",
    f"{PREFIX}/requests/{{request_id}}/reveal",
    f"{PREFIX}/requests/{{request_id}}/route",
    f"{PREFIX}/requests/{{request_id}}/convert",
    f"{PREFIX}/requests/{{request_id}}/answer-on-the-spot",
    f"{PREFIX}/requests/{{request_id}}/tell",
    f"{PREFIX}/requests/{{request_id}}/close",
    f"{PREFIX}/requests/{{request_id}}/photos",
    f"{PREFIX}/unit/requests",
    f"{PREFIX}/unit/requests/{{request_id}}/answer",
}

OUT_OF_SCOPE = {"district_staff": 404, "liaison_officer": 404}
# Station pages: unit staff may not use them at all.
SEE = {
    "system_admin": 200,
    "committee_staff": 200,
    "leader": 200,
    "deputy": 200,
    "station_chief": 200,
    **OUT_OF_SCOPE,
}
MANAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "station_chief": 200,
    **OUT_OF_SCOPE,
}
VIEW_REQUESTS = {**MANAGE, "leader": 200}
# Confirming a late (补录) day: committee staff over the station, not its own staff.
CONFIRM_LATE = {"system_admin": 200, "committee_staff": 200, **OUT_OF_SCOPE}
RECORD = {**MANAGE, "deputy": 200}
# A request of S1 received by the deputy: unit staff do not see it (404).
REQUEST_SEEN = {**SEE, "unit_staff": 404}
# Who may act on it (302 after the page's redirect); the rest who see it: 403.
REQUEST_ACT = {
    "system_admin": 302,
    "committee_staff": 302,
    "station_chief": 302,
    "leader": 403,
    "deputy": 403,
    **OUT_OF_SCOPE,
    "unit_staff": 404,
}


@pytest.fixture(scope="module")
def objects(world, station_chief):
    today = timezone.localdate()
    day = ReceptionDayFactory(
        station=world.station_longshan, date=today - dt.timedelta(days=1)
    )
    day.deputies.add(world.deputy_city_a)
    # A day of a closed year, recorded as held long after: 补录, to be confirmed.
    late = ReceptionDayFactory(
        station=world.station_longshan,
        date=dt.date(today.year - 2, 6, 10),
        status="HELD",
        held_at=timezone.now(),
        entered_late=True,
    )
    unit = township_government(world.station_longshan)
    township = unit_user(unit)
    received = recorded_request(
        world,
        station_chief,
        now=timezone.now(),
        photos=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
    )
    answered = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_route_grassroots(
        request=answered, unit=unit, actor=station_chief
    )
    services.public_request_answer(request=answered, answer="已修复", actor=township)
    told = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_answer_on_the_spot(
        request=told, answer="已解释", actor=station_chief
    )
    routed = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_route_grassroots(
        request=routed, unit=unit, actor=station_chief
    )
    # An answered request already told, ready to close.
    to_close = recorded_request(world, station_chief, now=timezone.now())
    services.public_request_route_grassroots(
        request=to_close, unit=unit, actor=station_chief
    )
    services.public_request_answer(request=to_close, answer="已修复", actor=township)
    services.public_request_tell_resident(request=to_close, actor=station_chief)
    return {
        "day": day,
        "late": late,
        "unit": unit,
        "received": received,
        "photo": received.photos.get(),
        "answered": answered,
        "routed": routed,
        "to_close": to_close,
    }


# A small real PNG (uploads are decoded and re-encoded).
PNG = PNG_BYTES


def S1(w):
    return w.station_longshan.pk


PAGES = [
    Row(
        "reception days",
        lambda w, o: reverse("stations:reception_days", args=[S1(w)]),
        200,
        {**SEE, "unit_staff": 403},
    ),
    Row(
        "reception days, 仙城 station",
        lambda w, o: reverse("stations:reception_days", args=[w.station_xian.pk]),
        404,
        {
            "system_admin": 200,
            "committee_staff": 200,
            "leader": 200,
            "district_staff": 200,
            "liaison_officer": 200,
            "unit_staff": 403,
        },
    ),
    Row(
        "plan a day",
        lambda w, o: reverse("stations:reception_day_create", args=[S1(w)]),
        403,
        MANAGE,
    ),
    Row(
        "plan a day, posted",
        lambda w, o: reverse("stations:reception_day_create", args=[S1(w)]),
        403,
        {**MANAGE, "system_admin": 302, "committee_staff": 302, "station_chief": 302},
        method="post",
        body=lambda w, o: {
            "date": "2025-06-10",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "站里",
        },
    ),
    Row(
        "edit a day",
        lambda w, o: reverse("stations:reception_day_edit", args=[o["day"].pk]),
        403,
        MANAGE,
    ),
    Row(
        "hold a day",
        lambda w, o: reverse("stations:reception_day_hold", args=[o["day"].pk]),
        403,
        MANAGE,
    ),
    Row(
        "postpone a day",
        lambda w, o: reverse("stations:reception_day_postpone", args=[o["day"].pk]),
        403,
        MANAGE,
    ),
    Row(
        "cancel a day",
        lambda w, o: reverse("stations:reception_day_cancel", args=[o["day"].pk]),
        403,
        MANAGE,
    ),
    Row(
        "cancel a day, posted",
        lambda w, o: reverse("stations:reception_day_cancel", args=[o["day"].pk]),
        403,
        {**MANAGE, "system_admin": 302, "committee_staff": 302, "station_chief": 302},
        method="post",
        body=lambda w, o: {"reason": "防汛"},
    ),
    Row(
        "confirm a late day",
        lambda w, o: reverse(
            "stations:reception_day_confirm_late", args=[o["late"].pk]
        ),
        403,
        CONFIRM_LATE,
    ),
    Row(
        "confirm a late day, posted",
        lambda w, o: reverse(
            "stations:reception_day_confirm_late", args=[o["late"].pk]
        ),
        403,
        {**CONFIRM_LATE, "system_admin": 302, "committee_staff": 302},
        method="post",
        body=lambda w, o: {"reason": "核对了签到表和照片"},
    ),
    Row(
        "station requests",
        lambda w, o: reverse("stations:requests", args=[S1(w)]),
        403,
        VIEW_REQUESTS,
    ),
    Row(
        "record a request",
        lambda w, o: reverse("stations:request_create", args=[S1(w)]),
        403,
        RECORD,
    ),
    Row(
        "request detail",
        lambda w, o: reverse("stations:request_detail", args=[o["received"].pk]),
        200,
        REQUEST_SEEN,
    ),
    Row(
        "request photo",
        lambda w, o: reverse("stations:request_photo", args=[o["photo"].pk]),
        200,
        REQUEST_SEEN,
    ),
    Row(
        "routed request detail",
        lambda w, o: reverse("stations:request_detail", args=[o["routed"].pk]),
        200,
        REQUEST_SEEN,
    ),
    Row(
        "route",
        lambda w, o: reverse("stations:request_route", args=[o["received"].pk]),
        403,
        REQUEST_ACT,
        method="post",
        body=lambda w, o: {"unit": o["unit"].pk},
    ),
    Row(
        "convert",
        lambda w, o: reverse("stations:request_convert", args=[o["received"].pk]),
        403,
        {**REQUEST_ACT, "station_chief": 403, "deputy": 302},
        method="post",
        body=lambda w, o: {"channel": "VOICE", "category": "OTHER"},
    ),
    Row(
        "prepare a draft for a deputy (the form)",
        lambda w, o: reverse("stations:request_prepare_draft", args=[o["received"].pk]),
        403,
        {"station_chief": 200, **OUT_OF_SCOPE, "unit_staff": 404},
    ),
    Row(
        "answer on the spot",
        lambda w, o: reverse(
            "stations:request_answer_on_the_spot", args=[o["received"].pk]
        ),
        403,
        REQUEST_ACT,
        method="post",
        body=lambda w, o: {"answer": "当场解释"},
    ),
    Row(
        "tell the resident",
        lambda w, o: reverse("stations:request_tell", args=[o["answered"].pk]),
        403,
        REQUEST_ACT,
        method="post",
    ),
    Row(
        "close",
        lambda w, o: reverse("stations:request_close", args=[o["to_close"].pk]),
        403,
        REQUEST_ACT,
        method="post",
    ),
    Row(
        "reveal the resident",
        lambda w, o: reverse("stations:request_reveal", args=[o["received"].pk]),
        403,
        {
            "system_admin": 200,
            "station_chief": 200,
            **OUT_OF_SCOPE,
            "unit_staff": 404,
        },
        method="post",
    ),
    Row(
        "my requests",
        lambda w, o: reverse("stations:my_requests"),
        403,
        {"deputy": 200},
    ),
    Row(
        "unit requests",
        lambda w, o: reverse("stations:unit_requests"),
        403,
        {"unit_staff": 200},
    ),
    Row(
        "unit answer, another unit's request",
        lambda w, o: reverse("stations:unit_request_answer", args=[o["routed"].pk]),
        403,
        {"unit_staff": 404},
    ),
    # Requests waiting for a deputy's suggestion: the congress's own committee
    # staff and admins; 西安区 staff do not see the city congress (404).
    Row(
        "escalated requests of the city congress",
        lambda w, o: reverse("stations:escalated_requests", args=[w.city_congress.pk]),
        403,
        {"system_admin": 200, "committee_staff": 200, "district_staff": 404},
    ),
    Row(
        "escalated requests of 西安区's congress",
        lambda w, o: reverse("stations:escalated_requests", args=[w.xian_congress.pk]),
        403,
        {"system_admin": 200, "committee_staff": 403, "district_staff": 200},
    ),
]

API_SEE = {**SEE, "unit_staff": 403}
API_MANAGE = {**MANAGE, "unit_staff": 403}
API_ACT = {
    "system_admin": 200,
    "committee_staff": 200,
    "station_chief": 200,
    "leader": 403,
    "deputy": 403,
    **OUT_OF_SCOPE,
    "unit_staff": 404,
}


def _created(expect):
    return {k: (201 if v == 200 else v) for k, v in expect.items()}


API = [
    Row(
        "api reception days",
        lambda w, o: f"{PREFIX}/{S1(w)}/reception-days",
        403,
        API_SEE,
        api=True,
    ),
    Row(
        "api plan a day",
        lambda w, o: f"{PREFIX}/{S1(w)}/reception-days",
        403,
        _created(API_MANAGE),
        method="post",
        api=True,
        body=lambda w, o: {
            "date": "2025-06-10",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "站里",
            "deputies": [w.deputy_city_a.pk],
        },
    ),
    Row(
        "api update a day",
        lambda w, o: f"{PREFIX}/reception-days/{o['day'].pk}",
        403,
        API_MANAGE,
        method="patch",
        api=True,
        body=lambda w, o: {"place": "社区服务中心"},
    ),
    Row(
        "api hold a day",
        lambda w, o: f"{PREFIX}/reception-days/{o['day'].pk}/hold",
        403,
        API_MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {"attendees": [w.deputy_city_a.pk]},
    ),
    Row(
        "api postpone a day",
        lambda w, o: f"{PREFIX}/reception-days/{o['day'].pk}/postpone",
        403,
        API_MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {
            "reason": "暴雨",
            "new_date": (o["day"].date + dt.timedelta(days=7)).isoformat(),
        },
    ),
    Row(
        "api cancel a day",
        lambda w, o: f"{PREFIX}/reception-days/{o['day'].pk}/cancel",
        403,
        API_MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "防汛"},
    ),
    Row(
        "api confirm a late day",
        lambda w, o: f"{PREFIX}/reception-days/{o['late'].pk}/confirm-late",
        403,
        {**CONFIRM_LATE, "unit_staff": 403},
        method="post",
        api=True,
        body=lambda w, o: {"reason": "核对了签到表和照片"},
    ),
    Row(
        "api station requests",
        lambda w, o: f"{PREFIX}/{S1(w)}/requests",
        403,
        {**VIEW_REQUESTS, "unit_staff": 403},
        api=True,
    ),
    Row(
        "api record a request",
        lambda w, o: f"{PREFIX}/{S1(w)}/requests",
        403,
        _created(API_MANAGE),
        method="post",
        api=True,
        body=lambda w, o: {
            "source": "RECEPTION_DAY",
            "reception_day": o["day"].pk,
            "received_by": w.deputy_city_a.pk,
            "resident_name": "赵六",
            "resident_phone": "13512345678",
            "consent": True,
            "content": "路灯不亮",
        },
    ),
    Row(
        "api deputy records one met elsewhere",
        lambda w, o: f"{PREFIX}/{S1(w)}/requests",
        403,
        {**_created(API_MANAGE), "deputy": 201},
        method="post",
        api=True,
        body=lambda w, o: {
            "source": "DEPUTY",
            "received_by": w.deputy_city_a.pk,
            "resident_name": "赵六",
            "resident_phone": "13512345678",
            "consent": True,
            "content": "路灯不亮",
        },
    ),
    Row(
        "api my requests",
        lambda w, o: f"{PREFIX}/requests/mine",
        403,
        {"deputy": 200},
        api=True,
    ),
    Row(
        "api request detail",
        lambda w, o: f"{PREFIX}/requests/{o['received'].pk}",
        200,
        REQUEST_SEEN,
        api=True,
    ),
    Row(
        "api reveal the resident",
        lambda w, o: f"{PREFIX}/requests/{o['received'].pk}/reveal",
        403,
        {
            "system_admin": 200,
            "station_chief": 200,
            **OUT_OF_SCOPE,
            "unit_staff": 404,
        },
        method="post",
        api=True,
        body=lambda w, o: {},
    ),
    Row(
        "api route",
        lambda w, o: f"{PREFIX}/requests/{o['received'].pk}/route",
        403,
        API_ACT,
        method="post",
        api=True,
        body=lambda w, o: {},
    ),
    Row(
        "api convert",
        lambda w, o: f"{PREFIX}/requests/{o['received'].pk}/convert",
        403,
        {**API_ACT, "station_chief": 403, "deputy": 200},
        method="post",
        api=True,
        body=lambda w, o: {"channel": "HOTLINE"},
    ),
    Row(
        "api answer on the spot",
        lambda w, o: f"{PREFIX}/requests/{o['received'].pk}/answer-on-the-spot",
        403,
        API_ACT,
        method="post",
        api=True,
        body=lambda w, o: {"answer": "当场解释"},
    ),
    Row(
        "api tell",
        lambda w, o: f"{PREFIX}/requests/{o['answered'].pk}/tell",
        403,
        API_ACT,
        method="post",
        api=True,
    ),
    Row(
        "api close",
        lambda w, o: f"{PREFIX}/requests/{o['to_close'].pk}/close",
        403,
        API_ACT,
        method="post",
        api=True,
    ),
    Row(
        "api unit requests",
        lambda w, o: f"{PREFIX}/unit/requests",
        403,
        {"unit_staff": 200},
        api=True,
    ),
    Row(
        "api unit answer, another unit's request",
        lambda w, o: f"{PREFIX}/unit/requests/{o['routed'].pk}/answer",
        403,
        {"unit_staff": 404},
        method="post",
        api=True,
        body=lambda w, o: {"answer": "已修复"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API, ids=lambda r: r.name)
def test_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_refused_writes_change_nothing(client, world, objects, leader, deputy):
    """A leader (sees, may not act) and the deputy: the request stays as it was."""
    received = objects["received"]
    for user in (leader, deputy):
        client.force_login(user)
        client.post(
            reverse("stations:request_route", args=[received.pk]),
            {"unit": objects["unit"].pk},
        )
        client.post(
            f"{PREFIX}/requests/{received.pk}/answer-on-the-spot",
            {"answer": "x"},
            content_type="application/json",
        )
    received.refresh_from_db()
    assert received.status == "RECEIVED"
    assert received.handling_unit is None
    assert received.events.count() == 1


def test_covered_api_matches_the_schema():
    from config.api import api

    documented = {p for p in api.get_openapi_schema()["paths"] if p.startswith(PREFIX)}
    assert documented == COVERED_API


# Adding photos is a multipart upload: its own matrix. The station's staff work
# the request; the deputy who received it did not record it (the chief did).
PHOTO_UPLOAD = {
    "anonymous": 401,
    "system_admin": 201,
    "committee_staff": 201,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
    "unit_staff": 404,
    "station_chief": 201,
    "liaison_officer": 404,
}


@pytest.mark.parametrize("role", sorted(PHOTO_UPLOAD))
def test_api_photo_upload_access(role, request, client, world, objects):
    from renda.receptions.models import PublicRequestPhoto

    client = login_as(role, request, client)
    received = objects["received"]
    before = PublicRequestPhoto.objects.filter(request=received).count()

    response = client.post(
        f"{PREFIX}/requests/{received.pk}/photos",
        {"photos": [SimpleUploadedFile("补充.png", PNG, content_type="image/png")]},
    )

    assert response.status_code == PHOTO_UPLOAD[role], response.content[:300]
    after = PublicRequestPhoto.objects.filter(request=received).count()
    assert after == before + (1 if PHOTO_UPLOAD[role] == 201 else 0)
