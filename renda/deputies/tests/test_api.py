"""The /api/v1/deputies and /api/v1/groups endpoints."""

import pytest

from renda.deputies.models import Mandate

URL = "/api/v1/deputies"


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _names(response):
    return [row["name"] for row in response.json()["results"]]


def test_anonymous_gets_401_json_in_chinese(client, world):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json() == {
        "code": "auth.unauthenticated",
        "message": "请先登录，或在 Authorization 头中提供有效的接口令牌。",
    }


def test_city_staff_lists_city_and_district_deputies_with_masked_phones(
    client, committee_staff, world
):
    response = _get(client, committee_staff, URL)

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 4
    assert data["page"] == 1
    assert data["page_size"] == 50
    assert set(_names(response)) == {"丁照民", "白玉晶", "张贵", "王芳"}
    phones = {row["name"]: row["phone"] for row in data["results"]}
    assert phones["丁照民"] == "138****5678"
    assert "13812345678" not in response.content.decode()


def test_district_staff_sees_only_their_district(client, district_staff, world):
    response = _get(client, district_staff, URL)

    assert _names(response) == ["王芳"]


def test_list_is_in_stroke_order_by_default_and_pinyin_on_request(
    client, committee_staff, world
):
    stroke = _names(_get(client, committee_staff, URL, congress=world.city_congress.pk))
    pinyin = _names(
        _get(
            client,
            committee_staff,
            URL,
            congress=world.city_congress.pk,
            order="pinyin",
        )
    )

    # 丁 has 2 strokes, 白 has 5; in pinyin bai comes before ding.
    assert stroke == ["丁照民", "白玉晶"]
    assert pinyin == ["白玉晶", "丁照民"]


def test_filters_match_the_page_filters(client, committee_staff, world):
    by_congress = _get(client, committee_staff, URL, congress=world.xian_congress.pk)
    by_level = _get(client, committee_staff, URL, level="COUNTY")
    by_group = _get(client, committee_staff, URL, group=world.group_longshan.pk)
    by_station = _get(client, committee_staff, URL, station=world.station_xian.pk)
    by_delegation = _get(client, committee_staff, URL, delegation=world.delegation.pk)

    assert _names(by_congress) == ["王芳"]
    assert set(_names(by_level)) == {"张贵", "王芳"}
    assert _names(by_group) == ["丁照民"]
    assert _names(by_station) == ["王芳"]
    assert set(_names(by_delegation)) == {"丁照民", "白玉晶"}


def test_search_by_pinyin_initials_and_chinese_name(client, committee_staff, world):
    initials = _get(client, committee_staff, URL, q="dzm")
    full_pinyin = _get(client, committee_staff, URL, q="baiyu")
    chinese = _get(client, committee_staff, URL, q="王")

    assert _names(initials) == ["丁照民"]
    assert _names(full_pinyin) == ["白玉晶"]
    assert _names(chinese) == ["王芳"]


def test_active_only_hides_ended_mandates_unless_asked(client, committee_staff, world):
    Mandate.objects.filter(deputy=world.deputy_city_b).update(
        end_date="2020-01-01", end_reason="RESIGNED"
    )

    active = _get(client, committee_staff, URL, congress=world.city_congress.pk)
    everyone = _get(
        client,
        committee_staff,
        URL,
        congress=world.city_congress.pk,
        active_only="false",
    )

    assert _names(active) == ["丁照民"]
    assert set(_names(everyone)) == {"丁照民", "白玉晶"}


def test_pagination_pages_through_the_list(client, committee_staff, world):
    first = _get(client, committee_staff, URL, page_size=3)
    second = _get(client, committee_staff, URL, page_size=3, page=2)
    beyond = _get(client, committee_staff, URL, page_size=3, page=9)

    assert first.json()["count"] == 4
    assert len(first.json()["results"]) == 3
    assert len(second.json()["results"]) == 1
    assert set(_names(first)) | set(_names(second)) == {
        "丁照民",
        "白玉晶",
        "张贵",
        "王芳",
    }
    assert beyond.status_code == 200
    assert beyond.json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"congress": "abc"}, "congress", "congress：必须是整数。"),
        ({"page": "0"}, "page", "page：不能小于 1。"),
        ({"page": "-1"}, "page", "page：不能小于 1。"),
        ({"page_size": "100000"}, "page_size", "page_size：不能大于 500。"),
        ({"page": "99999999999999999999999"}, "page", "page：不能大于 1000000。"),
        ({"congress": "99999999999999999999999"}, "congress", None),
        ({"level": "CITY"}, "level", None),
        ({"gender": "X"}, "gender", None),
        ({"order": "random"}, "order", None),
        (
            {"active_only": "maybe"},
            "active_only",
            "active_only：必须是 true 或 false。",
        ),
        ({"q": "x" * 51}, "q", "q：不能超过 50 个字符。"),
        ({"q": "丁\x00"}, "q", "q：不能包含控制字符。"),
    ],
)
def test_bad_query_parameters_answer_422_naming_the_field(
    client, committee_staff, world, params, field, message
):
    response = _get(client, committee_staff, URL, **params)

    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "core.validation_error"
    assert data["field"] == field
    assert data["errors"][0]["location"] == "query"
    assert data["errors"][0]["field"] == field
    assert data["message"].startswith("请求参数有误：")
    if message:
        assert data["errors"][0]["message"] == message
    else:
        assert data["errors"][0]["message"].startswith(f"{field}：")


def test_enum_error_lists_the_allowed_values_in_chinese(client, committee_staff, world):
    response = _get(client, committee_staff, URL, level="CITY")

    message = response.json()["errors"][0]["message"]
    assert message.startswith("level：取值无效，可选值：")
    assert "MUNICIPAL" in message


def test_unit_staff_gets_403_on_deputies_and_groups(client, unit_staff, world):
    client.force_login(unit_staff)

    for url in (
        URL,
        f"{URL}/{world.deputy_city_a.pk}",
        f"{URL}/{world.deputy_city_a.pk}/mandates",
        "/api/v1/groups",
        f"/api/v1/groups/{world.group_longshan.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json() == {
            "code": "core.permission_denied",
            "message": "您无权查看人大代表信息。",
        }


def test_deputy_detail_has_mandates_and_groups_and_masked_phone(
    client, committee_staff, world
):
    response = _get(client, committee_staff, f"{URL}/{world.deputy_city_a.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "丁照民"
    assert data["phone"] == "138****5678"
    assert "id_number" not in data
    assert [m["congress_name"] for m in data["mandates"]] == ["辽源市人民代表大会"]
    assert data["mandates"][0]["term_number"] == 8
    assert data["mandates"][0]["delegation"] == "龙山区代表团"
    assert data["mandates"][0]["is_active"] is True
    assert [g["name"] for g in data["groups"]] == ["向阳街道代表小组"]
    assert data["groups"][0]["leader"] == {
        "id": world.deputy_city_a.pk,
        "name": "丁照民",
    }


def test_deputy_outside_scope_is_404(client, district_staff, world):
    detail = _get(client, district_staff, f"{URL}/{world.deputy_city_a.pk}")
    mandates = _get(client, district_staff, f"{URL}/{world.deputy_city_a.pk}/mandates")
    missing = _get(client, district_staff, f"{URL}/999999")

    for response in (detail, mandates, missing):
        assert response.status_code == 404
        assert response.json() == {
            "code": "core.not_found",
            "message": "未找到该对象，或您无权查看。",
        }


def test_deputy_path_id_out_of_range_is_422(client, committee_staff, world):
    response = _get(client, committee_staff, f"{URL}/99999999999999999999999")

    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "path"
    assert response.json()["field"] == "deputy_id"


def test_deputy_mandates_lists_each_mandate(client, deputy, world):
    response = _get(client, deputy, f"{URL}/{world.deputy_city_b.pk}/mandates")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["congress_id"] == world.city_congress.pk
    assert data["results"][0]["level"] == "MUNICIPAL"


def test_deputy_sees_fellow_deputies_of_their_congress_only(client, deputy, world):
    response = _get(client, deputy, URL)

    assert set(_names(response)) == {"丁照民", "白玉晶"}


def test_station_chief_sees_the_deputies_of_their_station(client, station_chief, world):
    response = _get(client, station_chief, URL)

    assert _names(response) == ["丁照民"]


def test_groups_are_scoped(client, district_staff, committee_staff, world):
    district = _get(client, district_staff, "/api/v1/groups")
    city = _get(client, committee_staff, "/api/v1/groups")
    outside = _get(client, district_staff, f"/api/v1/groups/{world.group_longshan.pk}")

    assert [g["name"] for g in district.json()["results"]] == ["仙城街道代表小组"]
    assert {g["name"] for g in city.json()["results"]} == {
        "向阳街道代表小组",
        "仙城街道代表小组",
    }
    assert outside.status_code == 404


def test_group_filters(client, committee_staff, world):
    by_station = _get(
        client, committee_staff, "/api/v1/groups", station=world.station_xian.pk
    )
    by_congress = _get(
        client, committee_staff, "/api/v1/groups", congress=world.city_congress.pk
    )

    assert [g["name"] for g in by_station.json()["results"]] == ["仙城街道代表小组"]
    assert [g["name"] for g in by_congress.json()["results"]] == ["向阳街道代表小组"]


def test_group_detail_lists_members_with_masked_phones(client, station_chief, world):
    response = _get(client, station_chief, f"/api/v1/groups/{world.group_longshan.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["station_name"] == world.station_longshan.name
    assert [m["name"] for m in data["members"]] == ["丁照民"]
    assert data["members"][0]["phone"] == "138****5678"
