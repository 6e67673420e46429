"""The decisions page of a chairpersons' meeting and its API agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.meetings.choices import DecisionKind
from renda.meetings.services.decisions import decision_record

from .factories import meeting, standing_committee_of
from .factories_decisions import chairpersons_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings/decisions"


def test_the_page_and_the_api_list_the_decisions(client, world, committee_staff):
    held = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 3, 2)
    )
    decision = decision_record(
        meeting=held,
        kind=DecisionKind.AGENDA,
        title="拟定常委会第二十次会议议程",
        text="建议于3月下旬召开。",
        subject=world.unit_city,
        actor=committee_staff,
    )
    client.force_login(committee_staff)
    page = client.get(reverse("meetings:decisions", args=[held.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"第{held.number}次主任会议（2020-03-02）" in body
    assert "拟定常委会第二十次会议议程" in body
    assert f'data-decision="{decision.pk}"' in body
    assert world.unit_city.name in body
    data = client.get(f"{API}/{held.pk}").json()
    assert data["meeting"]["label"] == f"第{held.number}次主任会议（2020-03-02）"
    assert [d["id"] for d in data["decisions"]] == [decision.pk]
    row = data["decisions"][0]
    assert row["kind"] == DecisionKind.AGENDA
    assert row["decided_on"] == "2020-03-02"
    assert row["subject_type"] == "units.handlingunit"
    assert row["subject_id"] == world.unit_city.pk


def test_the_api_lists_the_meetings_a_form_may_cite(client, world, committee_staff):
    first = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 1, 6)
    )
    second = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 2, 6)
    )
    meeting(standing_committee_of(world), actor=committee_staff)
    client.force_login(committee_staff)
    data = client.get(
        f"{API}/chairpersons-meetings?congress_id={world.city_congress.pk}"
    ).json()
    assert [m["id"] for m in data] == [second.pk, first.pk]
    assert data[0]["label"] == "第2次主任会议（2020-02-06）"


def test_a_standing_meeting_has_no_decisions_page(client, world, committee_staff):
    session = meeting(standing_committee_of(world), actor=committee_staff)
    client.force_login(committee_staff)
    assert (
        client.get(reverse("meetings:decisions", args=[session.pk])).status_code == 404
    )
    assert client.get(f"{API}/{session.pk}").status_code == 404
