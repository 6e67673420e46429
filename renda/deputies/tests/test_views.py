"""The deputy list, profile and phone reveal pages, through Django's test client."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from renda.congresses.choices import Level
from renda.core.models import ActionLog
from renda.deputies.choices import Gender, Party
from renda.deputies.models import Deputy
from renda.deputies.tests.factories import DeputyFactory, MandateFactory

LIST = reverse("deputies:list")


def names_in(response) -> list[str]:
    return [d.name for d in response.context["page"].object_list]


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unit_staff_may_not_browse_deputies(client, unit_staff):
    client.force_login(unit_staff)
    assert client.get(LIST).status_code == 403
    detail = reverse("deputies:detail", args=[unit_staff.pk])
    assert client.get(detail).status_code == 403


def test_list_is_in_stroke_order_by_default(client, committee_staff):
    client.force_login(committee_staff)
    response = client.get(LIST)
    assert response.status_code == 200
    # 丁 (2 strokes) < 王 (4) < 白 (5) < 张 (7)
    assert names_in(response) == ["丁照民", "王芳", "白玉晶", "张贵"]
    assert response.context["total"] == 4
    assert "共 <strong>4</strong> 位代表" in response.content.decode()


def test_list_sorts_by_pinyin_and_by_age(client, world, committee_staff):
    Deputy.objects.filter(pk=world.deputy_longshan.pk).update(
        birth_date=dt.date(1950, 1, 1)
    )
    Deputy.objects.filter(pk=world.deputy_city_a.pk).update(
        birth_date=dt.date(1990, 1, 1)
    )
    client.force_login(committee_staff)
    by_pinyin = names_in(client.get(LIST, {"order": "pinyin"}))
    assert by_pinyin == ["白玉晶", "丁照民", "王芳", "张贵"]
    by_age = names_in(client.get(LIST, {"order": "birth"}))
    assert by_age[0] == "张贵"
    assert by_age[-1] == "丁照民"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dzm", ["丁照民"]),  # initials
        ("DZM", ["丁照民"]),  # any case
        ("wangfang", ["王芳"]),  # full pinyin
        ("wang", ["王芳"]),  # pinyin prefix
        ("白玉", ["白玉晶"]),  # Chinese
        ("贵", ["张贵"]),
        ("xyz", []),
    ],
)
def test_search_by_name_initials_or_pinyin(client, committee_staff, query, expected):
    client.force_login(committee_staff)
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert names_in(response) == expected


def test_search_finds_zs_for_zhang_san(client, world, committee_staff):
    MandateFactory(deputy=DeputyFactory(name="张三"), term=world.city_term)
    client.force_login(committee_staff)
    assert names_in(client.get(LIST, {"q": "zs"})) == ["张三"]


def test_filters_by_congress_level_gender_party_and_group(
    client, world, committee_staff
):
    Deputy.objects.filter(pk=world.deputy_city_b.pk).update(
        gender=Gender.FEMALE, party=Party.CDL
    )
    client.force_login(committee_staff)
    city = {"congress": world.city_congress.pk}
    assert names_in(client.get(LIST, city)) == ["丁照民", "白玉晶"]
    assert names_in(client.get(LIST, {"level": Level.COUNTY})) == ["王芳", "张贵"]
    assert names_in(client.get(LIST, {"gender": "F"})) == ["白玉晶"]
    assert names_in(client.get(LIST, {"party": "CDL"})) == ["白玉晶"]
    assert names_in(client.get(LIST, {"group": world.group_xian.pk})) == ["王芳"]
    assert names_in(client.get(LIST, {"station": world.station_longshan.pk})) == [
        "丁照民"
    ]
    both = {"delegation": world.delegation.pk, "gender": "M"}
    assert names_in(client.get(LIST, both)) == ["丁照民"]


def test_ended_mandates_are_left_out(client, world, committee_staff):
    mandate = world.deputy_city_b.mandates.get()
    mandate.end_date = dt.date(2019, 3, 1)
    mandate.end_reason = "RESIGNED"
    mandate.save()
    client.force_login(committee_staff)
    assert "白玉晶" not in names_in(client.get(LIST))


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"congress": "abc"}, "人大"),
        ({"gender": "X"}, "性别"),
        ({"level": "GALAXY"}, "级别"),
        ({"station": "999999"}, "联络站"),
        ({"order": "random"}, "排序"),
    ],
)
def test_bad_filter_values_answer_200_with_a_message(
    client, committee_staff, params, label
):
    client.force_login(committee_staff)
    response = client.get(LIST, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"筛选条件「{label}」的值" in content
    assert "已忽略此条件" in content
    # The bad condition is left out, the list still answers.
    assert response.context["total"] == 4


def test_filter_choices_stay_within_scope(client, world, district_staff):
    client.force_login(district_staff)
    form = client.get(LIST).context["form"]
    congress_ids = {value for value, _ in form.fields["congress"].choices if value}
    assert congress_ids == {world.xian_congress.pk}
    station_ids = {value for value, _ in form.fields["station"].choices if value}
    assert station_ids == {world.station_xian.pk}
    group_ids = {value for value, _ in form.fields["group"].choices if value}
    assert group_ids == {world.group_xian.pk}
    assert not [v for v, _ in form.fields["delegation"].choices if v]


def test_filtering_on_a_congress_outside_scope_is_refused(
    client, world, district_staff
):
    client.force_login(district_staff)
    response = client.get(LIST, {"congress": world.city_congress.pk})
    assert response.status_code == 200
    assert "筛选条件「人大」的值" in response.content.decode()
    assert names_in(response) == ["王芳"]


def test_district_staff_does_not_see_city_deputies(client, world, district_staff):
    client.force_login(district_staff)
    response = client.get(LIST)
    assert names_in(response) == ["王芳"]
    detail = reverse("deputies:detail", args=[world.deputy_city_a.pk])
    assert client.get(detail).status_code == 404


def test_station_chief_sees_only_the_station_deputies(client, world, station_chief):
    client.force_login(station_chief)
    assert names_in(client.get(LIST)) == ["丁照民"]


@override_settings(RENDA_PAGE_SIZE=3)
def test_list_is_paginated_with_total(client, world, committee_staff):
    for name in ["甲一", "乙二", "丙三"]:
        MandateFactory(deputy=DeputyFactory(name=name), term=world.city_term)
    client.force_login(committee_staff)
    first = client.get(LIST)
    assert first.context["total"] == 7
    assert len(names_in(first)) == 3
    assert first.context["page"].paginator.num_pages == 3
    last = client.get(LIST, {"page": 3})
    assert len(names_in(last)) == 1
    seen = names_in(first) + names_in(client.get(LIST, {"page": 2})) + names_in(last)
    assert len(set(seen)) == 7
    # A nonsense page number shows the first page, never an error.
    assert client.get(LIST, {"page": "zz"}).status_code == 200


def test_htmx_search_returns_only_the_results(client, committee_staff):
    client.force_login(committee_staff)
    response = client.get(
        LIST, {"q": "bai"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "白玉晶" in content
    assert "丁照民" not in content
    assert [t.name for t in response.templates][0] == "deputies/_results.html"


def test_list_masks_phones(client, world, committee_staff):
    client.force_login(committee_staff)
    content = client.get(LIST).content.decode()
    assert "138****5678" in content
    assert "13812345678" not in content


def test_detail_shows_mandates_groups_and_masked_phone(client, world, committee_staff):
    world.deputy_city_a.id_number = "220402197001011234"
    world.deputy_city_a.save()
    client.force_login(committee_staff)
    response = client.get(reverse("deputies:detail", args=[world.deputy_city_a.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "辽源市第八届人大代表" in content
    assert "龙山区代表团" in content
    assert "向阳街道代表小组" in content
    assert world.station_longshan.name in content
    assert "138****5678" in content
    assert "13812345678" not in content
    assert "显示完整号码" in content
    assert "220402********1234" in content
    assert "220402197001011234" not in content


def test_leader_does_not_see_id_number(client, world, leader):
    world.deputy_city_a.id_number = "220402197001011234"
    world.deputy_city_a.save()
    client.force_login(leader)
    content = client.get(
        reverse("deputies:detail", args=[world.deputy_city_a.pk])
    ).content.decode()
    assert "公民身份号码" not in content
    assert "220402" not in content


def test_detail_of_unknown_or_out_of_scope_deputy_is_404(client, world, deputy):
    client.force_login(deputy)
    outside = reverse("deputies:detail", args=[world.deputy_xian.pk])
    assert client.get(outside).status_code == 404
    assert client.get(reverse("deputies:detail", args=[999999])).status_code == 404


def test_reveal_phone_returns_number_and_is_audited(client, world, committee_staff):
    client.force_login(committee_staff)
    url = reverse("deputies:reveal_phone", args=[world.deputy_city_a.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    log = ActionLog.objects.get(action="deputy.reveal_phone")
    assert log.actor == committee_staff
    assert log.object_id == str(world.deputy_city_a.pk)
    assert log.object_type == "deputies.deputy"


def test_reveal_phone_without_js_shows_the_profile(client, world, committee_staff):
    client.force_login(committee_staff)
    url = reverse("deputies:reveal_phone", args=[world.deputy_city_b.pk])
    response = client.post(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "13987654321" in content
    assert "<html" in content
    assert ActionLog.objects.filter(action="deputy.reveal_phone").count() == 1


def test_fellow_deputy_may_not_reveal_phone(client, world, deputy):
    client.force_login(deputy)
    fellow = world.deputy_city_b
    detail = client.get(reverse("deputies:detail", args=[fellow.pk]))
    assert detail.status_code == 200
    assert "显示完整号码" not in detail.content.decode()
    response = client.post(reverse("deputies:reveal_phone", args=[fellow.pk]))
    assert response.status_code == 403
    assert "13987654321" not in response.content.decode()
    assert not ActionLog.objects.filter(action="deputy.reveal_phone").exists()


def test_deputy_may_reveal_own_phone(client, world, deputy):
    client.force_login(deputy)
    url = reverse("deputies:reveal_phone", args=[world.deputy_city_a.pk])
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 200
    assert ActionLog.objects.filter(action="deputy.reveal_phone").count() == 1


def test_reveal_phone_refuses_get_and_out_of_scope(client, world, district_staff):
    client.force_login(district_staff)
    own = reverse("deputies:reveal_phone", args=[world.deputy_xian.pk])
    assert client.get(own).status_code == 405
    outside = reverse("deputies:reveal_phone", args=[world.deputy_city_a.pk])
    assert client.post(outside).status_code == 404
    assert not ActionLog.objects.filter(action="deputy.reveal_phone").exists()


def test_group_pages_list_members_in_stroke_order(client, world, committee_staff):
    group = world.group_longshan
    group.members.add(world.deputy_city_b, world.deputy_longshan)
    client.force_login(committee_staff)
    listing = client.get(reverse("deputies:groups"))
    assert listing.status_code == 200
    assert "向阳街道代表小组" in listing.content.decode()
    response = client.get(reverse("deputies:group_detail", args=[group.pk]))
    assert response.status_code == 200
    assert [m.name for m in response.context["members"]] == ["丁照民", "白玉晶", "张贵"]
    assert "组长" in response.content.decode()


def test_group_outside_scope_is_404(client, world, district_staff):
    client.force_login(district_staff)
    url = reverse("deputies:group_detail", args=[world.group_longshan.pk])
    assert client.get(url).status_code == 404
