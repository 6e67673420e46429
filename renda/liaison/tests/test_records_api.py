"""/api/v1/liaison: lists scoped and paginated, writes through the services, JSON errors."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.liaison import services
from renda.liaison.models import (
    ContactLog,
    CoordinationMeeting,
    DeputyContact,
    GroupActivity,
    MeetingObserver,
)

from .factories import TODAY, contact, meeting, member

pytestmark = pytest.mark.django_db

BASE = "/api/v1/liaison"


def _post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def test_staff_create_and_list_contacts(client, world, committee_staff):
    seat = member(world)
    client.force_login(committee_staff)

    created = _post(
        client,
        "/contacts",
        {"leader": seat.pk, "deputy": world.deputy_city_a.pk, "since": "2024-02-01"},
    )
    listed = client.get(BASE + "/contacts", {"page_size": 1})

    assert created.status_code == 201
    assert created.json()["deputy_name"] == "丁照民"
    assert created.json()["leader_name"] == "白玉晶"
    body = listed.json()
    assert body["count"] == 1
    assert body["page_size"] == 1
    assert body["results"][0]["since"] == "2024-02-01"


def test_a_duplicate_contact_is_409_in_chinese(client, world, committee_staff):
    seat = member(world)
    contact(seat, world.deputy_city_a, committee_staff)
    client.force_login(committee_staff)

    response = _post(
        client, "/contacts", {"leader": seat.pk, "deputy": world.deputy_city_a.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "liaison.duplicate_contact"
    assert response.json()["field"] == "deputy"
    assert DeputyContact.objects.count() == 1


def test_district_staff_may_not_name_a_city_leader(client, world, district_staff):
    seat = member(world)
    client.force_login(district_staff)

    response = _post(
        client, "/contacts", {"leader": seat.pk, "deputy": world.deputy_xian.pk}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "leader"
    assert not DeputyContact.objects.exists()


def test_leader_logs_a_contact_and_a_future_date_is_400(client, world, leader):
    found = contact(member(world, user=leader), world.deputy_city_a, leader)
    client.force_login(leader)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()

    ok = _post(
        client,
        "/contact-logs",
        {"contact": found.pk, "date": "2024-06-01", "kind": "CALL", "opinions": "无"},
    )
    future = _post(
        client,
        "/contact-logs",
        {"contact": found.pk, "date": tomorrow, "kind": "CALL"},
    )
    bad_kind = _post(
        client,
        "/contact-logs",
        {"contact": found.pk, "date": "2024-06-01", "kind": "FAX"},
    )

    assert ok.status_code == 201
    assert future.status_code == 400
    assert future.json()["field"] == "date"
    assert bad_kind.status_code == 422
    assert ContactLog.objects.count() == 1


def test_ending_a_contact_out_of_scope_is_404(
    client, world, committee_staff, district_staff
):
    found = contact(member(world), world.deputy_city_a, committee_staff)
    client.force_login(district_staff)

    response = _post(client, f"/contacts/{found.pk}/end", {})

    assert response.status_code == 404
    found.refresh_from_db()
    assert found.until is None


def test_the_group_leader_records_an_activity(client, world, deputy):
    client.force_login(deputy)

    response = _post(
        client,
        "/group-activities",
        {
            "group": world.group_longshan.pk,
            "date": "2024-05-10",
            "topic": "小组学习",
            "attendees": [world.deputy_city_a.pk],
        },
    )
    listed = client.get(BASE + "/group-activities")

    assert response.status_code == 201
    assert response.json()["attendees"] == [world.deputy_city_a.pk]
    assert [a["topic"] for a in listed.json()["results"]] == ["小组学习"]


def test_an_attendee_outside_the_group_is_422(client, world, committee_staff):
    client.force_login(committee_staff)

    response = _post(
        client,
        "/group-activities",
        {
            "group": world.group_longshan.pk,
            "date": "2024-05-10",
            "topic": "小组学习",
            "attendees": [world.deputy_city_b.pk],
        },
    )

    assert response.status_code == 422
    assert response.json()["field"] == "attendees"
    assert not GroupActivity.objects.exists()


def test_meeting_create_invite_attendance_and_the_rule(client, world, committee_staff):
    member(world)
    client.force_login(committee_staff)

    created = _post(
        client,
        "/committee-meetings",
        {
            "congress": world.city_congress.pk,
            "number": 9,
            "date": "2024-03-01",
            "agenda": "议程",
        },
    )
    meeting_id = created.json()["id"]
    invited = _post(
        client,
        f"/committee-meetings/{meeting_id}/observers",
        {"deputies": [world.deputy_city_a.pk, world.deputy_city_b.pk]},
    )
    attended = _post(
        client,
        f"/committee-meetings/{meeting_id}/attendance",
        {"attended": [world.deputy_city_b.pk]},
    )

    assert created.status_code == 201
    assert invited.json()["observer_count"] == 2
    assert invited.json()["meets_rule"] is False
    assert {o["deputy"]: o["attended"] for o in attended.json()["observers"]} == {
        world.deputy_city_a.pk: False,
        world.deputy_city_b.pk: True,
    }


def test_a_deputy_lists_invitations_but_may_not_invite(
    client, world, committee_staff, deputy
):
    found = meeting(world, committee_staff)
    other = meeting(world, committee_staff, number=2)
    services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_a], actor=committee_staff
    )
    client.force_login(deputy)

    listed = client.get(BASE + "/committee-meetings")
    invite = _post(
        client,
        f"/committee-meetings/{found.pk}/observers",
        {"deputies": [world.deputy_city_b.pk]},
    )
    hidden = _post(
        client,
        f"/committee-meetings/{other.pk}/observers",
        {"deputies": [world.deputy_city_b.pk]},
    )

    assert [m["id"] for m in listed.json()["results"]] == [found.pk]
    assert invite.status_code == 403
    assert hidden.status_code == 404
    assert MeetingObserver.objects.count() == 1


def test_coordination_create_and_list(client, world, committee_staff):
    client.force_login(committee_staff)

    created = _post(
        client,
        "/coordination-meetings",
        {
            "congress": world.city_congress.pk,
            "year": 2024,
            "quarter": 2,
            "date": "2024-04-15",
            "participants": [world.xian_congress.pk],
        },
    )
    again = _post(
        client,
        "/coordination-meetings",
        {
            "congress": world.city_congress.pk,
            "year": 2024,
            "quarter": 2,
            "date": "2024-05-15",
        },
    )
    listed = client.get(BASE + "/coordination-meetings", {"year": 2024})

    assert created.status_code == 201
    assert created.json()["levels_present"] == ["设区的市", "县"]
    assert again.status_code == 409
    assert listed.json()["count"] == 1
    assert CoordinationMeeting.objects.count() == 1


def test_unit_staff_are_refused_everywhere(client, world, unit_staff):
    client.force_login(unit_staff)

    for path in (
        "/contacts",
        "/contact-logs",
        "/group-activities",
        "/committee-meetings",
        "/coordination-meetings",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "core.permission_denied"


def test_activities_recorded_by_service_today_default(world, committee_staff):
    # The services' default day is the site's: yesterday's activity is accepted.
    activity = services.group_activity_record(
        group=world.group_longshan,
        date=TODAY,
        topic="测试",
        actor=committee_staff,
        today=TODAY,
    )

    assert activity.date == TODAY
