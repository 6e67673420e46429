"""The station's notice board (公示板): open to all, printable, with its QR code."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.core.tests.static_css import linked_css
from renda.deputies.models import Mandate
from renda.receptions.services import (
    reception_day_cancel,
    reception_day_hold,
    reception_day_plan,
    reception_day_postpone,
)

pytestmark = pytest.mark.django_db


def _board(client, station):
    response = client.get(reverse("public:board", args=[station.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _plan(station, actor, date, **kwargs):
    defaults = {
        "start_time": dt.time(9, 0),
        "end_time": dt.time(11, 30),
        "place": "向阳街道人大代表联络站一楼",
        "topic": "",
        "deputies": (),
    }
    defaults.update(kwargs)
    return reception_day_plan(station=station, date=date, actor=actor, **defaults)


def test_anyone_sees_the_board_with_the_station_and_masked_phones(client, world):
    station = world.station_longshan
    station.opening_hours = "工作日 8:30–16:30"
    station.save()

    html = _board(client, station)

    assert f"<h1>{station.name}</h1>" in html
    assert "人民大街1号" in html
    assert "工作日 8:30–16:30" in html
    assert "王站长" in html
    assert "李联络" in html
    assert "138****1111" in html
    assert "139****2222" in html
    assert "13800001111" not in html
    assert "13900002222" not in html
    # The public page carries no staff navigation.
    assert "主导航" not in html
    assert reverse("stations:list") not in html


def test_unknown_station_is_404(client, world):
    response = client.get(reverse("public:board", args=[987654]))

    assert response.status_code == 404
    assert "没有找到这个联络站" in response.content.decode()


def test_huge_station_number_is_404_not_500(client, world):
    response = client.get("/s/99999999999999999999999999/")

    assert response.status_code == 404


def test_the_qr_code_points_to_the_form(client, world):
    station = world.station_longshan

    html = _board(client, station)

    form_url = "http://testserver" + reverse("public:form", args=[station.pk])
    figure = re.search(r'<figure class="board-qr" id="qr">(.*?)</figure>', html, re.S)
    assert figure
    assert "<svg" in figure[1]
    assert 'class="qr-svg"' in figure[1]
    assert "<path" in figure[1]
    assert f'href="{form_url}"' in figure[1]
    assert f">{form_url}</a>" in figure[1]
    # Generated here: no image from another site.
    assert "<img" not in figure[1]


def test_the_board_prints_on_one_a4_page(client, world):
    html = _board(client, world.station_longshan)

    css = linked_css(html)
    assert "@media print" in css
    assert "size: A4" in css
    print_css = css.split("@media print", 1)[1]
    assert ".no-print" in print_css
    assert ".board-qr .qr-svg { width: 45mm" in print_css
    assert 'class="no-print"' in html


def test_deputies_in_stroke_order_with_photo_or_initial(client, world):
    group = world.group_longshan
    # 丁(2 strokes) < 白(5) < 张(7); 张贵 is a 龙山区 deputy.
    group.members.add(world.deputy_longshan, world.deputy_city_b)
    world.deputy_city_b.photo = SimpleUploadedFile(
        "bai.jpg", b"\xff\xd8\xff" + b"0" * 32
    )
    world.deputy_city_b.save()

    html = _board(client, world.station_longshan)

    names = [
        world.deputy_city_a.name,
        world.deputy_city_b.name,
        world.deputy_longshan.name,
    ]
    positions = [html.index(f'<span class="name">{name}</span>') for name in names]
    assert positions == sorted(positions)
    assert f'alt="{world.deputy_city_b.name}的照片"' in html
    assert world.deputy_city_b.photo.url in html
    assert '<span class="deputy-initial" aria-hidden="true">丁</span>' in html
    assert "辽源市人大代表" in html
    # Another station's deputies are not on this board.
    assert world.deputy_xian.name not in html


def test_deputies_whose_mandates_ended_are_left_off(client, world):
    world.group_longshan.members.add(world.deputy_city_b)
    Mandate.objects.filter(deputy=world.deputy_city_b).update(
        end_date=dt.date(2020, 1, 1), end_reason="RESIGNED"
    )

    html = _board(client, world.station_longshan)

    assert world.deputy_city_b.name not in html
    assert world.deputy_city_a.name in html


def test_the_years_reception_days_with_their_state_in_words(
    client, world, station_chief, liaison_officer
):
    station = world.station_longshan
    year = timezone.localdate().year
    on_duty = [world.deputy_city_a]
    held = _plan(
        station,
        station_chief,
        dt.date(year, 1, 10),
        topic="老旧小区改造",
        deputies=on_duty,
    )
    reception_day_hold(
        day=held,
        attendees=on_duty,
        actor=station_chief,
        now=timezone.make_aware(dt.datetime(year, 1, 10, 12)),
    )
    cancelled = _plan(station, station_chief, dt.date(year, 12, 20), topic="冬季供暖")
    reception_day_cancel(day=cancelled, reason="场地维修", actor=station_chief)
    moved = _plan(station, station_chief, dt.date(year, 11, 1), topic="垃圾分类")
    reception_day_postpone(
        day=moved,
        reason="代表参加培训",
        new_date=dt.date(year, 11, 8),
        actor=station_chief,
    )
    _plan(station, station_chief, dt.date(year - 1, 6, 1), topic="去年的主题")
    _plan(world.station_xian, liaison_officer, dt.date(year, 6, 1), topic="别站的主题")

    html = _board(client, station)

    assert f"{year}年代表接待日" in html
    assert "（已举行 1 次）" in html
    assert "1月10日" in html
    assert "09:00–11:30" in html
    assert "老旧小区改造" in html
    assert "已举行" in html
    assert "冬季供暖" in html
    assert "已取消" in html
    assert "原因：场地维修" in html
    assert "11月8日" in html
    assert "延期：代表参加培训" in html
    assert "计划中" in html
    assert "去年的主题" not in html
    assert "别站的主题" not in html
    days = html.split('id="days-title"', 1)[1]
    assert f"值班代表：{world.deputy_city_a.name}" in days
    assert "向阳街道人大代表联络站一楼" in days


def test_no_reception_days_yet(client, world):
    html = _board(client, world.station_longshan)

    assert "代表接待日尚未安排" in html
