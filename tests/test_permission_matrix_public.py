"""The public side of stations against every role: the same answer for everyone.

The notice board, the QR form and the receipt look-up are open without
logging in, and a log-in changes nothing: every role, anonymous included, gets
the page (200), an unknown station or receipt gets 404, and a form posted
without its captcha is refused as bad input (400), never as forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from renda.receptions.choices import RequestSource
from renda.receptions.models import PublicRequest
from renda.receptions.services import public_request_create
from tests.matrix import ROLES, module_data

# The world and the role users once for the module; each test in a savepoint.
module_data(globals())

COVERED_PAGES = {"public:board", "public:form", "public:lookup", "public:receipt"}
COVERED_API: set[str] = set()


@dataclass
class Row:
    name: str
    url: object  # callable(world, objects) -> str
    status: int
    method: str = "get"
    data: dict | None = None


PAGES = [
    Row(
        "board, 向阳",
        lambda w, o: reverse("public:board", args=[w.station_longshan.pk]),
        200,
    ),
    Row(
        "board, 仙城",
        lambda w, o: reverse("public:board", args=[w.station_xian.pk]),
        200,
    ),
    Row("board, unknown", lambda w, o: reverse("public:board", args=[999999]), 404),
    Row(
        "form, 向阳",
        lambda w, o: reverse("public:form", args=[w.station_longshan.pk]),
        200,
    ),
    Row(
        "form, 仙城", lambda w, o: reverse("public:form", args=[w.station_xian.pk]), 200
    ),
    Row("form, unknown", lambda w, o: reverse("public:form", args=[999999]), 404),
    Row(
        "form posted without captcha",
        lambda w, o: reverse("public:form", args=[w.station_xian.pk]),
        400,
        method="post",
        data={"resident_name": "刘淑芬", "content": "路灯坏了", "consent": "on"},
    ),
    Row("lookup", lambda w, o: reverse("public:lookup"), 200),
    Row(
        "lookup with a number",
        lambda w, o: reverse("public:lookup") + f"?number={o['receipt'].lower()}",
        302,
    ),
    Row(
        "receipt",
        lambda w, o: reverse("public:receipt", args=[o["receipt"]]),
        200,
    ),
    Row(
        "receipt, unknown",
        lambda w, o: reverse("public:receipt", args=["ABCDEFGHJK"]),
        404,
    ),
]


@pytest.fixture(scope="module")
def objects(world):
    request = public_request_create(
        station=world.station_xian,
        source=RequestSource.QR_FORM,
        resident_name="刘淑芬",
        resident_phone="13512345678",
        consent=True,
        content="仙城街道农贸市场门前积水",
        client_ip="10.9.9.9",
    )
    assert request.receipt_number != "ABCDEFGHJK"
    return {"receipt": request.receipt_number}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_public_page_access(row, role, request, client, world, objects):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = row.url(world, objects)

    response = getattr(client, row.method)(url, row.data or {})

    assert response.status_code == row.status, (
        f"{row.name} as {role}: expected {row.status}, got {response.status_code}"
    )
    if row.status in (200, 400, 404):
        # Public pages never send anyone to log in, and carry no staff navigation.
        assert "主导航" not in response.content.decode()
    assert PublicRequest.objects.count() == 1


def test_every_public_page_is_covered(world, objects):
    from django.urls import resolve

    from renda.receptions import urls as reception_urls

    names = {f"public:{pattern.name}" for pattern in reception_urls.public_urlpatterns}
    tested = {resolve(row.url(world, objects).split("?")[0]).view_name for row in PAGES}
    assert names == COVERED_PAGES == tested
