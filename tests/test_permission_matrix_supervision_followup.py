"""Review opinions followed to the end (跟踪问效) against every role: pages and
/api/v1/supervision/opinions endpoints.

The records are the city congress's (辽源市): heard work reports with opinions
to ``world.unit_city`` (the ``unit_staff`` account's unit) in each state.
District staff (西安区) and deputies not invited see none of them (404);
station roles may not use supervision pages (403); the public gets the log-in
page or 401.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

# The world and every role's user are built once for this module (tests/matrix.py).
module_data(globals())

API = "/api/v1/supervision/opinions"

READ_ALL = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
    "deputy": 200,
    "unit_staff": 200,
}
READ_CITY = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "committee_member": 200,
    "deputy": 404,
    "unit_staff": 200,
}
BOARDS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "committee_member": 200,
    "deputy": 403,
    "unit_staff": 403,
}


def staff_only(ok, unit=403):
    return {
        "system_admin": ok,
        "committee_staff": ok,
        "district_staff": 404,
        "leader": 403,
        "committee_member": 403,
        "deputy": 404,
        "unit_staff": unit,
    }


ITEM_FORMS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "committee_member": 403,
    "deputy": 403,
    "unit_staff": 403,
}


def _url(name, *keys, extra=()):
    def build(world, objects):
        return reverse(name, args=[objects[k].pk for k in keys] + list(extra))

    return build


PAGES = [
    Row("opinions", _url("supervision:opinions"), 403, READ_ALL),
    Row("opinion detail", _url("supervision:opinion_detail", "sent"), 403, READ_CITY),
    Row(
        "extend (empty form)",
        _url("supervision:opinion_action", "sent", extra=["extend"]),
        403,
        staff_only(400),
        method="post",
    ),
    Row(
        "file a handling report (empty form)",
        _url("supervision:opinion_action", "sent", extra=["file_report"]),
        403,
        {**staff_only(403, unit=400), "system_admin": 403, "committee_staff": 403},
        method="post",
    ),
    Row(
        "report point progress (empty form)",
        _url("supervision:point_action", "point", extra=["report_progress"]),
        403,
        staff_only(400, unit=400),
        method="post",
    ),
    Row(
        "handling report file",
        _url("supervision:followup_report_file", "report"),
        403,
        READ_CITY,
    ),
    Row(
        "progress evidence",
        _url("supervision:followup_evidence", "progress"),
        403,
        READ_CITY,
    ),
    Row(
        "unit queue",
        _url("supervision:followup_unit"),
        403,
        {"system_admin": 200, "unit_staff": 200, "committee_member": 403},
    ),
    Row("boards", _url("supervision:followup_boards"), 403, BOARDS),
    Row("item board", _url("supervision:followup_item_board", "item"), 403, READ_CITY),
    Row(
        "new opinion", _url("supervision:followup_opinion_new", "item"), 403, ITEM_FORMS
    ),
    Row(
        "new opinion (empty form)",
        _url("supervision:followup_opinion_new", "item"),
        403,
        {**ITEM_FORMS, "system_admin": 400, "committee_staff": 400},
        method="post",
    ),
    Row("new test", _url("supervision:followup_test_new", "item"), 403, ITEM_FORMS),
    Row(
        "new follow-up item",
        _url("supervision:followup_item_new", "item"),
        403,
        ITEM_FORMS,
    ),
]

COVERED_PAGES = {
    "supervision:opinions",
    "supervision:opinion_detail",
    "supervision:opinion_action",
    "supervision:point_action",
    "supervision:followup_unit",
    "supervision:followup_report_file",
    "supervision:followup_evidence",
    "supervision:followup_boards",
    "supervision:followup_item_board",
    "supervision:followup_opinion_new",
    "supervision:followup_test_new",
    "supervision:followup_item_new",
}


def _api(path, *keys):
    def build(world, objects):
        return API + path.format(*[objects[k].pk for k in keys])

    return build


def _created(code):
    return {
        "system_admin": code,
        "committee_staff": code,
        "district_staff": 404,
        "leader": 403,
        "committee_member": 403,
        "deputy": 404,
        "unit_staff": 403,
    }


DRAFT_ONLY = {**staff_only(200), "unit_staff": 404}

API_ROWS = [
    Row("list", _api(""), 403, READ_ALL, api=True),
    Row(
        "create",
        _api(""),
        403,
        _created(201),
        method="post",
        api=True,
        body=lambda w, o: {
            "item": o["item"].pk,
            "unit": w.unit_xian.pk,
            "text": "审议意见",
            "compiled_on": "2024-06-28",
        },
    ),
    Row("detail", _api("/{}", "sent"), 403, READ_CITY, api=True),
    Row(
        "update a draft",
        _api("/{}", "draft"),
        403,
        DRAFT_ONLY,
        method="patch",
        api=True,
        body=lambda w, o: {"text": "修改后的审议意见"},
    ),
    Row(
        "approve",
        _api("/{}/approve", "draft"),
        403,
        DRAFT_ONLY,
        method="post",
        api=True,
        body=lambda w, o: {"chairpersons_meeting_id": o["chairs"].pk},
    ),
    Row(
        "send",
        _api("/{}/send", "approved"),
        403,
        DRAFT_ONLY,
        method="post",
        api=True,
        body=lambda w, o: {"sent_on": "2024-07-01"},
    ),
    Row(
        "extend",
        _api("/{}/extend", "sent"),
        403,
        staff_only(200),
        method="post",
        api=True,
        body=lambda w, o: {
            "months": 2,
            "reason": "涉及多部门",
            "chairpersons_meeting_id": o["chairs"].pk,
        },
    ),
    Row(
        "conclude",
        _api("/{}/conclude", "reported"),
        403,
        staff_only(200),
        method="post",
        api=True,
        body=lambda w, o: {"concluded_on": "2024-10-30"},
    ),
    Row(
        "add a point",
        _api("/{}/points", "sent"),
        403,
        _created(201),
        method="post",
        api=True,
        body=lambda w, o: {
            "text": "整改",
            "unit": w.unit_city.pk,
            "due_on": "2024-09-30",
        },
    ),
    Row(
        "point progress",
        _api("/points/{}/progress", "point"),
        403,
        staff_only(200, unit=200),
        method="post",
        api=True,
        body=lambda w, o: {"text": "已完成一半", "reported_on": "2024-08-01"},
    ),
    Row(
        "point finish",
        _api("/points/{}/finish", "point"),
        403,
        staff_only(200),
        method="post",
        api=True,
        body=lambda w, o: {"done_on": "2024-09-01"},
    ),
    Row(
        "point reopen",
        _api("/points/{}/reopen", "point_done"),
        403,
        staff_only(200),
        method="post",
        api=True,
    ),
    Row(
        "file a handling report",
        _api("/{}/handling-reports", "sent"),
        403,
        {**_created(403), "unit_staff": 201},
        method="post",
        api=True,
        body=lambda w, o: {"text": "研究处理情况", "filed_on": "2024-09-20"},
    ),
    Row(
        "comment",
        _api("/handling-reports/{}/comment", "report"),
        403,
        staff_only(200),
        method="post",
        api=True,
        body=lambda w, o: {"comment": "基本落实", "commented_on": "2024-10-01"},
    ),
    Row(
        "review",
        _api("/handling-reports/{}/review", "report"),
        403,
        staff_only(200),
        method="post",
        api=True,
        body=lambda w, o: {"mode": "HEARD", "reviewed_on": "2024-10-25"},
    ),
    Row(
        "tests of an item",
        lambda w, o: f"{API}/tests?item={o['item'].pk}",
        403,
        READ_CITY,
        api=True,
    ),
    Row(
        "record a test",
        _api("/tests"),
        403,
        _created(201),
        method="post",
        api=True,
        body=lambda w, o: {
            "item": o["item"].pk,
            "unit": w.unit_city.pk,
            "held_on": "2024-06-25",
            "members_total": 40,
            "present": 35,
            "satisfied": 30,
            "basically_satisfied": 3,
            "unsatisfied": 2,
        },
    ),
    Row("board of units", _api("/boards/units"), 403, BOARDS, api=True),
    Row("board of an item", _api("/boards/items/{}", "item"), 403, READ_CITY, api=True),
    Row(
        "follow-up item",
        _api("/follow-up-items"),
        403,
        _created(201),
        method="post",
        api=True,
        body=lambda w, o: {
            "item": o["item"].pk,
            "year": 2025,
            "kind": "FIELD_INSPECTION",
            "title": "跟踪视察",
        },
    ),
]

COVERED_API = {
    API,
    f"{API}/{{opinion_id}}",
    f"{API}/{{opinion_id}}/approve",
    f"{API}/{{opinion_id}}/send",
    f"{API}/{{opinion_id}}/extend",
    f"{API}/{{opinion_id}}/conclude",
    f"{API}/{{opinion_id}}/points",
    f"{API}/{{opinion_id}}/handling-reports",
    f"{API}/{{opinion_id}}/handling-reports/upload",
    f"{API}/points/{{point_id}}/progress",
    f"{API}/points/{{point_id}}/finish",
    f"{API}/points/{{point_id}}/reopen",
    f"{API}/handling-reports/{{report_id}}/comment",
    f"{API}/handling-reports/{{report_id}}/review",
    f"{API}/tests",
    f"{API}/boards/units",
    f"{API}/boards/items/{{item_id}}",
    f"{API}/follow-up-items",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, unit_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.supervision.services import followup as services
    from renda.supervision.tests.factories_followup import (
        draft_opinion,
        heard_item,
        sent_opinion,
    )

    item = heard_item(world, committee_staff)
    sent = sent_opinion(world, committee_staff, item)
    point = services.point_add(
        opinion=sent,
        text="压减审批时限",
        unit_id=world.unit_city.pk,
        due_on=dt.date(2024, 9, 30),
        actor=committee_staff,
    )
    point_done = services.point_add(
        opinion=sent,
        text="建设政务服务平台",
        unit_id=world.unit_city.pk,
        due_on=dt.date(2024, 9, 30),
        actor=committee_staff,
    )
    progress = services.point_progress_report(
        point=point,
        text="已完成一半",
        reported_on=dt.date(2024, 8, 1),
        evidence=SimpleUploadedFile(
            "佐证.pdf", b"%PDF-1.4 evidence", "application/pdf"
        ),
        actor=unit_staff,
    )
    services.point_finish(
        point=point_done, done_on=dt.date(2024, 9, 1), actor=committee_staff
    )
    draft = draft_opinion(world, committee_staff)
    approved = draft_opinion(world, committee_staff)
    chairs = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 6, 30), actor=committee_staff
    )
    services.opinion_approve(
        opinion=approved, chairpersons_meeting=chairs, actor=committee_staff
    )
    reported = sent_opinion(world, committee_staff)
    services.handling_report_file(
        opinion=reported,
        text="研究处理情况",
        file=SimpleUploadedFile("报告.pdf", b"%PDF-1.4", "application/pdf"),
        filed_on=dt.date(2024, 9, 20),
        actor=unit_staff,
    )
    reported.refresh_from_db()
    return {
        "item": item,
        "sent": sent,
        "point": point,
        "point_done": point_done,
        "progress": progress,
        "draft": draft,
        "approved": approved,
        "chairs": chairs,
        "reported": reported,
        "report": reported.handling_reports.get(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_followup_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    assert_page_access(client, row, role, row.url(world, objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_followup_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.supervision import urls_followup

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    names = {f"supervision:{p.name}" for p in urls_followup.urlpatterns}
    assert pages == COVERED_PAGES == names
    documented = {
        path for path in api.get_openapi_schema()["paths"] if path.startswith(API)
    }
    assert documented == COVERED_API
    called = {r.url(world, objects).split("?")[0] for r in API_ROWS}
    assert (
        len(called) == len({r.name for r in API_ROWS}) - 2
    )  # GET/POST share two paths


@pytest.mark.parametrize("role", ["committee_staff", "leader", "unit_staff", "deputy"])
def test_page_and_api_agree(role, request, client, world, objects):
    """The list page and the API list the same opinions in the same order; the
    detail page offers the forms of the actions the API names."""
    client = login_as(role, request, client)
    page = client.get(reverse("supervision:opinions"))
    api = client.get(API)
    assert page.status_code == api.status_code == 200
    page_ids = [o.pk for o in page.context["page"].object_list]
    assert page_ids == [row["id"] for row in api.json()["results"]]
    for opinion in page.context["page"].object_list:
        detail = client.get(reverse("supervision:opinion_detail", args=[opinion.pk]))
        api_detail = client.get(f"{API}/{opinion.pk}").json()
        offered = [verb for verb, _label, _form in detail.context["action_forms"]]
        assert offered == api_detail["actions"]
        for verb in offered:
            assert f'data-action="{verb}"' in detail.content.decode()
