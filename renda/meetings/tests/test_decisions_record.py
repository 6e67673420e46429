"""Staff record a chairpersons' decision directly (an agenda, ...) on the
decisions page and through the API; everyone else changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings import services
from renda.meetings.choices import AgendaKind, DecisionKind
from renda.meetings.models import ChairpersonsDecision
from renda.meetings.services.decisions import decision_record

from .factories import meeting, standing_committee_of
from .factories_decisions import chairpersons_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings/decisions"


@pytest.fixture
def held(world, committee_staff):
    return chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )


def _item(held, actor, title="研究常委会第二十次会议议程"):
    return services.agenda_item_add(
        meeting=held, kind=AgendaKind.RESOLUTION, title=title, actor=actor
    )


def test_the_service_records_a_decision_without_a_subject(world, committee_staff, held):
    item = _item(held, committee_staff)
    decision = decision_record(
        meeting=held,
        kind=DecisionKind.AGENDA,
        title="拟定常委会第二十次会议议程",
        agenda_item=item,
        subject=None,
        actor=committee_staff,
    )
    assert decision.subject_type_id is None
    assert decision.agenda_item == item
    assert decision.recorded_by == committee_staff


def test_staff_record_a_decision_on_the_page(client, committee_staff, held):
    item = _item(held, committee_staff)
    url = reverse("meetings:decisions", args=[held.pk])
    client.force_login(committee_staff)
    page = client.get(url)
    assert page.status_code == 200
    assert "登记决定事项" in page.content.decode()
    response = client.post(
        url,
        {
            "kind": DecisionKind.AGENDA,
            "title": "拟定常委会第二十次会议议程",
            "text": "建议于3月下旬召开。",
            "agenda_item": item.pk,
        },
    )
    assert response.status_code == 302
    decision = ChairpersonsDecision.objects.get()
    assert decision.meeting == held
    assert decision.kind == DecisionKind.AGENDA
    assert decision.agenda_item == item
    assert decision.subject_type_id is None
    body = client.get(url).content.decode()
    assert "拟定常委会第二十次会议议程" in body
    assert f'name="remove" value="{decision.pk}"' in body


def test_an_empty_title_is_refused_on_the_form(client, committee_staff, held):
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:decisions", args=[held.pk]),
        {"kind": DecisionKind.OTHER, "title": ""},
    )
    assert response.status_code == 400
    assert "请填写决定事项。" in response.content.decode()
    assert not ChairpersonsDecision.objects.exists()


def test_an_agenda_item_of_another_meeting_is_refused(
    client, world, committee_staff, held
):
    other = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 4, 2)
    )
    foreign = _item(other, committee_staff)
    client.force_login(committee_staff)
    response = client.post(
        reverse("meetings:decisions", args=[held.pk]),
        {"kind": DecisionKind.OTHER, "title": "同意", "agenda_item": foreign.pk},
    )
    assert response.status_code == 400
    assert "所选议程不属于该主任会议。" in response.content.decode()
    response = client.post(
        f"{API}/{held.pk}",
        {"kind": "OTHER", "title": "同意", "agenda_item_id": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not ChairpersonsDecision.objects.exists()


def test_readers_who_are_not_staff_see_no_form_and_cannot_post(client, leader, held):
    url = reverse("meetings:decisions", args=[held.pk])
    client.force_login(leader)
    page = client.get(url)
    assert page.status_code == 200
    assert "登记决定事项" not in page.content.decode()
    assert client.post(url, {"kind": "OTHER", "title": "同意"}).status_code == 403
    response = client.post(
        f"{API}/{held.pk}",
        {"kind": "OTHER", "title": "同意"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not ChairpersonsDecision.objects.exists()


def test_a_standing_meeting_takes_no_decision(client, world, committee_staff):
    session = meeting(
        standing_committee_of(world), actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    client.force_login(committee_staff)
    url = reverse("meetings:decisions", args=[session.pk])
    assert client.post(url, {"kind": "OTHER", "title": "同意"}).status_code == 404
    response = client.post(
        f"{API}/{session.pk}",
        {"kind": "OTHER", "title": "同意"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not ChairpersonsDecision.objects.exists()


def test_the_api_records_a_decision(client, committee_staff, held):
    item = _item(held, committee_staff)
    client.force_login(committee_staff)
    response = client.post(
        f"{API}/{held.pk}",
        {
            "kind": "AGENDA",
            "title": "拟定常委会第二十次会议议程",
            "agenda_item_id": item.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    decision = ChairpersonsDecision.objects.get()
    assert data["id"] == decision.pk
    assert data["kind"] == "AGENDA"
    assert data["agenda_item_id"] == item.pk
    assert data["subject_type"] is None
    assert data["decided_on"] == "2020-03-02"
    empty = client.post(
        f"{API}/{held.pk}",
        {"kind": "OTHER", "title": ""},
        content_type="application/json",
    )
    assert empty.status_code == 400
    assert ChairpersonsDecision.objects.count() == 1


def test_staff_remove_a_decision_without_a_subject_only(
    client, world, committee_staff, held
):
    own = decision_record(
        meeting=held, kind=DecisionKind.OTHER, title="同意", actor=committee_staff
    )
    linked = decision_record(
        meeting=held,
        kind=DecisionKind.AGENDA,
        title="关联事项",
        subject=world.unit_city,
        actor=committee_staff,
    )
    url = reverse("meetings:decisions", args=[held.pk])
    client.force_login(committee_staff)
    body = client.get(url).content.decode()
    assert "须在该事项中撤销" in body
    refused = client.post(url, {"remove": linked.pk, "reason": "误登"})
    assert refused.status_code == 400
    assert ChairpersonsDecision.objects.filter(pk=linked.pk).exists()
    assert client.post(url, {"remove": own.pk, "reason": "误登"}).status_code == 302
    assert list(ChairpersonsDecision.objects.all()) == [linked]


def test_removing_a_decision_of_a_meeting_cancelled_meanwhile_answers_409(
    client, committee_staff, held
):
    # Given the decisions page open while a colleague cancelled the meeting.
    own = decision_record(
        meeting=held, kind=DecisionKind.OTHER, title="同意", actor=committee_staff
    )
    services.meeting_cancel(meeting=held, reason="会期调整", actor=committee_staff)
    client.force_login(committee_staff)

    refused = client.post(
        reverse("meetings:decisions", args=[held.pk]),
        {"remove": own.pk, "reason": "误登"},
    )

    assert refused.status_code == 409
    assert "该主任会议已取消。" in refused.content.decode()
    assert list(ChairpersonsDecision.objects.all()) == [own]
