"""/api/v1/supervision/items: list, detail, writes, errors."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from renda.supervision.choices import WorkReportStep
from renda.supervision.models import SupervisionItem

from .conftest import seat_members
from .factories_items import research, work_report

pytestmark = pytest.mark.django_db
API = "/api/v1/supervision/items"


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_create_update_and_the_detail(client, world, committee_staff):
    client.force_login(committee_staff)
    response = _post(
        client,
        "",
        {
            "congress": world.city_congress.pk,
            "year": 2020,
            "kind": "WORK_REPORT",
            "title": "关于疫情防控工作的报告",
            "target_units": [world.unit_city.pk],
            "meeting_date": "2020-06-24",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(
        f"{API}/{pk}", {"written_review": True}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["written_review"] is True
    assert "edit" in body["actions"]
    assert [s["due"] for s in body["clock"]] == [
        "2020-05-25",
        "2020-06-04",
        "2020-06-12",
        "2020-06-17",
    ]
    assert [e["kind"] for e in body["timeline"]] == ["ITEM_CREATED", "ITEM_UPDATED"]


def test_bad_input_never_500(client, world, committee_staff):
    client.force_login(committee_staff)
    response = _post(
        client,
        "",
        {"congress": world.city_congress.pk, "year": 2020, "kind": "X", "title": "t"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "kind"
    response = _post(
        client, "", {"congress": 999999, "year": 2020, "kind": "RESEARCH", "title": "t"}
    )
    assert response.status_code == 422
    response = _post(client, "", {"congress": world.city_congress.pk, "unknown": 1})
    assert response.status_code == 422
    assert client.get(f"{API}/abc").status_code in (404, 422)
    assert client.get(API, {"year": "abc"}).status_code == 422


def test_writes_people_documents_milestones(client, world, committee_staff):
    members = seat_members(world.city_congress, 2)
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    response = _post(
        client,
        f"/{item.pk}/participants",
        {
            "members": [members[0].pk],
            "deputies": [world.deputy_longshan.pk],
            "people": [{"role": "STAFF", "name": "张干事", "title": "研究室"}],
        },
    )
    assert response.status_code == 201, response.content
    rows = response.json()
    assert {r["name"] for r in rows} == {members[0].deputy.name, "张贵", "张干事"}
    assert all("phone" not in r for r in rows)
    deputy_row = next(r for r in rows if r["role"] == "DEPUTY")
    response = _post(
        client,
        f"/{item.pk}/participants/{deputy_row['id']}/attendance",
        {"attendance": "ABSENT"},
    )
    assert response.status_code == 200
    response = _post(
        client,
        f"/{item.pk}/participants",
        {"deputies": [world.deputy_longshan.pk]},
    )
    assert response.status_code == 409
    response = client.post(f"{API}/{item.pk}/participants/{deputy_row['id']}/remove")
    assert response.status_code == 200
    assert len(response.json()) == 2

    response = _post(
        client,
        f"/{item.pk}/working-groups",
        {"name": "第一组", "leader": members[1].pk, "regions": [world.xian.pk]},
    )
    assert response.status_code == 201
    assert response.json()["leader_name"] == members[1].deputy.name
    response = _post(
        client,
        f"/{item.pk}/site-visits",
        {
            "date": "2020-06-01",
            "place": "西安区",
            "working_group": response.json()["id"],
        },
    )
    assert response.status_code == 201

    for n in (1, 2):
        response = _post(
            client,
            f"/{item.pk}/documents",
            {"kind": "REPORT_DRAFT", "title": "报告稿", "text": f"第{n}稿"},
        )
        assert response.status_code == 201
        assert response.json()["version"] == n
    first = item.documents.get(version=1)
    response = client.post(f"{API}/{item.pk}/documents/{first.pk}/remove")
    assert response.status_code == 409

    response = _post(
        client,
        f"/{item.pk}/milestones",
        {"step": "OPINIONS_SENT", "done_on": "2020-05-20"},
    )
    assert response.status_code == 200
    assert response.json()[0]["state"] == "done"


def test_close_refused_with_blockers(client, world, committee_staff):
    item = research(world, committee_staff)
    client.force_login(committee_staff)
    assert _post(client, f"/{item.pk}/close").status_code == 409  # planned
    assert (
        _post(client, f"/{item.pk}/complete", {"done_on": "2020-06-24"}).status_code
        == 200
    )
    response = _post(client, f"/{item.pk}/close")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "supervision.close_blocked"
    assert body["blockers"] == ["监督事项尚未公开"]
    assert "监督事项尚未公开" in body["message"]
    detail = client.get(f"{API}/{item.pk}").json()
    assert detail["close_blockers"] == ["监督事项尚未公开"]
    assert "close" not in detail["actions"]


def test_out_of_scope_is_404_and_readers_may_not_write(
    client, world, committee_staff, district_staff, committee_member
):
    item = research(world, committee_staff)
    client.force_login(district_staff)
    assert client.get(f"{API}/{item.pk}").status_code == 404
    assert _post(client, f"/{item.pk}/start").status_code == 404
    client.force_login(committee_member)
    assert client.get(f"{API}/{item.pk}").status_code == 200
    assert _post(client, f"/{item.pk}/start").status_code == 403
    assert SupervisionItem.objects.get().status == "PLANNED"


@override_settings(
    RENDA_SUPERVISION_RULES={"220400": {"opinions_sent_days_before": 35}}
)
def test_the_rules_setting_changes_the_api(client, world, committee_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    steps = client.get(f"{API}/{item.pk}/milestones").json()
    due = {s["step"]: s["due"] for s in steps}
    # 35 days before 24 June 2020 is Wednesday 20 May.
    assert due[WorkReportStep.OPINIONS_SENT] == dt.date(2020, 5, 20).isoformat()


def test_themes(client, world, committee_staff):
    client.force_login(committee_staff)
    body = {"congress": world.city_congress.pk, "name": "民生"}
    assert _post(client, "/themes", body).status_code == 201
    assert _post(client, "/themes", body).status_code == 409
    response = client.get(f"{API}/themes", {"congress": world.city_congress.pk})
    assert [t["name"] for t in response.json()] == ["民生"]


def test_upload_a_document_as_multipart(client, world, committee_staff, unit_staff):
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    url = f"{API}/{item.pk}/documents/upload"
    response = client.post(
        url,
        {
            "kind": "REPORT_DRAFT",
            "title": "报告稿",
            "file": SimpleUploadedFile("稿.pdf", b"%PDF-1.4 draft"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["file_name"], body["has_file"]) == (1, "稿.pdf", True)
    response = client.post(url, {"kind": "REPORT_DRAFT", "title": "报告稿"})
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    client.force_login(unit_staff)
    response = client.post(
        url,
        {
            "kind": "OTHER",
            "title": "x",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"),
        },
    )
    assert response.status_code == 403


def test_the_list_endpoint_costs_a_flat_number_of_queries(
    client, world, committee_staff, django_assert_max_num_queries
):
    for n in range(8):
        research(
            world,
            committee_staff,
            title=f"调研{n}",
            target_unit_ids=[world.unit_city.pk],
        )
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        response = client.get(API)
    assert response.json()["count"] == 8


def test_an_items_material_must_be_a_document_of_the_kind_its_name_says(
    client, world, committee_staff
):
    # Materials may be published: only PDF, pictures and Office files, checked
    # by their first bytes, as for suggestions' attachments (docs/security.md).
    item = work_report(world, committee_staff)
    client.force_login(committee_staff)
    url = f"{API}/{item.pk}/documents/upload"

    for name, content in (
        ("稿.txt", b"draft"),
        ("setup.exe", b"MZ\x90\x00"),
        ("报告.pdf", b"MZ\x90\x00"),
    ):
        response = client.post(
            url,
            {
                "kind": "REPORT_DRAFT",
                "title": "报告稿",
                "file": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 400, name
        body = response.json()
        assert body["field"] == "file"
        assert f"“{name}”" in body["message"]
    assert not item.documents.exists()

    long_name = "关于" * 120 + ".pdf"
    response = client.post(
        url,
        {
            "kind": "REPORT_DRAFT",
            "title": "报告稿",
            "file": SimpleUploadedFile(long_name, b"%PDF-1.4 x"),
        },
    )
    assert response.status_code == 201, response.content
    name = response.json()["file_name"]
    assert len(name) == 200
    assert name.endswith(".pdf")
