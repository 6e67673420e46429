"""The working side's API: masking, error shape, states, the link to a suggestion."""

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.models import ActionLog
from renda.core.tests.images import PNG_BYTES
from renda.receptions.tests.work_factories import ReceptionDayFactory
from renda.receptions.tests.work_helpers import recorded_request, township_government

PREFIX = "/api/v1/stations/work"


def test_request_detail_is_masked(client, world, station_chief):
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    body = client.get(f"{PREFIX}/requests/{request.pk}").json()
    assert body["resident_name"] == "张*"
    assert body["resident_phone"] == "135****5678"
    assert [e["kind"] for e in body["events"]] == ["RECEIVED"]


def test_bad_input_names_the_field(client, world, station_chief):
    day = ReceptionDayFactory(station=world.station_longshan)
    client.force_login(station_chief)
    response = client.post(
        f"{PREFIX}/{world.station_longshan.pk}/requests",
        {
            "source": "RECEPTION_DAY",
            "reception_day": day.pk,
            "received_by": world.deputy_city_a.pk,
            "resident_name": "赵六",
            "resident_phone": "12345",
            "consent": True,
            "content": "路灯不亮",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "resident_phone"
    response = client.post(
        f"{PREFIX}/{world.station_longshan.pk}/requests",
        {"source": "RECEPTION_DAY", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "core.validation_error"


def test_route_then_wrong_state_is_409(client, world, station_chief):
    unit = township_government(world.station_longshan)
    request = recorded_request(world, station_chief)
    client.force_login(station_chief)
    routed = client.post(
        f"{PREFIX}/requests/{request.pk}/route", {}, content_type="application/json"
    )
    assert routed.status_code == 200
    assert routed.json()["handling_unit_id"] == unit.pk
    assert routed.json()["due_at"]
    again = client.post(
        f"{PREFIX}/requests/{request.pk}/route", {}, content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "stations.invalid_state"


def test_deputy_converts_through_the_api(client, world, station_chief, deputy):
    request = recorded_request(world, station_chief)
    client.force_login(deputy)
    response = client.post(
        f"{PREFIX}/requests/{request.pk}/convert",
        {"channel": "VOICE", "category": "TRANSPORT"},
        content_type="application/json",
    )
    assert response.status_code == 200
    suggestion_id = response.json()["suggestion_id"]
    request.refresh_from_db()
    assert request.suggestion_id == suggestion_id
    assert request.suggestion.category == "TRANSPORT"


def test_what_the_page_does_the_api_does_reveal_and_list_photos(
    client, world, station_chief, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    request = recorded_request(
        world, station_chief, photos=[SimpleUploadedFile("现场.png", PNG_BYTES)]
    )
    client.force_login(station_chief)

    detail = client.get(f"{PREFIX}/requests/{request.pk}").json()
    revealed = client.post(f"{PREFIX}/requests/{request.pk}/reveal")

    assert detail["photos"][0]["original_name"] == "现场.png"
    # The stored photo is the re-encoded one; the API reports its size.
    assert detail["photos"][0]["size"] == request.photos.get().size
    assert revealed.json() == {"name": "张三", "phone": "13512345678"}
    assert ActionLog.objects.filter(action="public_request.reveal_resident").exists()
