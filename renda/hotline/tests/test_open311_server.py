"""Renda's Open311 GeoReport v2 server: the spec's shapes, creating, reading, errors."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from renda.hotline.choices import PartnerChannel
from renda.hotline.models import InboundRequest
from renda.hotline.services.partners import partner_revoke
from renda.receptions.choices import RequestSource
from renda.suggestions.choices import Category, Channel, SuggestionStatus

from .open311_helpers import (
    BASE,
    assert_errors,
    body,
    hotline_post,
    make_partner,
    resident_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotline(world, committee_staff):
    return make_partner(world.city_congress, committee_staff)


@pytest.fixture
def resident(world, committee_staff):
    return make_partner(
        world.city_congress, committee_staff, channel=PartnerChannel.RESIDENT_REQUEST
    )


def test_discovery_lists_the_endpoint_in_both_formats(client, world):
    data = body(client.get(f"{BASE}discovery.json"))
    assert (
        data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    )
    assert data["endpoints"][0]["url"].endswith("/open311/v2/")
    xml = body(client.get(f"{BASE}discovery.xml"))
    assert xml.tag == "discovery"
    assert [f.text for f in xml.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]


def test_service_list_has_the_spec_fields(client, world, hotline):
    rows = body(client.get(f"{BASE}services.json"))
    assert {row["service_code"] for row in rows} == {
        *Category.values,
        "RESIDENT_REQUEST",
    }
    assert set(rows[0]) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert rows[0]["metadata"] is True
    assert rows[0]["type"] == "realtime"
    # A key narrows the list to the partner's channel.
    keyed = body(client.get(f"{BASE}services.json", {"api_key": hotline[1]}))
    assert {row["service_code"] for row in keyed} == set(Category.values)
    xml = body(client.get(f"{BASE}services.xml"))
    assert xml.tag == "services"
    first = xml.find("service")
    assert first.find("service_code").text == rows[0]["service_code"]
    assert first.find("metadata").text == "true"


def test_service_definitions_list_the_deputies_and_the_stations(client, world):
    data = body(
        client.get(f"{BASE}services/TRANSPORT.json", {"jurisdiction_id": "220400"})
    )
    deputy = data["attributes"][0]
    assert data["service_code"] == "TRANSPORT"
    assert deputy["code"] == "deputy"
    assert deputy["required"] is True
    assert deputy["datatype"] == "singlevaluelist"
    assert {v["key"] for v in deputy["values"]} == {
        str(world.deputy_city_a.pk),
        str(world.deputy_city_b.pk),
    }
    xml = body(
        client.get(
            f"{BASE}services/RESIDENT_REQUEST.xml", {"jurisdiction_id": "220400"}
        )
    )
    assert xml.tag == "service_definition"
    attribute = xml.find("attributes/attribute")
    assert attribute.find("code").text == "station"
    assert attribute.find("variable").text == "true"
    keys = [v.find("key").text for v in attribute.find("values")]
    assert world.station_longshan.region.code in keys
    assert_errors(
        client.get(f"{BASE}services/NOPE.json", {"jurisdiction_id": "220400"}), 404
    )
    assert_errors(client.get(f"{BASE}services/TRANSPORT.json"), 400)
    assert_errors(
        client.get(f"{BASE}services/TRANSPORT.json", {"jurisdiction_id": "999"}), 404
    )


def test_hotline_post_creates_a_submitted_hotline_item_and_reads_back(
    client, world, hotline
):
    partner, key = hotline
    response = hotline_post(
        client, key, world.deputy_city_a, external_id="GD-2025-0001"
    )
    assert response.status_code == 201, response.content
    (created,) = body(response)
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    inbound = InboundRequest.objects.get(
        service_request_id=created["service_request_id"]
    )
    suggestion = inbound.suggestion
    assert inbound.partner == partner
    assert inbound.partner_ticket_id == "GD-2025-0001"
    assert suggestion.channel == Channel.HOTLINE
    assert suggestion.category == "TRANSPORT"
    assert suggestion.status == SuggestionStatus.SUBMITTED
    assert suggestion.lead_deputy == world.deputy_city_a
    assert suggestion.title == "东吉大路早晚高峰拥堵，市民来电反映。"
    # Read back, with the key: the partner's own request, with its text.
    (row,) = body(
        client.get(
            f"{BASE}requests/{created['service_request_id']}.json", {"api_key": key}
        )
    )
    assert row["status"] == "open"
    assert row["status_notes"] == "已提交"
    assert row["description"].startswith("东吉大路")
    assert row["agency_responsible"] == world.city_congress.short_name
    requested = dt.datetime.fromisoformat(row["requested_datetime"])
    assert row["requested_datetime"].endswith("+08:00")
    assert abs(requested - timezone.now()) < dt.timedelta(minutes=1)
    # Without a key: status only, nothing the partner sent.
    (public,) = body(client.get(f"{BASE}requests/{created['service_request_id']}.json"))
    assert public["description"] is None
    assert public["address"] is None
    assert world.deputy_city_a.name not in str(public)


def test_repeated_post_of_one_ticket_returns_the_first_request(client, world, hotline):
    _partner, key = hotline
    first = hotline_post(client, key, world.deputy_city_a, external_id="T-1")
    again = hotline_post(client, key, world.deputy_city_b, external_id="T-1")
    assert first.status_code == 201
    assert again.status_code == 200
    assert body(first)[0]["service_request_id"] == body(again)[0]["service_request_id"]
    assert InboundRequest.objects.count() == 1


def test_resident_request_post_becomes_a_station_request(client, world, resident):
    _partner, key = resident
    response = resident_post(client, key, world.station_longshan, fmt="xml")
    assert response.status_code == 201, response.content
    xml = body(response)
    assert xml.tag == "service_requests"
    number = xml.find("request/service_request_id").text
    request = InboundRequest.objects.get(service_request_id=number).public_request
    assert request.source == RequestSource.HOTLINE
    assert request.station == world.station_longshan
    assert request.resident_name == "王女士"
    assert request.location.startswith("向阳街道")
    inbound = InboundRequest.objects.get(service_request_id=number)
    assert "13912345678" not in str(inbound.attributes)
    listed = body(client.get(f"{BASE}requests.xml", {"api_key": key}))
    (row,) = listed.findall("request")
    assert row.find("service_request_id").text == number
    assert row.find("agency_responsible").text == world.station_longshan.name
    assert row.find("status").text == "open"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"api_key": None}, 403),
        ({"api_key": "rk_wrong"}, 403),
        ({"service_code": "NOPE"}, 404),
        ({"service_code": "RESIDENT_REQUEST"}, 403),  # another channel
        ({"service_code": None}, 400),
        ({"attribute[deputy]": None}, 400),
        ({"attribute[deputy]": "999999"}, 400),
        ({"attribute[deputy]": "x'; drop"}, 400),
        ({"description": ""}, 400),
        ({"lat": "abc"}, 400),
        ({"long": "200"}, 400),
        ({"jurisdiction_id": "220403"}, 400),
        ({"external_id": "a b"}, 400),
        ({"description": "x\x00y"}, 400),
        ({"attribute[title]": "长" * 300}, 400),
    ],
)
def test_bad_posts_get_the_error_list_and_create_nothing(
    client, world, hotline, change, status
):
    _partner, key = hotline
    response = hotline_post(client, key, world.deputy_city_a, **change)
    assert_errors(response, status)
    assert not InboundRequest.objects.exists()


def test_missing_station_or_name_on_a_resident_request(client, world, resident):
    _partner, key = resident
    data = assert_errors(
        resident_post(
            client, key, world.station_longshan, **{"attribute[station]": None}
        ),
        400,
    )
    assert "station" in data[0]["description"]
    data = assert_errors(
        resident_post(client, key, world.station_longshan, first_name="", last_name=""),
        400,
    )
    assert "first_name" in data[0]["description"]
    assert_errors(resident_post(client, key, world.station_longshan, phone="12"), 400)
    assert not InboundRequest.objects.exists()


def test_a_revoked_key_is_refused(client, world, committee_staff, hotline):
    partner, key = hotline
    partner_revoke(partner=partner, actor=committee_staff)
    assert_errors(hotline_post(client, key, world.deputy_city_a), 403)
    assert_errors(client.get(f"{BASE}requests.json", {"api_key": key}), 403)


def test_get_requests_filters_and_window(client, world, hotline, settings):
    _partner, key = hotline
    numbers = [
        body(hotline_post(client, key, world.deputy_city_a, external_id=f"F-{i}"))[0][
            "service_request_id"
        ]
        for i in range(3)
    ]
    everything = body(client.get(f"{BASE}requests.json", {"api_key": key}))
    assert [row["service_request_id"] for row in everything] == numbers[::-1]
    picked = body(
        client.get(
            f"{BASE}requests.json",
            {"api_key": key, "service_request_id": f"{numbers[0]}, {numbers[2]}"},
        )
    )
    assert {row["service_request_id"] for row in picked} == {numbers[0], numbers[2]}
    assert (
        body(client.get(f"{BASE}requests.json", {"api_key": key, "status": "closed"}))
        == []
    )
    assert len(body(client.get(f"{BASE}requests.json", {"status": "open,closed"}))) == 3
    assert body(client.get(f"{BASE}requests.json", {"service_code": "EDUCATION"})) == []
    old = {
        "start_date": "2010-01-01T00:00:00Z",
        "end_date": "2010-03-01T00:00:00+08:00",
    }
    assert body(client.get(f"{BASE}requests.json", old)) == []
    settings.RENDA_HOTLINE_OPEN311_MAX_RESULTS = 2
    assert len(body(client.get(f"{BASE}requests.json"))) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"end_date": "2010-13-01T00:00:00Z"},
        {"start_date": "0001-01-01T00:00:00Z"},
        {"start_date": "2010-01-01T00:00:00Z", "end_date": "2010-06-01T00:00:00Z"},
        {"start_date": "2010-06-01T00:00:00Z", "end_date": "2010-01-01T00:00:00Z"},
        {"status": "pending"},
        {"jurisdiction_id": "x"},
    ],
)
def test_bad_filters_get_400_or_404(client, world, params):
    response = client.get(f"{BASE}requests.json", params)
    assert_errors(response, 404 if "jurisdiction_id" in params else 400)


def test_scope_a_partner_reads_only_its_own_requests(
    client, world, committee_staff, district_staff, hotline
):
    _partner, key = hotline
    other, other_key = make_partner(
        world.xian_congress, district_staff, name="西安区12345"
    )
    number = body(hotline_post(client, key, world.deputy_city_a))[0][
        "service_request_id"
    ]
    assert_errors(
        client.get(f"{BASE}requests/{number}.json", {"api_key": other_key}), 404
    )
    assert body(client.get(f"{BASE}requests.json", {"api_key": other_key})) == []
    # Without a key, a jurisdiction narrows to its partners' requests.
    assert body(client.get(f"{BASE}requests.json", {"jurisdiction_id": "220403"})) == []
    assert (
        len(body(client.get(f"{BASE}requests.json", {"jurisdiction_id": "220400"})))
        == 1
    )


def test_tokens_and_unknown_ids(client, world, hotline):
    _partner, key = hotline
    number = body(hotline_post(client, key, world.deputy_city_a))[0][
        "service_request_id"
    ]
    token = InboundRequest.objects.get(service_request_id=number).token
    (row,) = body(client.get(f"{BASE}tokens/{token}.json"))
    assert row == {"service_request_id": number, "token": str(token)}
    xml = body(client.get(f"{BASE}tokens/{token}.xml"))
    assert xml.find("request/token").text == str(token)
    assert_errors(client.get(f"{BASE}tokens/not-a-token.json"), 404)
    assert_errors(client.get(f"{BASE}requests/123.xml"), 404)


def test_wrong_methods_answer_405(client, world):
    response = client.post(f"{BASE}services.json")
    assert_errors(response, 405)
    assert response["Allow"] == "GET"
    assert_errors(client.delete(f"{BASE}requests.xml"), 405)


def test_status_follows_the_workflow(client, world, committee_staff, hotline):
    from renda.suggestions import services
    from renda.suggestions.tests.factories import reply, unit_user

    _partner, key = hotline
    number = body(hotline_post(client, key, world.deputy_city_a))[0][
        "service_request_id"
    ]
    suggestion = InboundRequest.objects.get(service_request_id=number).suggestion
    services.suggestion_accept(suggestion=suggestion, actor=committee_staff)
    (assignment,) = services.suggestion_assign(
        suggestion=suggestion, units=[(world.unit_city, "LEAD")], actor=committee_staff
    )
    (row,) = body(client.get(f"{BASE}requests/{number}.json"))
    assert row["agency_responsible"] == world.unit_city.name
    assert row["expected_datetime"] == f"{assignment.due_at.isoformat()}T23:59:59+08:00"
    assert row["status_notes"] == "办理中"
    reply(assignment, unit_user(world.unit_city, "unit"), now=timezone.now())
    text = suggestion.assignments.get().replies.get().text
    assert text.startswith("经研究")
    # Without a key: the status label only, never the reply's text.
    (row,) = body(client.get(f"{BASE}requests/{number}.json"))
    assert row["status_notes"] == "已答复"
    assert row["status"] == "open"
    (row,) = body(client.get(f"{BASE}requests.json"))
    assert row["status_notes"] == "已答复"
    xml = body(client.get(f"{BASE}requests/{number}.xml"))
    assert xml.find("request/status_notes").text == "已答复"
    # The partner that sent it reads the reply.
    (row,) = body(client.get(f"{BASE}requests/{number}.json", {"api_key": key}))
    assert row["status_notes"] == text
    (row,) = body(client.get(f"{BASE}requests.json", {"api_key": key}))
    assert row["status_notes"] == text


def test_other_partners_never_read_the_answers(client, world, committee_staff, hotline):
    from renda.receptions.services.handling import public_request_answer_on_the_spot

    _partner, key = hotline
    _resident, resident_key = make_partner(
        world.city_congress, committee_staff, channel=PartnerChannel.RESIDENT_REQUEST
    )
    _other, other_key = make_partner(world.city_congress, committee_staff, name="其他")
    number = body(resident_post(client, resident_key, world.station_longshan))[0][
        "service_request_id"
    ]
    request = InboundRequest.objects.get(service_request_id=number).public_request
    answer = "王女士：已联系物业，路灯本周修复。"
    public_request_answer_on_the_spot(
        request=request, answer=answer, actor=committee_staff
    )
    request.refresh_from_db()
    label = request.get_status_display()
    assert label != answer
    own = body(client.get(f"{BASE}requests/{number}.json", {"api_key": resident_key}))
    assert own[0]["status_notes"] == answer
    for api_key in ("", key, other_key):
        params = {"api_key": api_key} if api_key else {}
        listed = client.get(f"{BASE}requests.json", params)
        detail = client.get(f"{BASE}requests/{number}.json", params)
        assert answer not in listed.content.decode()
        assert answer not in detail.content.decode()
    (row,) = body(client.get(f"{BASE}requests/{number}.json"))
    assert row["status_notes"] == label
    # A keyed partner reads only its own requests: another's is unknown to it.
    assert_errors(client.get(f"{BASE}requests/{number}.json", {"api_key": key}), 404)


def test_xml_answers_drop_characters_xml_forbids(client, world, hotline):
    from renda.hotline.open311.formats import to_xml, xml_safe

    assert xml_safe("甲\x00乙\x07丙\x1b\t\n\ufffe丁") == "甲乙丙\t\n丁"
    raw = to_xml("service_requests", [{"status_notes": "答复\x0b\x0c内容\x1f"}])
    parsed = ET.fromstring(raw)  # noqa: S314 - our own answer
    assert parsed.find("request/status_notes").text == "答复内容"
    _partner, key = hotline
    number = body(hotline_post(client, key, world.deputy_city_a))[0][
        "service_request_id"
    ]
    suggestion = InboundRequest.objects.get(service_request_id=number).suggestion
    type(suggestion).objects.filter(pk=suggestion.pk).update(body="路灯\x01不亮\x1e")
    xml = body(client.get(f"{BASE}requests/{number}.xml", {"api_key": key}))
    assert xml.find("request/description").text == "路灯不亮"


def test_the_list_costs_the_same_queries_whatever_its_length(
    client, world, hotline, resident
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _partner, key = hotline
    _other, resident_key = resident
    hotline_post(client, key, world.deputy_city_a)
    resident_post(client, resident_key, world.station_longshan)
    with CaptureQueriesContext(connection) as few:
        assert len(body(client.get(f"{BASE}requests.json"))) == 2
    for _ in range(3):
        hotline_post(client, key, world.deputy_city_b)
        resident_post(client, resident_key, world.station_longshan_2)
    with CaptureQueriesContext(connection) as many:
        assert len(body(client.get(f"{BASE}requests.json"))) == 8
    assert len(many) == len(few) <= 8


def test_unknown_paths_get_the_error_list(client, world):
    assert_errors(client.get(f"{BASE}nothing.xml"), 404)
    assert_errors(client.get(f"{BASE}requests.csv"), 404)
