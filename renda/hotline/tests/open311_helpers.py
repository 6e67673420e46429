"""Shared pieces of the Open311 server tests: partners with keys, and posts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from renda.hotline.choices import PartnerChannel
from renda.hotline.services.partners import partner_create

BASE = "/open311/v2/"


def make_partner(congress, staff, *, channel=PartnerChannel.HOTLINE, name=None):
    issued = partner_create(
        congress=congress,
        name=name or f"12345平台-{channel}",
        channel=channel,
        actor=staff,
    )
    return issued.partner, issued.api_key


def hotline_post(client, key, deputy, *, fmt="json", **extra):
    data = {
        "api_key": key,
        "service_code": "TRANSPORT",
        "description": "东吉大路早晚高峰拥堵，市民来电反映。\n建议增设信号灯。",
        "attribute[deputy]": str(deputy.pk),
    }
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}requests.{fmt}", data)


def resident_post(client, key, station, *, fmt="json", **extra):
    data = {
        "api_key": key,
        "service_code": "RESIDENT_REQUEST",
        "description": "小区路灯不亮已有一周。",
        "first_name": "女士",
        "last_name": "王",
        "phone": "13912345678",
        "address_string": "向阳街道幸福小区3号楼",
        "attribute[station]": station.region.code,
    }
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}requests.{fmt}", data)


def body(response):
    if response["Content-Type"].startswith("text/xml"):
        return ET.fromstring(response.content)  # noqa: S314 - our own answer
    return json.loads(response.content)


def assert_errors(response, status):
    assert response.status_code == status, response.content
    data = body(response)
    if isinstance(data, ET.Element):
        assert data.tag == "errors"
        errors = data.findall("error")
        assert errors
        assert all(e.find("code").text == str(status) for e in errors)
        assert all(e.find("description").text for e in errors)
    else:
        assert isinstance(data, list)
        assert data
        assert all(set(e) == {"code", "description"} for e in data)
        assert data[0]["code"] == status
        assert data[0]["description"]
    return data
