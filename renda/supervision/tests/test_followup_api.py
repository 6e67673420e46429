import datetime as dt

import pytest

from renda.meetings.tests.factories_decisions import chairpersons_meeting_on
from renda.supervision.choices import OpinionStatus
from renda.supervision.models import ReviewOpinion

from .factories_followup import heard_item

pytestmark = pytest.mark.django_db

API = "/api/v1/supervision/opinions"


def _post(client, path, body):
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_the_whole_follow_up_through_the_api(
    client, world, committee_staff, unit_staff
):
    item = heard_item(world, committee_staff)
    client.force_login(committee_staff)
    response = _post(
        client,
        "",
        {
            "item": item.pk,
            "unit": world.unit_city.pk,
            "text": "审议意见",
            "compiled_on": "2024-06-28",
        },
    )
    assert response.status_code == 201
    opinion_id = response.json()["id"]
    assert response.json()["actions"] == ["edit", "approve", "add_point"]
    held = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 6, 30), actor=committee_staff
    )
    approved = _post(
        client, f"/{opinion_id}/approve", {"chairpersons_meeting_id": held.pk}
    )
    assert approved.status_code == 200
    assert approved.json()["approved_on"] == "2024-06-30"
    assert approved.json()["chairpersons_meeting_id"] == held.pk
    assert approved.json()["chairpersons_decision_id"]
    sent = _post(client, f"/{opinion_id}/send", {"sent_on": "2024-07-01"}).json()
    assert sent["report_due"] == "2024-10-08"
    assert sent["report_due_provisional"] is False
    extension_meeting = chairpersons_meeting_on(
        world.city_congress, dt.date(2024, 9, 1), actor=committee_staff
    )
    extend = {
        "months": 1,
        "reason": "涉及多部门",
        "chairpersons_meeting_id": extension_meeting.pk,
    }
    assert (
        _post(client, f"/{opinion_id}/extend", extend).json()["report_due"]
        == "2024-11-08"
    )
    second = _post(client, f"/{opinion_id}/extend", extend)
    assert second.status_code == 409
    assert "延期" in second.json()["message"]

    client.force_login(unit_staff)
    filed = _post(
        client,
        f"/{opinion_id}/handling-reports",
        {"text": "研究处理情况", "filed_on": "2024-10-20"},
    )
    assert filed.status_code == 201
    assert filed.json()["late"] is False

    client.force_login(committee_staff)
    figures = {
        "item": item.pk,
        "opinion": opinion_id,
        "held_on": "2024-10-25",
        "members_total": 76,
        "present": 50,
        "satisfied": 30,
        "basically_satisfied": 5,
        "unsatisfied": 15,
    }
    bad = _post(client, "/tests", {**figures, "present": 80})
    assert bad.status_code == 400
    assert bad.json()["field"] == "present"
    test = _post(client, "/tests", figures)
    assert test.status_code == 201
    assert test.json()["result"] == "UNSATISFIED"
    assert test.json()["action"] == "REPORT_AGAIN"
    detail = client.get(f"{API}/{opinion_id}").json()
    assert detail["status"] == OpinionStatus.SENT
    assert detail["round"] == 2
    assert detail["report_due"] == "2024-12-25"
    assert "extend" in detail["actions"]  # one extension per round
    listed = client.get(f"{API}/tests", {"item": item.pk}).json()
    assert [t["id"] for t in listed] == [test.json()["id"]]


def test_bad_input_never_a_500(client, world, committee_staff):
    item = heard_item(world, committee_staff)
    client.force_login(committee_staff)
    body = {
        "item": item.pk,
        "unit": world.unit_city.pk,
        "text": "x",
        "compiled_on": "2024-06-28",
    }
    assert _post(client, "", {**body, "surprise": 1}).status_code == 422
    assert _post(client, "", {**body, "compiled_on": "28/06/2024"}).status_code == 422
    assert _post(client, "", {**body, "unit": 999999}).json()["field"] == "unit"
    assert client.get(f"{API}/99999999999999999999").status_code == 422
    assert client.get(f"{API}/999").status_code == 404
    assert client.get(API, {"year": "abc"}).status_code == 422
    assert not ReviewOpinion.objects.exists()


def test_unit_list_shows_only_opinions_sent_to_it(
    client, world, committee_staff, unit_staff
):
    from renda.supervision.services import followup as services

    from .factories_followup import draft_opinion, sent_opinion

    item = heard_item(world, committee_staff)
    mine = sent_opinion(world, committee_staff, item)
    draft_opinion(world, committee_staff, item, unit=world.unit_xian)
    services.point_add(
        opinion=mine,
        text="整改",
        unit_id=world.unit_city.pk,
        due_on=dt.date(2024, 9, 1),
        actor=committee_staff,
    )
    client.force_login(unit_staff)
    assert [r["id"] for r in client.get(API).json()["results"]] == [mine.pk]
    client.force_login(committee_staff)
    assert client.get(API).json()["count"] == 2


def test_the_unit_uploads_its_report_file(client, world, committee_staff, unit_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories_followup import sent_opinion

    opinion = sent_opinion(world, committee_staff)
    client.force_login(committee_staff)
    path = f"{API}/{opinion.pk}/handling-reports/upload"
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4", "application/pdf")
    assert client.post(path, {"file": upload}).status_code == 403
    client.force_login(unit_staff)
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(path, {"file": upload, "filed_on": "2024-10-09"})
    assert response.status_code == 201
    assert response.json()["file_name"] == "报告.pdf"
    assert response.json()["late"] is True
