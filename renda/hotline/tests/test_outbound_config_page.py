"""对方系统设置: staff configure where HOTLINE items go (the key never shown)."""

from renda.hotline.forms import parse_service_map
from renda.suggestions.choices import Category

from .outbound_factories import hotline_partner


def test_the_page_saves_through_the_service_and_never_shows_the_key(
    world, committee_staff, far, client
):
    partner = hotline_partner(world, committee_staff, far)
    url = f"/hotline/partners/{partner.pk}/outbound/"
    client.force_login(committee_staff)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "已设置" in html
    assert far.api_key not in html
    assert "交通运输=TRAFFIC" in html
    detail = client.get(f"/hotline/partners/{partner.pk}/").content.decode()
    assert url in detail

    bad = client.post(
        url,
        {
            "endpoint_url": "https://12345.example.gov.cn/open311/v2/",
            "handling_unit": partner.handling_unit_id,
            "service_map": "交通运输=TRAFFIC\n天气=SUN",
        },
    )
    assert bad.status_code == 400
    assert "第 2 行的类别“天气”不存在" in bad.content.decode()

    saved = client.post(
        url,
        {
            "endpoint_url": "https://12345.example.gov.cn/open311/v2/",
            "outbound_key": "",
            "jurisdiction_id": "220400",
            "handling_unit": partner.handling_unit_id,
            "service_map": "交通运输 = ROAD\nOTHER=MISC",
        },
    )
    assert saved.status_code == 302
    partner.refresh_from_db()
    assert partner.endpoint_url == "https://12345.example.gov.cn/open311/v2/"
    assert partner.outbound_key == far.api_key  # blank keeps the key
    assert partner.service_map == {Category.TRANSPORT: "ROAD", Category.OTHER: "MISC"}
    assert partner.jurisdiction_id == "220400"


def test_service_map_lines_are_refused_by_line():
    import pytest
    from django import forms

    for text, message in (
        ("交通运输", "第 1 行应写成"),
        ("\n交通运输=", "第 2 行的服务代码"),
        ("交通运输=A\nTRANSPORT=B", "第 2 行的类别“TRANSPORT”重复"),
        ("  \n", "至少"),
    ):
        with pytest.raises(forms.ValidationError, match=message):
            parse_service_map(text)


def test_the_api_sets_the_outbound_side_and_never_returns_the_key(
    world, committee_staff, far, client
):
    partner = hotline_partner(world, committee_staff, far)
    client.force_login(committee_staff)
    url = f"/api/v1/hotline/tickets/partners/{partner.pk}/outbound"
    body = {
        "endpoint_url": "https://12345.example.gov.cn/open311/v2/",
        "handling_unit_id": partner.handling_unit_id,
        "service_map": "交通运输=ROAD",
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["outbound_key_set"] is True
    assert far.api_key not in response.content.decode()
    assert data["service_map"] == {Category.TRANSPORT: "ROAD"}

    bad = client.post(
        url, {**body, "service_map": "天气=SUN"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "第 1 行的类别“天气”不存在" in bad.json()["message"]
