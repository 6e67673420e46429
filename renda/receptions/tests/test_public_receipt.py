"""Checking a request's progress with its receipt number: plain words, masked, limited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.accounts.choices import Role
from renda.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from renda.congresses.choices import Level
from renda.core.models import ActionLog
from renda.core.receipts import format_receipt_number
from renda.receptions.choices import PublicRequestStatus, RequestSource
from renda.receptions.models import PublicRequest
from renda.receptions.rules import PUBLIC_LOOKUP_MAX_PER_HOUR
from renda.receptions.services import (
    public_request_answer,
    public_request_answer_on_the_spot,
    public_request_convert_to_suggestion,
    public_request_create,
    public_request_route_grassroots,
)
from renda.receptions.views.public import LOOKUP_ACTION
from renda.units.choices import UnitKind
from renda.units.tests.factories import HandlingUnitFactory

pytestmark = pytest.mark.django_db


def _qr_request(station, **overrides):
    fields = {
        "station": station,
        "source": RequestSource.QR_FORM,
        "resident_name": "刘淑芬",
        "resident_phone": "13512345678",
        "consent": True,
        "content": "向阳小区3号楼前路灯坏了两个多月，请尽快修复。",
        "location": "向阳小区3号楼前",
        "client_ip": "127.0.0.1",
    }
    fields.update(overrides)
    return public_request_create(**fields)


def _receipt(client, number, **extra):
    return client.get(reverse("public:receipt", args=[number]), **extra)


def _township_government(world):
    return HandlingUnitFactory(
        name="向阳街道办事处",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
        region=world.station_longshan.region,
    )


def test_a_new_request_reads_received(client, world):
    request = _qr_request(world.station_longshan)

    response = _receipt(client, request.receipt_number)

    html = response.content.decode()
    assert response.status_code == 200
    assert format_receipt_number(request.receipt_number) in html
    assert "已受理" in html
    assert "联络站已收到您的诉求" in html
    assert world.station_longshan.name in html
    assert "路灯坏了两个多月" in html
    assert "答复内容" not in html


def test_the_resident_is_masked_and_no_other_request_shows(client, world):
    mine = _qr_request(world.station_longshan)
    _qr_request(
        world.station_longshan,
        resident_name="赵建国",
        resident_phone="13700009999",
        content="别人的诉求：菜市场噪音扰民",
    )

    html = _receipt(client, mine.receipt_number).content.decode()

    assert "刘**" in html
    assert "135****5678" in html
    assert "刘淑芬" not in html
    assert "13512345678" not in html
    assert "赵建国" not in html
    assert "菜市场噪音扰民" not in html


def test_lookup_tolerates_case_spaces_and_full_width(client, world):
    request = _qr_request(world.station_longshan)
    number = request.receipt_number
    typed = " " + " ".join([number[:4].lower(), number[4:7], "-" + number[7:]]) + " "

    response = client.get(reverse("public:lookup"), {"number": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("public:receipt", args=[number])
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number.lower())
    assert (
        client.get(reverse("public:lookup"), {"number": wide})["Location"]
        == (response["Location"])
    )
    # A lower-case address works as well.
    assert _receipt(client, number.lower()).status_code == 200


def test_an_unknown_number_is_not_found_without_hints(client, world):
    request = _qr_request(world.station_longshan)
    other = "ABCDEFGHJK" if request.receipt_number != "ABCDEFGHJK" else "KJHGFEDCBA"

    unknown = _receipt(client, other)
    garbage = _receipt(client, "<script>")

    assert unknown.status_code == 404
    assert garbage.status_code == 404
    assert "未找到" in unknown.content.decode()
    # The same answer for a number that could exist and one that cannot.
    assert unknown.content == garbage.content


def test_the_lookup_form_explains_a_malformed_number(client, world):
    response = client.get(reverse("public:lookup"), {"number": "abc!"})

    assert response.status_code == 400
    assert "回执编号（查询码）是 12 位数字" in response.content.decode()
    empty = client.get(reverse("public:lookup"))
    assert empty.status_code == 200
    assert 'name="number"' in empty.content.decode()


def test_a_routed_request_names_the_unit_and_deadline(client, world, station_chief):
    unit = _township_government(world)
    request = _qr_request(world.station_longshan)
    public_request_route_grassroots(request=request, unit=unit, actor=station_chief)
    request.refresh_from_db()

    html = _receipt(client, request.receipt_number).content.decode()

    due = request.due_at
    assert (
        f"已转向阳街道办事处办理，办理期限{due.year}年{due.month}月{due.day}日。"
        in html
    )
    assert "办理中" in html


def test_an_answered_request_shows_the_answer(client, world, station_chief):
    unit = _township_government(world)
    unit_user = UserFactory(username="xiangyang")
    RoleAssignmentFactory(user=unit_user, role=Role.UNIT_STAFF, handling_unit=unit)
    request = _qr_request(world.station_longshan)
    public_request_route_grassroots(request=request, unit=unit, actor=station_chief)
    public_request_answer(
        request=request,
        answer="已安排维修，两盏路灯于本周内修复。<script>x</script>",
        actor=unit_user,
    )

    html = _receipt(client, request.receipt_number).content.decode()

    assert "已答复" in html
    assert "已安排维修，两盏路灯于本周内修复。&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x" not in html


def test_an_on_the_spot_answer_reads_closed(client, world, station_chief):
    request = _qr_request(world.station_longshan)
    public_request_answer_on_the_spot(
        request=request, answer="已当场说明报修电话。", actor=station_chief
    )

    html = _receipt(client, request.receipt_number).content.decode()

    assert "已办结" in html
    assert "已当场说明报修电话。" in html


def test_a_converted_request_reads_as_a_suggestion(client, world, deputy):
    request = public_request_create(
        station=world.station_longshan,
        source=RequestSource.DEPUTY,
        resident_name="孙丽",
        resident_phone="13612345678",
        consent=True,
        content="东辽河沿岸防洪堤需要加固",
        actor=deputy,
    )
    public_request_convert_to_suggestion(request=request, actor=deputy)
    request.refresh_from_db()
    assert request.status == PublicRequestStatus.CONVERTED

    html = _receipt(client, request.receipt_number).content.decode()

    assert "已由代表转为代表建议，正在办理。" in html
    # The suggestion itself stays on the working side.
    assert reverse("suggestions:detail", args=[request.suggestion_id]) not in html


def test_lookups_are_logged_and_limited_per_address(client, world):
    request = _qr_request(world.station_longshan)
    _receipt(client, "ABCDEFGHJK")
    assert ActionLog.objects.filter(action=LOOKUP_ACTION).count() == 1
    for _ in range(PUBLIC_LOOKUP_MAX_PER_HOUR - 1):
        ActionLog.objects.create(action=LOOKUP_ACTION, ip_address="127.0.0.1")

    refused = _receipt(client, request.receipt_number)

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "操作过于频繁" in html
    assert request.receipt_number not in html
    assert ActionLog.objects.filter(action=LOOKUP_ACTION).count() == (
        PUBLIC_LOOKUP_MAX_PER_HOUR
    )
    # Another address still gets its answer.
    other = _receipt(client, request.receipt_number, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_the_lookup_limit_counts_the_last_hour_only(client, world, monkeypatch):
    request = _qr_request(world.station_longshan)
    for _ in range(PUBLIC_LOOKUP_MAX_PER_HOUR):
        ActionLog.objects.create(action=LOOKUP_ACTION, ip_address="127.0.0.1")
    # The audit log is append-only (on PostgreSQL the database refuses to age
    # its rows), so move the clock on instead: 61 minutes later.
    later = timezone.now() + dt.timedelta(minutes=61)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert _receipt(client, request.receipt_number).status_code == 200


def test_receipt_pages_are_open_to_everyone(client, world, station_chief):
    request = _qr_request(world.station_longshan)
    client.force_login(station_chief)

    assert _receipt(client, request.receipt_number).status_code == 200
    assert client.get(reverse("public:lookup")).status_code == 200
    assert PublicRequest.objects.count() == 1
