"""/api/v1/meetings: the same reads and writes as the pages, errors as JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renda.meetings import services
from renda.meetings.choices import AgendaKind, MeetingKind, MeetingStatus
from renda.meetings.models import MeetingPaper, PaperReceipt

from .factories import add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def committee(world):
    return standing_committee_of(world)


@pytest.fixture
def members(committee):
    return add_members(committee, 5)


@pytest.fixture
def meetings(committee, members, committee_staff):
    made = [
        meeting(committee, actor=committee_staff, date=dt.date(2025, 3, 1)),
        meeting(committee, actor=committee_staff, date=dt.date(2026, 6, 1)),
        meeting(
            committee,
            actor=committee_staff,
            date=dt.date(2026, 2, 1),
            kind=MeetingKind.CHAIRPERSONS,
        ),
        meeting(
            committee,
            actor=committee_staff,
            date=timezone.localdate() + dt.timedelta(days=9),
        ),
    ]
    services.agenda_item_add(
        meeting=made[3],
        kind=AgendaKind.WORK_REPORT,
        title="关于某工作情况的报告",
        actor=committee_staff,
    )
    return made


@pytest.mark.parametrize(
    "query",
    ["", "?year=2026", "?kind=CHAIRPERSONS", "?upcoming=1", "?status=PLANNED"],
)
@pytest.mark.parametrize("role", ["committee_staff", "leader", "committee_member"])
def test_the_page_and_the_api_list_the_same_meetings(
    client, request, meetings, role, query
):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("meetings:list") + query)
    api = client.get(API + query)
    assert page.status_code == api.status_code == 200
    assert [m.pk for m in page.context["page"]] == [
        row["id"] for row in api.json()["results"]
    ]


def test_the_page_and_the_api_give_the_same_detail_and_actions(
    client, committee_staff, meetings
):
    client.force_login(committee_staff)
    target = meetings[3]
    page = client.get(reverse("meetings:detail", args=[target.pk]))
    api = client.get(f"{API}/{target.pk}").json()
    assert page.context["detail"].actions == api["actions"]
    assert [r.status_label for r in page.context["detail"].attendance] == [
        row["status_label"] for row in api["attendance"]
    ]
    assert api["quorum"] == {
        "present": 0,
        "members": 5,
        "needed": 3,
        "met": False,
        "text": "出席 0 人 / 组成人员 5 人，需 3 人",
    }


def test_create_update_and_agenda_through_the_api(client, world, committee_staff):
    standing_committee_of(world)
    client.force_login(committee_staff)
    created = client.post(
        API,
        {
            "congress": world.city_congress.pk,
            "date": str(timezone.localdate() + dt.timedelta(days=30)),
            "place": "会议室",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    changed = client.patch(
        f"{API}/{meeting_id}", {"place": "第二会议室"}, content_type="application/json"
    )
    assert changed.json()["place"] == "第二会议室"
    added = client.post(
        f"{API}/{meeting_id}/agenda",
        {"kind": "RESOLUTION", "title": "关于某事项的决定"},
        content_type="application/json",
    )
    assert added.status_code == 201
    item_id = added.json()["agenda"][0]["id"]
    refused = client.patch(
        f"{API}/agenda/{item_id}", {"title": " "}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "title"
    removed = client.post(f"{API}/agenda/{item_id}/remove")
    assert removed.json()["agenda"] == []


def test_opening_without_quorum_is_409_and_changes_nothing(
    client, committee_staff, meetings, members
):
    target = meetings[3]
    sign_in(target, members[:2], actor=committee_staff)
    client.force_login(committee_staff)
    response = client.post(f"{API}/{target.pk}/open")
    assert response.status_code == 409
    assert response.json()["code"] == "meetings.no_quorum"
    target.refresh_from_db()
    assert target.status == MeetingStatus.PLANNED
    recorded = client.post(
        f"{API}/{target.pk}/attendance",
        {"member": members[2].pk, "status": "PRESENT"},
        content_type="application/json",
    )
    assert recorded.json()["quorum"]["met"] is True
    assert client.post(f"{API}/{target.pk}/open").json()["status"] == "OPEN"


def test_leave_without_a_reason_is_400_naming_the_field(
    client, committee_staff, meetings, members
):
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/{meetings[3].pk}/attendance",
        {"member": members[0].pk, "status": "LEAVE"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"


def test_papers_upload_send_and_receipts(client, committee_staff, meetings, members):
    target = meetings[3]
    item = target.agenda_items.get()
    client.force_login(committee_staff)
    uploaded = client.post(
        f"{API}/{target.pk}/papers",
        {"item": item.pk, "file": SimpleUploadedFile("报告.pdf", PDF)},
    )
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["due_on"] == str(target.date - dt.timedelta(days=7))
    bad = client.post(
        f"{API}/{target.pk}/papers",
        {"item": item.pk, "file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert bad.status_code == 400
    assert MeetingPaper.objects.count() == 1
    sent = client.post(f"{API}/{target.pk}/papers/send")
    assert sent.json()["members"] == 5
    assert client.post(f"{API}/{target.pk}/papers/send").status_code == 409
    paper = MeetingPaper.objects.get()
    client.force_login(members[0].user)
    listed = client.get(f"{API}/{target.pk}/papers").json()
    assert listed[0]["unread"] is True
    client.get(listed[0]["url"])
    assert PaperReceipt.objects.get(paper=paper, member=members[0]).read_at
    client.force_login(committee_staff)
    receipts = client.get(f"{API}/papers/{paper.pk}/receipts").json()
    assert sum(1 for r in receipts if r["read_at"]) == 1


def test_a_member_signs_in_through_the_api(client, committee, members, committee_staff):
    today = meeting(committee, actor=committee_staff, date=timezone.localdate())
    client.force_login(members[0].user)
    response = client.post(f"{API}/{today.pk}/sign-in")
    assert response.status_code == 200
    assert response.json()["quorum"]["present"] == 1
    outsider = add_members(
        committee, 1, prefix="late", took_office_on=dt.date(2099, 1, 1)
    )
    client.force_login(outsider[0].user)
    assert client.post(f"{API}/{today.pk}/sign-in").status_code == 403


def test_query_counts_of_the_api(
    client, committee_staff, meetings, members, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    with django_assert_max_num_queries(12):
        assert client.get(API).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"{API}/{meetings[3].pk}").status_code == 200
