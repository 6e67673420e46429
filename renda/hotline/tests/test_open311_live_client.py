"""An Open311 client library from PyPI (georeport) drives a live Renda server.

georeport reads (services, definitions, requests); it has no call to post,
so the post goes through ``requests`` (georeport's own dependency) exactly as
the spec describes it: form-encoded, with the partner's ``api_key``.
"""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from renda.hotline.models import InboundRequest
from renda.suggestions import services

from .open311_helpers import make_partner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_a_pypi_client_lists_posts_and_reads_back(
    live_server, world, committee_staff, output_format
):
    _partner, key = make_partner(world.city_congress, committee_staff)
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(
        root, jurisdiction="220400", api_key=key, output_format=output_format
    )
    codes = [service["service_code"] for service in client.get_service_list()]
    assert "TRANSPORT" in codes
    assert "RESIDENT_REQUEST" in codes
    definition = client.get_service_definition("TRANSPORT")
    attributes = definition["attributes"]
    if output_format == "xml":
        attributes = attributes["attribute"]
    deputy = attributes[0]
    assert deputy["code"] == "deputy"
    values = deputy["values"]["value"] if output_format == "xml" else deputy["values"]
    chosen = next(v["key"] for v in values if v["name"] == world.deputy_city_a.name)

    response = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": "220400",
            "service_code": "TRANSPORT",
            "description": "龙山区公交站台破损，市民多次来电。",
            "attribute[deputy]": chosen,
            "external_id": f"LIVE-{output_format}",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    number = response.json()[0]["service_request_id"]

    row = client.get_service_request(number)
    assert row["service_request_id"] == number
    assert row["status"] == "open"
    assert row["status_notes"] == "已提交"
    # The workflow moves on: the status the client reads follows.
    suggestion = InboundRequest.objects.get(service_request_id=number).suggestion
    services.suggestion_reject(
        suggestion=suggestion, reason="已由市政府统一部署整改。", actor=committee_staff
    )
    closed = client.get_service_requests(status="closed")
    if output_format == "xml":
        closed = [closed] if isinstance(closed, dict) else closed
    assert [r["service_request_id"] for r in closed] == [number]
    # georeport sends no api_key when reading: the status label only, the
    # reason (a free text) goes to the partner that sent it.
    assert closed[0]["status_notes"] == "不予立案"
    own = requests.get(
        f"{root}/requests/{number}.json", params={"api_key": key}, timeout=10
    ).json()
    assert own[0]["status_notes"] == "已由市政府统一部署整改。"
