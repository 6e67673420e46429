"""Notices (通知公告) against every role: the staff's pages and endpoints, a
recipient's inbox, notice, answer and files.

The notices belong to the city congress (辽源市): its staff manage them;
district staff (西安区) manage another congress (404 for these ids); the other
roles have no notice management at all (403). Every logged-in user has an
inbox; a notice not addressed to the user does not exist for them (404). The
deputy (丁照民) is a recipient of the published notice, not of the one sent to
a 西安区 deputy only.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.notices import services
from renda.notices.choices import TargetKind
from renda.notices.targets import TargetChoice
from renda.notices.tests.factories import make_notice
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

API = "/api/v1/notices"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

EVERYONE = {role: 200 for role in ROLES if role != "anonymous"}
STAFF_PAGE = {"system_admin": 200, "committee_staff": 200, "district_staff": 404}
STAFF_LIST = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
STAFF_POST = {"system_admin": 302, "committee_staff": 302, "district_staff": 404}
RECIPIENT_PAGE = {
    "deputy": 200,
    # Staff who open the link of a notice they manage see its staff page.
    "system_admin": 302,
    "committee_staff": 302,
}
STAFF_API = {"system_admin": 200, "committee_staff": 200, "district_staff": 404}
NOT_RECIPIENT = {"deputy": 404}

COVERED_PAGES = {
    "notices:inbox",
    "notices:read",
    "notices:answer",
    "notices:attachment",
    "notices:manage_list",
    "notices:create",
    "notices:manage_detail",
    "notices:edit",
    "notices:publish",
    "notices:withdraw",
    "notices:remind",
    "notices:attachment_remove",
}
COVERED_API = {
    API,
    f"{API}/inbox",
    f"{API}/inbox/{{notice_id}}",
    f"{API}/inbox/{{notice_id}}/read",
    f"{API}/inbox/{{notice_id}}/answer",
    f"{API}/{{notice_id}}",
    f"{API}/{{notice_id}}/publish",
    f"{API}/{{notice_id}}/withdraw",
    f"{API}/{{notice_id}}/remind",
    f"{API}/{{notice_id}}/receipts",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff, deputy):
    staff = committee_staff
    published = make_notice(
        world,
        staff,
        uploads=[SimpleUploadedFile("通知.pdf", PDF)],
        publish=True,
    )
    draft = make_notice(
        world,
        staff,
        title="草稿",
        uploads=[SimpleUploadedFile("草稿附件.pdf", PDF)],
    )
    elsewhere = make_notice(
        world,
        staff,
        title="只发给西安区代表",
        targets=[TargetChoice(TargetKind.DEPUTY, world.deputy_xian)],
        publish=True,
    )
    assert deputy.pk in published.receipts.values_list("user", flat=True)
    return {
        "published": published,
        "draft": draft,
        "elsewhere": elsewhere,
        "file": published.attachments.get(),
        "draft_file": draft.attachments.get(),
        "elsewhere_file": services.notice_create(
            congress=world.city_congress,
            title="他人附件",
            body="正文",
            targets=[TargetChoice(TargetKind.DEPUTY, world.deputy_xian)],
            uploads=[SimpleUploadedFile("他人.pdf", PDF)],
            actor=staff,
        ),
    }


def _url(name, key=None):
    def build(world, objects):
        return reverse(name, args=[objects[key].pk] if key else [])

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


PAGES = [
    Row("inbox", _url("notices:inbox"), 200, EVERYONE),
    Row("a received notice", _url("notices:read", "published"), 404, RECIPIENT_PAGE),
    Row(
        "a notice sent to someone else",
        _url("notices:read", "elsewhere"),
        404,
        {"system_admin": 302, "committee_staff": 302},
    ),
    Row(
        "answer",
        _url("notices:answer", "published"),
        404,
        {"deputy": 302},
        method="post",
        body=lambda w, o: {"answer": "收到"},
    ),
    Row(
        "a file of a received notice",
        _url("notices:attachment", "file"),
        404,
        {"deputy": 200, "system_admin": 200, "committee_staff": 200},
    ),
    Row(
        "a file of a draft",
        _url("notices:attachment", "draft_file"),
        404,
        {"system_admin": 200, "committee_staff": 200},
    ),
    Row("staff list", _url("notices:manage_list"), 403, STAFF_LIST),
    Row("new notice", _url("notices:create"), 403, STAFF_LIST),
    Row("staff detail", _url("notices:manage_detail", "published"), 403, STAFF_PAGE),
    Row("edit a draft", _url("notices:edit", "draft"), 403, STAFF_PAGE),
    Row(
        "publish a draft",
        _url("notices:publish", "draft"),
        403,
        STAFF_POST,
        method="post",
    ),
    Row(
        "withdraw",
        _url("notices:withdraw", "published"),
        403,
        STAFF_POST,
        method="post",
        body=lambda w, o: {"reason": "内容有误"},
    ),
    Row(
        "remind",
        _url("notices:remind", "published"),
        403,
        STAFF_POST,
        method="post",
    ),
    Row(
        "remove a draft's file",
        _url("notices:attachment_remove", "draft_file"),
        403,
        STAFF_POST,
        method="post",
    ),
]

API_ROWS = [
    Row("inbox", _api("/inbox"), 200, EVERYONE, api=True),
    Row(
        "a received notice",
        _api("/inbox/{}", "published"),
        404,
        {"deputy": 200},
        api=True,
    ),
    Row(
        "a notice sent to someone else",
        _api("/inbox/{}", "elsewhere"),
        404,
        NOT_RECIPIENT,
        api=True,
    ),
    Row(
        "read",
        _api("/inbox/{}/read", "published"),
        404,
        {"deputy": 200},
        method="post",
        api=True,
    ),
    Row(
        "answer",
        _api("/inbox/{}/answer", "published"),
        404,
        {"deputy": 200},
        method="post",
        api=True,
        body=lambda w, o: {"answer": "收到"},
    ),
    Row("staff list", _api(""), 403, STAFF_LIST, api=True),
    Row(
        "create",
        _api(""),
        403,
        {"system_admin": 201, "committee_staff": 201, "district_staff": 422},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "title": "新通知",
            "body": "正文",
            "targets": [{"kind": "CONGRESS", "id": w.city_congress.pk}],
        },
    ),
    Row("staff detail", _api("/{}", "published"), 403, STAFF_API, api=True),
    Row(
        "edit a draft",
        _api("/{}", "draft"),
        403,
        STAFF_API,
        method="patch",
        api=True,
        body=lambda w, o: {"title": "改过的标题"},
    ),
    Row(
        "publish",
        _api("/{}/publish", "draft"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
    Row(
        "withdraw",
        _api("/{}/withdraw", "published"),
        403,
        STAFF_API,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "内容有误"},
    ),
    Row(
        "remind",
        _api("/{}/remind", "published"),
        403,
        STAFF_API,
        method="post",
        api=True,
    ),
    Row("receipts", _api("/{}/receipts", "published"), 403, STAFF_API, api=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_notice_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_notice_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.notices import urls

    pages = {resolve(r.url(world, objects)).view_name for r in PAGES}
    names = {f"notices:{p.name}" for p in urls.urlpatterns}
    assert pages == COVERED_PAGES == names
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_list_the_same_inbox(role, request, client, world, objects):
    client = login_as(role, request, client)
    for query in ("", "?unread=1", "?unread_first=1"):
        page = client.get(reverse("notices:inbox") + query)
        api = client.get(f"{API}/inbox" + query)
        if role == "anonymous":
            assert (page.status_code, api.status_code) == (302, 401)
            continue
        assert [r.notice_id for r in page.context["page"]] == [
            row["id"] for row in api.json()["results"]
        ]
    if role == "deputy":
        assert api.json()["count"] == 2 - 1  # the published notice, not "elsewhere"


@pytest.mark.parametrize("role", ["system_admin", "committee_staff", "district_staff"])
def test_page_and_api_list_the_same_notices(role, request, client, world, objects):
    client = login_as(role, request, client)
    page = client.get(reverse("notices:manage_list"))
    api = client.get(API).json()
    assert [n.pk for n in page.context["page"]] == [row["id"] for row in api["results"]]


def test_page_and_api_give_the_same_actions(client, committee_staff, objects):
    client.force_login(committee_staff)
    for key in ("published", "draft"):
        notice = objects[key]
        page = client.get(reverse("notices:manage_detail", args=[notice.pk]))
        api = client.get(f"{API}/{notice.pk}").json()
        assert page.context["detail"].actions == api["actions"], key
