"""Receipt numbers read aloud: 12 digits in groups, a check digit, older numbers kept."""

import pytest
from django.urls import reverse

from renda.core.models import ActionLog
from renda.core.receipts import (
    MISTYPED_MESSAGE,
    damm_is_valid,
    format_receipt_number,
)
from renda.receptions.choices import RequestSource
from renda.receptions.models import PublicRequest
from renda.receptions.selectors import public_request_for_receipt
from renda.receptions.services import public_request_create
from renda.receptions.views.public import LOOKUP_ACTION

from .public_helpers import submit

pytestmark = pytest.mark.django_db


def _qr_request(station, **overrides):
    fields = {
        "station": station,
        "source": RequestSource.QR_FORM,
        "resident_name": "刘淑芬",
        "resident_phone": "13512345678",
        "consent": True,
        "content": "向阳小区3号楼前路灯坏了两个多月，请尽快修复。",
        "client_ip": "127.0.0.1",
    }
    fields.update(overrides)
    return public_request_create(**fields)


def _mistyped(number: str) -> str:
    """Change the first digit, as someone hearing it wrong would."""
    first = "2" if number[0] != "2" else "3"
    return first + number[1:]


def test_a_new_receipt_number_is_twelve_digits_shown_in_groups(client, world):
    response = submit(client, world.station_longshan)

    item = PublicRequest.objects.get()
    number = item.receipt_number
    assert number.isdigit()
    assert len(number) == 12
    assert damm_is_valid(number)
    html = client.get(response["Location"]).content.decode()
    grouped = f"{number[:4]} {number[4:8]} {number[8:]}"
    assert format_receipt_number(number) == grouped
    assert f'id="receipt-number">{grouped}<' in html


def test_numbers_are_random_not_sequential(world):
    first = _qr_request(world.station_longshan, content="第一条")
    second = _qr_request(world.station_longshan, content="第二条")

    assert abs(int(first.receipt_number) - int(second.receipt_number)) > 1


@pytest.mark.parametrize(
    "typed",
    [
        "{a} {b} {c}",
        "{a}-{b}-{c}",
        "{a}－{b}－{c}",
        " {a}{b}{c} ",
        "FULLWIDTH",
    ],
)
def test_the_lookup_accepts_spaces_hyphens_and_full_width_digits(client, world, typed):
    item = _qr_request(world.station_longshan)
    number = item.receipt_number
    if typed == "FULLWIDTH":
        typed = "".join(chr(ord(c) + 0xFEE0) for c in number[:6]) + "　" + number[6:]
    else:
        typed = typed.format(a=number[:4], b=number[4:8], c=number[8:])

    response = client.get(reverse("public:lookup"), {"number": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("public:receipt", args=[number])
    assert client.get(response["Location"]).status_code == 200
    assert public_request_for_receipt(typed) == item


def test_a_mistyped_number_is_told_apart_from_an_unknown_one(client, world):
    item = _qr_request(world.station_longshan)
    typo = _mistyped(item.receipt_number)

    from_form = client.get(reverse("public:lookup"), {"number": typo})
    from_link = client.get(reverse("public:receipt", args=[typo]))

    for response in (from_form, from_link):
        assert response.status_code == 400
        html = response.content.decode()
        assert MISTYPED_MESSAGE in html
        assert "没有找到" not in html
    assert public_request_for_receipt(typo) is None
    # Two digits swapped is caught as well.
    number = item.receipt_number
    index = next(i for i in range(11) if number[i] != number[i + 1])
    swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
    response = client.get(reverse("public:lookup"), {"number": swapped})
    assert MISTYPED_MESSAGE in response.content.decode()


def test_a_valid_number_nobody_holds_is_not_found(client, world):
    _qr_request(world.station_longshan)
    unused = "100000000001"  # passes the check digit; no request has it
    assert damm_is_valid(unused)
    assert not PublicRequest.objects.filter(receipt_number=unused).exists()

    response = client.get(reverse("public:receipt", args=[unused]))

    assert response.status_code == 404
    assert "没有找到这个回执编号" in response.content.decode()
    assert MISTYPED_MESSAGE not in response.content.decode()


def test_a_number_of_the_wrong_length_says_so(client, world):
    response = client.get(reverse("public:lookup"), {"number": "2020 1234 567"})

    assert response.status_code == 400
    assert "查询码是 12 位数字" in response.content.decode()


def test_older_letter_numbers_keep_working(client, world):
    item = _qr_request(world.station_longshan)
    # A request made before the change keeps its number (existing rows untouched).
    PublicRequest.objects.filter(pk=item.pk).update(receipt_number="ABCDEFGHJK")

    typed = client.get(reverse("public:lookup"), {"number": "abcd-efgh jk"})
    page = client.get(typed["Location"])

    assert typed["Location"] == reverse("public:receipt", args=["ABCDEFGHJK"])
    assert page.status_code == 200
    assert 'id="receipt-number">ABCDEFGHJK<' in page.content.decode()


def test_mistyped_numbers_do_not_touch_the_lookup_limit_or_the_database(
    client, world, django_assert_max_num_queries
):
    item = _qr_request(world.station_longshan)
    typo = _mistyped(item.receipt_number)
    logs_before = ActionLog.objects.filter(action=LOOKUP_ACTION).count()

    with django_assert_max_num_queries(3):  # the session only
        client.get(reverse("public:receipt", args=[typo]))

    assert ActionLog.objects.filter(action=LOOKUP_ACTION).count() == logs_before


def test_staff_find_a_request_by_its_number_as_read_aloud(client, world, station_chief):
    item = _qr_request(world.station_longshan)
    client.force_login(station_chief)
    spoken = format_receipt_number(item.receipt_number)

    response = client.get(
        reverse("stations:requests", args=[world.station_longshan.pk]), {"q": spoken}
    )

    assert response.status_code == 200
    assert reverse("stations:request_detail", args=[item.pk]) in (
        response.content.decode()
    )
