"""The 值班代表 picker: one searchable multiple select, the station's own first."""

import datetime as dt
import re

from django.conf import settings
from django.urls import reverse

from renda.receptions.models import ReceptionDay
from renda.receptions.selectors import duty_deputy_options
from renda.receptions.tests.work_factories import ReceptionDayFactory


def _select(html: str) -> str:
    return re.search(
        r'<select name="deputies".*?</select>', html, flags=re.DOTALL
    ).group(0)


def test_the_station_s_own_deputies_come_first(world):
    options = duty_deputy_options(world.station_longshan)

    assert [(d.name, d.is_own) for d in options] == [
        ("丁照民", True),
        ("白玉晶", False),
        ("张贵", False),
    ]


def test_the_form_is_one_searchable_multiple_select_in_two_groups(
    client, world, station_chief
):
    client.force_login(station_chief)

    response = client.get(
        reverse("stations:reception_day_create", args=[world.station_longshan.pk])
    )

    html = response.content.decode()
    select = _select(html)
    assert "multiple" in select
    assert "data-picker" in select
    assert 'type="checkbox"' not in html
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["本站代表小组成员", "本地人大代表"]
    assert re.findall(r">([^<]+)</option>", groups[0][1]) == ["丁照民"]
    assert re.findall(r">([^<]+)</option>", groups[1][1]) == ["白玉晶", "张贵"]
    assert 'data-search="dingzhaomin dzm"' in select
    assert "renda/picker.js" in html
    assert "renda/picker.css" in html


def test_editing_keeps_the_chosen_and_saves_a_new_choice(client, world, station_chief):
    day = ReceptionDayFactory(
        station=world.station_longshan, date=dt.date.today() + dt.timedelta(days=9)
    )
    day.deputies.set([world.deputy_city_b])
    client.force_login(station_chief)
    url = reverse("stations:reception_day_edit", args=[day.pk])

    page = _select(client.get(url).content.decode())
    response = client.post(
        url,
        {
            "date": day.date.isoformat(),
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "站里",
            "deputies": [world.deputy_city_a.pk, world.deputy_longshan.pk],
        },
    )

    assert re.search(rf'value="{world.deputy_city_b.pk}"[^>]*selected', page)
    assert response.status_code == 302
    assert set(ReceptionDay.objects.get(pk=day.pk).deputies.all()) == {
        world.deputy_city_a,
        world.deputy_longshan,
    }


def test_a_deputy_from_elsewhere_is_refused_by_name(client, world, station_chief):
    client.force_login(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])

    response = client.post(
        url,
        {
            "date": "2025-06-10",
            "start_time": "09:00",
            "end_time": "11:00",
            "place": "站里",
            "deputies": [world.deputy_xian.pk],
        },
    )

    assert response.status_code in (200, 400)
    assert (
        f"所选代表“{world.deputy_xian.pk}”不能在本站值班" in response.content.decode()
    )
    assert not ReceptionDay.objects.exists()


def test_the_plan_page_reads_the_deputies_in_one_query(
    client, django_assert_max_num_queries, world, station_chief
):
    client.force_login(station_chief)
    url = reverse("stations:reception_day_create", args=[world.station_longshan.pk])
    client.get(url)
    session_save = 3 if settings.SESSION_SAVE_EVERY_REQUEST else 0

    with django_assert_max_num_queries(8 + session_save):
        response = client.get(url)

    assert response.status_code == 200


def test_the_hold_form_picks_attendees_the_same_way_with_the_duty_preselected(
    client, world, station_chief
):
    day = ReceptionDayFactory(
        station=world.station_longshan, date=dt.date.today() - dt.timedelta(days=1)
    )
    day.deputies.set([world.deputy_city_b])
    client.force_login(station_chief)
    url = reverse("stations:reception_day_hold", args=[day.pk])

    html = client.get(url).content.decode()
    select = re.search(
        r'<select name="attendees".*?</select>', html, flags=re.DOTALL
    ).group(0)
    response = client.post(url, {"attendees": [world.deputy_city_a.pk]})

    assert "data-picker" in select
    assert "multiple" in select
    assert re.search(rf'value="{world.deputy_city_b.pk}"[^>]*selected', select)
    assert '<optgroup label="本站代表小组成员">' in select
    assert response.status_code == 302
    assert list(ReceptionDay.objects.get(pk=day.pk).attendees.all()) == [
        world.deputy_city_a
    ]
