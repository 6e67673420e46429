"""培训与人大讲坛 against every role: pages and endpoints.

The trainings belong to the city congress (辽源市): its staff (and the
administrator) manage them; its leader reads them (a write is 403); district
staff (西安区) manage another congress (404 for these ids); the deputy (丁照民,
enrolled in the course) sees the trainings open to them and checks only
themself in; a training chosen for others is 404 to them; the other roles have
no training pages (403); anonymous users log in (pages) or get 401 (API).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.duty.choices import CheckInMethod, TrainingKind, TrainingTarget
from renda.duty.services import training as services
from tests.matrix import (
    ROLES,
    Row,
    assert_api_access,
    assert_page_access,
    login_as,
    module_data,
)

module_data(globals())

API = "/api/v1/duty/training"

USERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 200,
    "leader": 200,
    "deputy": 200,
}
READERS = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 200,
    "deputy": 200,
}
STAFF_ONLY = {**READERS, "deputy": 403}
MANAGE = {
    "system_admin": 200,
    "committee_staff": 200,
    "district_staff": 404,
    "leader": 403,
    "deputy": 403,
}
MANAGE_POST = {**MANAGE, "system_admin": 302, "committee_staff": 302}
CREATE_PAGE = {"system_admin": 200, "committee_staff": 200, "district_staff": 200}
DEPUTY_ONLY = {"deputy": 200}
API_CREATE = {**MANAGE, "system_admin": 201, "committee_staff": 201}
API_STATS = {**STAFF_ONLY}

COVERED_PAGES = {
    "duty:trainings",
    "duty:training_new",
    "duty:training_stats",
    "duty:training_stats_xlsx",
    "duty:training_detail",
    "duty:training_edit",
    "duty:training_cancel",
    "duty:training_hold",
    "duty:training_enrol",
    "duty:training_attendance",
    "duty:training_door",
    "duty:training_checkin",
    "duty:training_material_add",
    "duty:training_material",
    "duty:training_certificate",
    "duty:my_training",
}
COVERED_API = {
    API,
    f"{API}/me",
    f"{API}/stats",
    f"{API}/{{training_id}}",
    f"{API}/{{training_id}}/cancel",
    f"{API}/{{training_id}}/hold",
    f"{API}/{{training_id}}/enrol",
    f"{API}/enrollments/{{enrollment_id}}/remove",
    f"{API}/{{training_id}}/checkin",
    f"{API}/{{training_id}}/checkin/qr",
    f"{API}/{{training_id}}/materials",
}


@pytest.fixture(scope="module")
def objects(world, committee_staff):
    staff = committee_staff
    today = timezone.localdate()
    course = services.training_create(
        congress=world.city_congress,
        kind=TrainingKind.COURSE,
        title="代表履职能力培训班",
        starts_on=today,
        ends_on=today + dt.timedelta(days=1),
        hours=12,
        target=TrainingTarget.ALL_DEPUTIES,
        place="市委党校",
        actor=staff,
    )
    rows = services.enrollment_by_target(training=course, actor=staff)
    mine = next(r for r in rows if r.deputy_id == world.deputy_city_a.pk)
    other = next(r for r in rows if r.deputy_id == world.deputy_city_b.pk)
    for row in (mine, other):
        services.enrollment_check_in(
            training=course,
            deputy=row.deputy,
            method=CheckInMethod.STAFF,
            actor=staff,
        )
    chosen = services.training_create(
        congress=world.city_congress,
        kind=TrainingKind.STUDY_TRIP,
        title="赴深圳学习考察",
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
        hours=24,
        target=TrainingTarget.CHOSEN,
        place="深圳市人大常委会",
        actor=staff,
    )
    services.enrollment_add(
        training=chosen, deputies=[world.deputy_city_b], actor=staff
    )
    removable = chosen.enrollments.get()
    material = services.material_add(
        training=course,
        upload=SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 matrix"),
        title="讲义",
        actor=staff,
    )
    return {
        "course": course,
        "chosen": chosen,
        "mine": mine,
        "other": other,
        "removable": removable,
        "material": material,
        "year": today.year,
    }


def _url(name, key=None, *extra):
    def build(world, objects):
        args = [objects[key].pk] if key else []
        return reverse(name, args=[*args, *(e(objects) for e in extra)])

    return build


def _token(objects):
    return objects["course"].checkin_token


def _stats(name):
    def build(world, objects):
        return (
            f"{reverse(name)}?congress={world.city_congress.pk}&year={objects['year']}"
        )

    return build


def _api(path, key=None):
    def build(world, objects):
        return API + (path.format(objects[key].pk) if key else path)

    return build


EDIT_BODY = {
    "kind": "COURSE",
    "title": "代表履职能力培训班（修改）",
    "starts_on": "",
    "ends_on": "",
    "hours": "12",
    "place": "市委党校",
    "target": "ALL_DEPUTIES",
}


def _edit_body(world, objects):
    course = objects["course"]
    return {
        **EDIT_BODY,
        "starts_on": course.starts_on.isoformat(),
        "ends_on": course.ends_on.isoformat(),
    }


PAGES = [
    Row("list", _url("duty:trainings"), 403, USERS),
    Row("new", _url("duty:training_new"), 403, CREATE_PAGE),
    Row("stats", _stats("duty:training_stats"), 403, STAFF_ONLY),
    Row("stats xlsx", _stats("duty:training_stats_xlsx"), 403, STAFF_ONLY),
    Row("detail", _url("duty:training_detail", "course"), 403, READERS),
    Row(
        "detail of a trip for others",
        _url("duty:training_detail", "chosen"),
        403,
        {**READERS, "deputy": 404},
    ),
    Row("edit", _url("duty:training_edit", "course"), 403, MANAGE),
    Row(
        "edit (post)",
        _url("duty:training_edit", "course"),
        403,
        MANAGE_POST,
        method="post",
        body=_edit_body,
    ),
    Row(
        "cancel",
        _url("duty:training_cancel", "course"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"reason": "调整"},
    ),
    Row("hold", _url("duty:training_hold", "course"), 403, MANAGE_POST, method="post"),
    Row("enrol", _url("duty:training_enrol", "course"), 403, MANAGE),
    Row(
        "enrol by target",
        _url("duty:training_enrol", "course"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"action": "target"},
    ),
    Row("attendance", _url("duty:training_attendance", "course"), 403, MANAGE),
    Row(
        "attendance (post)",
        _url("duty:training_attendance", "course"),
        403,
        MANAGE_POST,
        method="post",
        body=lambda w, o: {"deputies": [w.deputy_city_a.pk]},
    ),
    Row("door", _url("duty:training_door", "course"), 403, MANAGE),
    Row(
        "check-in page",
        _url("duty:training_checkin", "course", _token),
        403,
        DEPUTY_ONLY,
    ),
    Row(
        "check-in (post)",
        _url("duty:training_checkin", "course", _token),
        403,
        {"deputy": 302},
        method="post",
    ),
    Row(
        "check-in with a wrong token",
        _url("duty:training_checkin", "course", lambda o: "wrong-token"),
        403,
        {"deputy": 404},
    ),
    Row(
        "material upload",
        _url("duty:training_material_add", "course"),
        403,
        {**MANAGE, "system_admin": 400, "committee_staff": 400},
        method="post",
        body=lambda w, o: {"title": "无文件"},
    ),
    Row("material", _url("duty:training_material", "material"), 403, READERS),
    Row("certificate", _url("duty:training_certificate", "mine"), 403, READERS),
    Row(
        "another's certificate",
        _url("duty:training_certificate", "other"),
        403,
        {**READERS, "deputy": 404},
    ),
    Row("my training", _url("duty:my_training"), 403, DEPUTY_ONLY),
]

API_ROWS = [
    Row("list", _api(""), 403, USERS, api=True),
    Row(
        "create",
        _api(""),
        403,
        {**API_CREATE, "district_staff": 404},
        method="post",
        api=True,
        body=lambda w, o: {
            "congress": w.city_congress.pk,
            "kind": "LECTURE",
            "title": "人大讲坛：监督法",
            "speaker": "李明",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
            "hours": "3",
            "place": "市人大常委会会议室",
            "target": "CHOSEN",
        },
    ),
    Row("detail", _api("/{}", "course"), 403, READERS, api=True),
    Row(
        "detail of a trip for others",
        _api("/{}", "chosen"),
        403,
        {**READERS, "deputy": 404},
        api=True,
    ),
    Row(
        "edit",
        _api("/{}", "course"),
        403,
        MANAGE,
        method="patch",
        api=True,
        body=lambda w, o: {"place": "市人大常委会会议室"},
    ),
    Row(
        "cancel",
        _api("/{}/cancel", "course"),
        403,
        MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {"reason": "调整"},
    ),
    Row("hold", _api("/{}/hold", "course"), 403, MANAGE, method="post", api=True),
    Row(
        "enrol",
        _api("/{}/enrol", "course"),
        403,
        MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {"by_target": True},
    ),
    Row(
        "remove an enrolment",
        _api("/enrollments/{}/remove", "removable"),
        403,
        {**MANAGE, "deputy": 404},
        method="post",
        api=True,
    ),
    Row(
        "staff check-in",
        _api("/{}/checkin", "course"),
        403,
        MANAGE,
        method="post",
        api=True,
        body=lambda w, o: {"deputy": w.deputy_city_a.pk},
    ),
    Row(
        "QR check-in",
        _api("/{}/checkin/qr", "course"),
        403,
        DEPUTY_ONLY,
        method="post",
        api=True,
        body=lambda w, o: {"token": o["course"].checkin_token},
    ),
    Row(
        "QR check-in with a wrong token",
        _api("/{}/checkin/qr", "course"),
        403,
        {"deputy": 404},
        method="post",
        api=True,
        body=lambda w, o: {"token": "wrong"},
    ),
    Row("materials", _api("/{}/materials", "course"), 403, READERS, api=True),
    Row(
        "stats",
        lambda w, o: f"{API}/stats?congress={w.city_congress.pk}&year={o['year']}",
        403,
        API_STATS,
        api=True,
    ),
    Row("mine", _api("/me"), 403, DEPUTY_ONLY, api=True),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", PAGES, ids=lambda r: r.name)
def test_training_page_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    data = row.body(world, objects) if row.body else None
    assert_page_access(client, row, role, row.url(world, objects), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.name)
def test_training_api_access(row, role, request, client, world, objects):
    client = login_as(role, request, client)
    body = row.body(world, objects) if row.body else None
    assert_api_access(client, row, role, row.url(world, objects), body)


def test_material_upload_as_multipart(client, committee_staff, world, objects):
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/{objects['course'].pk}/materials",
        {"title": "课件", "file": SimpleUploadedFile("课件.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 201
    assert response.json()["title"] == "课件"


def test_the_covered_sets_match_the_rows(world, objects):
    from django.urls import resolve

    from config.api import api
    from renda.duty import urls_training

    pages = {resolve(r.url(world, objects).split("?")[0]).view_name for r in PAGES}
    assert pages == COVERED_PAGES
    assert {f"duty:{p.name}" for p in urls_training.urlpatterns} == COVERED_PAGES
    documented = {
        path
        for path in api.get_openapi_schema()["paths"]
        if path == API or path.startswith(API + "/")
    }
    assert documented == COVERED_API
