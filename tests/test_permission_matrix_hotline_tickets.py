"""The 12345 tickets (Renda as the Open311 client) against every role.

Tickets of the city congress (辽源市): its staff and the administrator read
them and send a failed one again; its leader reads them (重新发送 is 403);
district staff (西安区) see their own empty list and 404 for these tickets; the
other roles 403; anonymous users go to the log-in page (401 in the API). The
push endpoint is the partner's: its key decides, whoever is logged in.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from renda.hotline.choices import OutboundStatus
from renda.hotline.far_side import FarSide
from renda.hotline.models import OutboundTicket
from renda.hotline.services.outbound import ticket_send
from renda.hotline.tests.outbound_factories import (
    PUSH_KEY,
    assign_to,
    hotline_item,
    hotline_partner,
    ticket_of,
)
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_atomic,
    module_data,
)

module_data(globals())

API = "/api/v1/hotline/tickets"
PUSH = "/open311/v2/push/requests.json"

LIST = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
}
ONE = {**LIST, "district_staff": 404}
RETRY_PAGE = {
    "system_admin": 302,
    "committee_staff": 302,
    "district_staff": 404,
    "leader": 403,
}
RETRY_API = {**RETRY_PAGE, "system_admin": 200, "committee_staff": 200}
OUTBOUND_PAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
}
OUTBOUND_BAD_POST = {**OUTBOUND_PAGE, "system_admin": 400, "committee_staff": 400}
EVERYONE_200 = dict.fromkeys(ROLES, 200)
EVERYONE_403 = dict.fromkeys(ROLES, 403)


@pytest.fixture(scope="module")
def objects(shared_db, django_db_blocker, world, committee_staff, deputy):
    far = FarSide().start()
    with django_db_blocker.unblock(), module_atomic():
        partner = hotline_partner(world, committee_staff, far)
        sent = ticket_of(
            assign_to(
                partner, hotline_item(world, deputy, committee_staff), committee_staff
            )
        )
        ticket_send(ticket_id=sent.pk)
        far.fail_next("error400")
        failed = ticket_of(
            assign_to(
                partner,
                hotline_item(world, deputy, committee_staff, title="第二件"),
                committee_staff,
            )
        )
        ticket_send(ticket_id=failed.pk)
        held = ticket_of(
            assign_to(
                partner,
                hotline_item(world, deputy, committee_staff, title="第三件"),
                committee_staff,
            )
        )
        OutboundTicket.objects.filter(pk=held.pk).update(
            needs_check=True, maybe_created=True, next_attempt_at=None
        )
        sent.refresh_from_db()
        failed.refresh_from_db()
        assert (sent.status, failed.status) == (
            OutboundStatus.SENT,
            OutboundStatus.FAILED,
        )
        yield {"sent": sent, "failed": failed, "held": held, "partner": partner}
        transaction.set_rollback(True)
    far.stop()


def _push_body(key):
    def body(world, objects):
        return {
            "api_key": key,
            "service_request_id": objects["sent"].service_request_id,
            "status": "open",
            "status_notes": "处理中",
        }

    return body


PAGES = [
    Row("ticket_list", lambda w, o: "/hotline/tickets/", 403, LIST),
    Row(
        "ticket_detail",
        lambda w, o: f"/hotline/tickets/{o['failed'].pk}/",
        403,
        ONE,
    ),
    Row(
        "ticket_retry",
        lambda w, o: f"/hotline/tickets/{o['failed'].pk}/retry/",
        403,
        RETRY_PAGE,
        method="post",
    ),
    Row(
        "ticket_confirm_not_sent",
        lambda w, o: f"/hotline/tickets/{o['held'].pk}/confirm-not-sent/",
        403,
        RETRY_PAGE,
        method="post",
    ),
    Row(
        "ticket_enter_remote_id",
        lambda w, o: f"/hotline/tickets/{o['held'].pk}/remote-id/",
        403,
        RETRY_PAGE,
        method="post",
        body=lambda w, o: {"service_request_id": "12345-77777"},
    ),
    Row(
        "partner_outbound",
        lambda w, o: f"/hotline/partners/{o['partner'].pk}/outbound/",
        403,
        OUTBOUND_PAGE,
    ),
    Row(
        "partner_outbound_bad_line",
        lambda w, o: f"/hotline/partners/{o['partner'].pk}/outbound/",
        403,
        OUTBOUND_BAD_POST,
        method="post",
        body=lambda w, o: {
            "endpoint_url": "https://12345.example.gov.cn/open311/v2/",
            "handling_unit": o["partner"].handling_unit_id,
            "service_map": "交通运输 TRAFFIC",
        },
    ),
    Row(
        "push_status",
        lambda w, o: PUSH,
        200,
        EVERYONE_200,
        method="post",
        body=_push_body(PUSH_KEY),
    ),
    Row(
        "push_status_bad_key",
        lambda w, o: PUSH,
        403,
        EVERYONE_403,
        method="post",
        body=_push_body("not-the-key"),
    ),
]
API_ROWS = [
    Row("api_ticket_list", lambda w, o: API, 403, LIST, api=True),
    Row("api_ticket_detail", lambda w, o: f"{API}/{o['sent'].pk}", 403, ONE, api=True),
    Row(
        "api_ticket_retry",
        lambda w, o: f"{API}/{o['failed'].pk}/retry",
        403,
        RETRY_API,
        method="post",
        api=True,
    ),
]
API_ROWS += [
    Row(
        "api_partner_outbound_bad_line",
        lambda w, o: f"{API}/partners/{o['partner'].pk}/outbound",
        403,
        {**OUTBOUND_BAD_POST, "system_admin": 400, "committee_staff": 400},
        method="post",
        api=True,
        body=lambda w, o: {
            "endpoint_url": "https://12345.example.gov.cn/open311/v2/",
            "handling_unit_id": o["partner"].handling_unit_id,
            "service_map": "交通运输 TRAFFIC",
        },
    ),
]
COVERED_PAGES = {
    "hotline:ticket_list",
    "hotline:ticket_detail",
    "hotline:ticket_retry",
    "hotline:ticket_confirm_not_sent",
    "hotline:partner_outbound",
    "hotline:ticket_enter_remote_id",
    "open311_push:status",
}
COVERED_API = {
    API,
    f"{API}/{{ticket_id}}",
    f"{API}/{{ticket_id}}/retry",
    f"{API}/partners/{{partner_id}}/outbound",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_hotline_ticket_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_hotline_ticket_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), data)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.hotline import urls_outbound, urls_push

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"hotline:{p.name}" for p in urls_outbound.urlpatterns} | {
        f"open311_push:{p.name}" for p in urls_push.urlpatterns
    } == COVERED_PAGES
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API)
    }
    assert documented == COVERED_API


@pytest.mark.parametrize("role", ["committee_staff", "leader"])
def test_the_page_and_the_api_agree(role, request, client, objects):
    client.force_login(request.getfixturevalue(role))
    page = client.get("/hotline/tickets/")
    api = client.get(API).json()
    assert [t.pk for t in page.context["page"]] == [r["id"] for r in api["results"]]
    failed = objects["failed"].pk
    detail = client.get(f"/hotline/tickets/{failed}/")
    body = client.get(f"{API}/{failed}").json()
    assert detail.context["detail"].actions == body["actions"]
    assert body["actions"] == (["retry"] if role == "committee_staff" else [])


def test_the_list_page_reads_a_fixed_number_of_queries(
    client, committee_staff, objects, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    with django_assert_max_num_queries(25) as captured:
        response = client.get("/hotline/tickets/")
    assert response.status_code == 200
    assert len(response.context["page"]) == 3
    assert not [
        q for q in captured.captured_queries if "hotline_outboundevent" in q["sql"]
    ]


def test_a_held_ticket_shows_the_check_and_its_action(client, committee_staff, objects):
    client.force_login(committee_staff)
    held = objects["held"].pk
    page = client.get(f"/hotline/tickets/{held}/")
    assert page.context["detail"].actions == ["confirm_not_sent", "enter_remote_id"]
    assert "可能已送达，请核实" in page.content.decode()
    assert "确认未送达，重新发送" in page.content.decode()
    assert client.get(f"{API}/{held}").json()["actions"] == [
        "confirm_not_sent",
        "enter_remote_id",
    ]
    assert "已在对方系统找到，填写工单号" in page.content.decode()
