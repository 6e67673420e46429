"""The API does what its schema says: names, unknown fields, media types, 401.

Each test failed on the code before: two schemas silently shared a name
(``EventOut``, ``StatsOut``), bodies ignored unknown fields while the schema did
not forbid them, a ``text/plain`` body was parsed as JSON, and a write with
neither a session nor a token got 403 ``auth.csrf_failed`` instead of 401.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from ninja import Router, Schema

from config.api import api
from renda.core.api import SchemaNameClash, build_api

CREATE = "/api/v1/suggestions"


def _schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1")))


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else node


def _create_body(world) -> dict:
    return {
        "title": "关于改善东吉大路交通秩序的建议",
        "body": "东吉大路早晚高峰拥堵，建议增设信号灯。",
        "category": "TRANSPORT",
        "congress": world.city_congress.pk,
    }


def _chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


# (a) one name, one schema ---------------------------------------------------------


def test_each_event_and_stats_schema_has_its_own_name():
    schema = _schema()
    components = schema["components"]["schemas"]
    request_detail = schema["paths"]["/api/v1/stations/work/requests/{request_id}"]
    detail = _resolve(
        schema,
        request_detail["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ],
    )
    station_event = _resolve(schema, detail["properties"]["events"]["items"])
    suggestion_event = components["EventOut"]

    assert station_event["title"] == "PublicRequestEventOut"
    assert station_event["properties"]["kind"] == {"title": "Kind", "type": "string"}
    assert "$ref" in suggestion_event["properties"]["kind"]
    assert components["EventKind"]["enum"][0] == "CREATED"
    assert "LiaisonStatsOut" in components
    assert "coordination_meetings" not in components["StatsOut"]["properties"]


def test_two_different_schemas_under_one_name_fail_the_schema_build():
    clash = build_api(urls_namespace="api-clash")
    first, second = Router(), Router()

    class Thing(Schema):
        a: int

    @first.get("/a", response=Thing)
    def get_a(request):
        return {"a": 1}

    class Thing(Schema):  # noqa: F811 - the clash under test
        b: str

    @second.get("/b", response=Thing)
    def get_b(request):
        return {"b": "x"}

    clash.add_router("/first", first)
    clash.add_router("/second", second)

    with pytest.raises(SchemaNameClash, match="Thing"):
        clash.get_openapi_schema(path_prefix="/clash")


# (b) unknown fields ---------------------------------------------------------------


def test_every_json_body_schema_forbids_unknown_fields():
    schema = _schema()
    bodies = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _resolve(schema, content["application/json"]["schema"])
                bodies.append((method, path, body.get("additionalProperties")))
    assert len(bodies) > 20
    assert [b for b in bodies if b[2] is not False] == []


def test_a_body_with_an_unknown_field_is_a_422_naming_it(client, world, deputy):
    client.force_login(deputy)

    response = client.post(
        CREATE,
        {**_create_body(world), "titel": "拼错的字段"},
        content_type="application/json",
    )

    assert response.status_code == 422, response.content
    data = response.json()
    assert data["field"] == "payload.titel"
    assert data["errors"][0]["code"] == "extra_forbidden"
    assert _chinese(data["message"])


# (c) media types ------------------------------------------------------------------


def test_a_text_plain_body_is_415_not_parsed_as_json(client, world, deputy):
    client.force_login(deputy)

    response = client.post(
        CREATE, json.dumps(_create_body(world)), content_type="text/plain"
    )

    assert response.status_code == 415
    data = response.json()
    assert data["code"] == "core.unsupported_media_type"
    assert _chinese(data["message"])


def test_json_media_types_are_still_parsed(client, world, deputy):
    client.force_login(deputy)
    body = json.dumps(_create_body(world))

    assert (
        client.post(
            CREATE, body, content_type="application/json; charset=utf-8"
        ).status_code
        == 201
    )
    assert (
        client.post(
            CREATE, body, content_type="application/merge-patch+json"
        ).status_code
        == 201
    )


# (d) 401 before CSRF --------------------------------------------------------------


def test_a_write_with_neither_session_nor_token_is_401(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post(CREATE, _create_body(world), content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "auth.unauthenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="renda"'


def test_a_logged_in_write_without_the_csrf_token_is_still_403(world, deputy):
    client = Client(enforce_csrf_checks=True)
    client.force_login(deputy)

    response = client.post(CREATE, _create_body(world), content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "auth.csrf_failed"


# Found by schemathesis ------------------------------------------------------------


def test_an_unknown_api_url_answers_json_not_html(client, deputy):
    client.force_login(deputy)

    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "core.not_found"


def test_times_of_day_are_described_as_local_times():
    schema = _schema()
    day_in = schema["components"]["schemas"]["ReceptionDayIn"]["properties"]

    assert '"format": "time"' not in json.dumps(schema)
    assert day_in["start_time"]["pattern"].startswith("^([01][0-9]|2[0-3])")


@pytest.mark.parametrize("end_time", [0, 3600, "11:00+08:00", "25:00"])
def test_a_time_that_is_not_a_local_time_is_422_not_500(
    client, world, station_chief, end_time
):
    client.force_login(station_chief)

    response = client.post(
        f"/api/v1/stations/work/{world.station_longshan.pk}/reception-days",
        {
            "date": "2025-06-10",
            "start_time": "09:00",
            "end_time": end_time,
            "place": "站里",
        },
        content_type="application/json",
    )

    assert response.status_code == 422, response.content
    assert response.json()["field"] == "payload.end_time"
