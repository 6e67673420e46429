"""The dashboard page: picker, cards, links to the records; the API twin."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from renda.congresses.choices import MemberRole
from renda.liaison.tests import dashboard_factories as make


def _setup(world):
    make.reception_days(
        world.station_longshan, [dt.date(2020, m, 5) for m in range(1, 7)]
    )
    make.reception_days(world.station_xian, [dt.date(2020, 3, 5)])
    member = make.leader_member(world, role=MemberRole.DIRECTOR)
    make.contacts(member, 2)
    short = make.meeting(world, dt.date(2020, 8, 1), observers=1)
    return member, short


def test_the_dashboard_lists_who_breaks_each_rule_with_links(
    client, committee_staff, world
):
    member, short = _setup(world)
    client.force_login(committee_staff)

    response = client.get(
        reverse("liaison:dashboard"),
        {"congress": world.city_congress.pk, "year": 2020, "half": "H2"},
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert report.period.year == 2020
    assert report.period.half == "H2"
    html = response.content.decode()
    days_url = reverse("stations:reception_days", args=[world.station_xian.pk])
    assert f'href="{days_url}"' in html
    assert world.station_xian.name in html
    # 南康 holds none at all in 2020.
    assert world.station_longshan_2.name in html
    assert f'href="{reverse("liaison:leader_contacts", args=[member.pk])}"' in html
    assert f'href="{reverse("meetings:detail", args=[short.pk])}"' in html
    assert "全部达标" in html  # no overdue requests


def test_bad_picker_values_get_a_chinese_message_and_the_defaults(
    client, committee_staff, world
):
    client.force_login(committee_staff)

    response = client.get(
        reverse("liaison:dashboard"),
        {"congress": "abc", "year": "二〇二〇", "half": "H3"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "年度：请输入四位数的年份" in html
    assert "半年：半年只能选择上半年或下半年。" in html
    assert "人大：所选人大无效或不在您的工作范围内" in html
    assert response.context["report"].congress == world.city_congress


def test_a_congress_outside_the_users_scope_is_refused_as_invalid(
    client, district_staff, world
):
    client.force_login(district_staff)

    response = client.get(
        reverse("liaison:dashboard"), {"congress": world.city_congress.pk}
    )

    assert response.status_code == 200
    assert response.context["report"].congress == world.xian_congress
    assert "不在您的工作范围内" in response.content.decode()


def test_a_future_year_is_refused(client, committee_staff, world):
    client.force_login(committee_staff)
    next_year = dt.date.today().year + 1

    response = client.get(reverse("liaison:dashboard"), {"year": next_year})

    assert "年度不能晚于今年" in response.content.decode()
    assert response.context["report"].period.year == dt.date.today().year


def test_the_api_gives_the_same_verdicts(client, leader, world):
    member, short = _setup(world)
    client.force_login(leader)

    response = client.get(
        "/api/v1/liaison/rules",
        {"congress": world.city_congress.pk, "year": 2020, "half": "H2"},
    )

    assert response.status_code == 200
    rules = {rule["key"]: rule for rule in response.json()["rules"]}
    assert {i["object_id"] for i in rules["reception_days"]["broken"]} == {
        world.station_xian.pk,
        world.station_longshan_2.pk,
    }
    assert rules["reception_days"]["kept"] == 1
    assert [i["object_id"] for i in rules["leader_contacts"]["broken"]] == [member.pk]
    assert [i["object_id"] for i in rules["meeting_observers"]["broken"]] == [short.pk]


def test_the_api_answers_404_for_a_congress_out_of_scope_and_422_for_bad_input(
    client, district_staff, world
):
    client.force_login(district_staff)

    outside = client.get("/api/v1/liaison/rules", {"congress": world.city_congress.pk})
    bad = client.get("/api/v1/liaison/rules", {"half": "H3"})
    future = client.get("/api/v1/liaison/rules", {"year": dt.date.today().year + 1})

    assert outside.status_code == 404
    assert bad.status_code == 422
    assert bad.json()["field"] == "half"
    assert future.status_code == 422
    assert future.json()["message"] == "年度不能晚于今年。"


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def test_the_pickers_show_the_period_the_dashboard_shows(
    client, committee_staff, world
):
    # Given a past year asked for without a half: the page shows its second half.
    client.force_login(committee_staff)

    response = client.get(reverse("liaison:dashboard"), {"year": 2020})
    html = response.content.decode()

    assert response.context["report"].period.half == "H2"
    assert _selected(html, "half") == ["H2"]
    assert _selected(html, "year") == ["2020"]


def test_the_year_is_a_select_of_the_terms_years_defaulting_to_this_year(
    client, committee_staff, world
):
    client.force_login(committee_staff)
    this_year = timezone.localdate().year
    first = world.city_term.start_date.year

    for url in (reverse("liaison:dashboard"), reverse("liaison:stats")):
        html = client.get(url).content.decode()
        select = re.search(r'<select name="year"[^>]*>(.*?)</select>', html, re.S)
        years = re.findall(r'<option value="(\d+)"', select.group(1))

        assert years[0] == str(this_year)
        assert years[-1] == str(min(first, this_year))
        assert _selected(html, "year") == [str(this_year)]
        assert 'name="year" type="number"' not in html
