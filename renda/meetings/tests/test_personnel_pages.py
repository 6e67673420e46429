"""The personnel and 票决评议 pages and API, end to end as staff use them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.meetings import services
from renda.meetings.choices import (
    EvaluationStatus,
    Grade,
    PersonnelKind,
    PersonnelStatus,
    VoteStatus,
)
from renda.meetings.models import Appointment, Oath, Vote, VoteEvaluation
from renda.meetings.services import personnel as personnel_services

from .factories import add_members, meeting, sign_in, standing_committee_of

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings/personnel"


@pytest.fixture
def session(world, committee_staff):
    committee = standing_committee_of(world)
    members = add_members(committee, 3)
    held = meeting(committee, actor=committee_staff)
    sign_in(held, members, actor=committee_staff)
    services.meeting_open(meeting=held, actor=committee_staff)
    return held


def test_staff_run_appointments_on_the_page(client, committee_staff, session):
    client.force_login(committee_staff)
    url = reverse("meetings:personnel", args=[session.pk])
    for kind, name in (
        (PersonnelKind.REMOVAL, "钱七"),
        (PersonnelKind.APPOINTMENT, "孙八"),
    ):
        response = client.post(
            url,
            {
                "action": "propose",
                "kind": kind,
                "person_name": name,
                "post": "市教育局局长",
            },
        )
        assert response.status_code == 302
    removal, appointment = Appointment.objects.order_by("position")
    # The appointment before the removal: refused, with the reason, nothing written.
    response = client.post(
        url,
        {"action": "put_to_vote", "appointments": [appointment.pk], "mode": "TALLY"},
    )
    assert response.status_code == 409
    assert "请先表决“免去钱七的市教育局局长职务”" in response.content.decode()
    assert Vote.objects.count() == 0
    response = client.post(
        url, {"action": "put_to_vote", "appointments": [removal.pk], "mode": "TALLY"}
    )
    assert response.status_code == 302
    services.vote_tally_enter(
        vote=Vote.objects.get(),
        counts={"FOR": 3},
        present=3,
        tellers=("甲", "乙"),
        actor=committee_staff,
    )
    response = client.post(
        url,
        {"action": "put_to_vote", "appointments": [appointment.pk], "mode": "TALLY"},
    )
    assert response.status_code == 302
    vote = Vote.objects.get(appointments=appointment)
    services.vote_tally_enter(
        vote=vote,
        counts={"FOR": 3},
        present=3,
        tellers=("甲", "乙"),
        actor=committee_staff,
    )
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["page"].to_swear == [appointment]
    response = client.post(
        url,
        {
            "action": "oath",
            "appointments": [appointment.pk],
            "taken_at": "2026-03-01T11:30",
            "supervised_by": "主任",
        },
    )
    assert response.status_code == 302
    assert Oath.objects.get().appointments.get() == appointment
    # A bad post comes back 400 with the field's error.
    response = client.post(
        url, {"action": "propose", "kind": "APPOINTMENT", "post": "x"}
    )
    assert response.status_code == 400
    assert response.context["propose_form"].errors["person_name"]


def test_withdraw_on_the_page(client, committee_staff, session):
    client.force_login(committee_staff)
    url = reverse("meetings:personnel", args=[session.pk])
    client.post(
        url,
        {
            "action": "propose",
            "kind": "APPOINTMENT",
            "person_name": "张三",
            "post": "局长",
        },
    )
    one = Appointment.objects.get()
    response = client.post(
        url, {"action": "withdraw", "appointment": one.pk, "reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        url, {"action": "withdraw", "appointment": one.pk, "reason": "提请机关撤回"}
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == PersonnelStatus.WITHDRAWN
    assert Vote.objects.count() == 0


def test_an_evaluation_on_the_pages(client, committee_staff, session, world):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:evaluation_new", args=[session.pk]),
        {
            "title": "2025年度代表建议办理工作票决评议",
            "year": 2025,
            "units": [world.unit_city.pk],
        },
    )
    assert response.status_code == 302
    evaluation = VoteEvaluation.objects.get()
    url = reverse("meetings:evaluation", args=[evaluation.pk])
    assert client.post(url, {"action": "decide"}).status_code == 409
    assert client.post(url, {"action": "start", "mode": "TALLY"}).status_code == 302
    entry = evaluation.entries.get()
    services.vote_tally_enter(
        vote=entry.vote,
        counts={Grade.SATISFIED: 3},
        present=3,
        tellers=("甲", "乙"),
        actor=committee_staff,
    )
    assert client.post(url, {"action": "decide"}).status_code == 302
    assert client.post(url, {"action": "publish"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    page = client.get(url)
    assert "优秀" in page.content.decode()
    export = client.get(reverse("meetings:evaluation_xlsx", args=[evaluation.pk]))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(5, 2).value == world.unit_city.name
    assert sheet.cell(5, 15).value == "优秀"


def test_the_api_runs_appointments_and_evaluations(
    client, committee_staff, session, world
):
    client.force_login(committee_staff)
    created = []
    for kind, name in (("REMOVAL", "钱七"), ("APPOINTMENT", "孙八")):
        response = client.post(
            f"{API}/appointments",
            {
                "meeting": session.pk,
                "kind": kind,
                "person_name": name,
                "post": "市教育局局长",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        created.append(response.json())
    removal, appointment = created
    refused = client.post(
        f"{API}/appointments/vote",
        {"appointments": [appointment["id"]], "mode": "TALLY"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "meetings.removal_first"
    voted = client.post(
        f"{API}/appointments/vote",
        {"appointments": [removal["id"]], "mode": "IN_MEETING"},
        content_type="application/json",
    )
    assert voted.status_code == 201
    assert voted.json()[0]["status"] == VoteStatus.DRAFT
    listed = client.get(f"{API}/appointments?meeting={session.pk}").json()
    assert [a["person_name"] for a in listed] == ["钱七", "孙八"]
    bad = client.post(
        f"{API}/appointments",
        {"meeting": session.pk, "kind": "NOPE", "person_name": "x", "post": "y"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "kind"
    evaluation = client.post(
        f"{API}/evaluations",
        {
            "meeting": session.pk,
            "year": 2025,
            "title": "评议",
            "units": [world.unit_city.pk],
        },
        content_type="application/json",
    )
    assert evaluation.status_code == 201
    body = evaluation.json()
    assert body["actions"] == ["start"]
    assert body["entries"][0]["handling_unit_id"] == world.unit_city.pk
    started = client.post(
        f"{API}/evaluations/{body['id']}/start",
        {"mode": "IN_MEETING"},
        content_type="application/json",
    )
    assert started.status_code == 200
    assert started.json()["entries"][0]["vote_status"] == VoteStatus.OPEN


def _propose(meeting, staff, name: str, post: str) -> Appointment:
    return personnel_services.appointment_propose(
        meeting=meeting,
        kind=PersonnelKind.APPOINTMENT,
        person_name=name,
        post=post,
        actor=staff,
    )


def test_a_refused_vote_keeps_the_ticked_items_at_the_form(
    client, committee_staff, session
):
    first = _propose(session, committee_staff, "孙八", "市教育局局长")
    second = _propose(session, committee_staff, "周九", "市财政局局长")
    client.force_login(committee_staff)
    url = reverse("meetings:personnel", args=[session.pk])
    # Another tab withdrew the second meanwhile.
    personnel_services.appointment_withdraw(
        appointment=second, reason="提请机关撤回", actor=committee_staff
    )

    refused = client.post(
        url,
        {
            "action": "put_to_vote",
            "appointments": [first.pk, second.pk],
            "mode": "TALLY",
            "merged": "on",
        },
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert f"“{second}”已撤回，不能提付表决。" in html
    assert f'name="appointments" value="{first.pk}" checked>' in html
    assert refused.context["vote_form"]["merged"].value() is True
    assert Vote.objects.count() == 0


def test_a_vote_refused_when_nothing_is_left_to_vote_still_says_why(
    client, committee_staff, session
):
    only = _propose(session, committee_staff, "孙八", "市教育局局长")
    client.force_login(committee_staff)
    personnel_services.appointment_withdraw(
        appointment=only, reason="提请机关撤回", actor=committee_staff
    )

    refused = client.post(
        reverse("meetings:personnel", args=[session.pk]),
        {"action": "put_to_vote", "appointments": [only.pk], "mode": "TALLY"},
    )

    assert refused.status_code == 409
    assert f"“{only}”已撤回，不能提付表决。" in refused.content.decode()
    assert Vote.objects.count() == 0


def test_a_refused_withdrawal_keeps_the_reason_typed(client, committee_staff, session):
    one = _propose(session, committee_staff, "孙八", "市教育局局长")
    client.force_login(committee_staff)
    url = reverse("meetings:personnel", args=[session.pk])
    # Another tab put it to the vote and entered the count meanwhile.
    (vote,) = personnel_services.appointments_put_to_vote(
        appointments=[one], mode="TALLY", actor=committee_staff
    )
    services.vote_tally_enter(
        vote=vote,
        counts={"FOR": 3},
        present=3,
        tellers=("甲", "乙"),
        actor=committee_staff,
    )
    reason = "提请机关来函撤回该任命事项，另行提名人选。"

    refused = client.post(
        url, {"action": "withdraw", "appointment": one.pk, "reason": reason}
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "不能撤回" in html
    assert reason in html
    one.refresh_from_db()
    assert one.status != PersonnelStatus.WITHDRAWN
    assert one.withdraw_reason == ""
