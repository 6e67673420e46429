"""Typed events: each write of a contact or a meeting appends one event of its kind,
and the page timeline and the API describe it with the same words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.liaison import events, services
from renda.liaison.models import LiaisonEvent

from .factories import TODAY, contact, meeting, member

pytestmark = pytest.mark.django_db


def test_a_contacts_writes_make_its_timeline(client, world, committee_staff, leader):
    seat = member(world, user=leader)
    found = contact(seat, world.deputy_city_a, committee_staff)
    services.contact_log_record(
        contact=found,
        date=dt.date(2024, 6, 1),
        kind="VISIT",
        actor=leader,
        today=TODAY,
    )
    late = services.contact_log_record(
        contact=found,
        date=dt.date(2024, 6, 2),
        kind="CALL",
        actor=leader,
        today=dt.date(2024, 7, 3),
    )
    services.late_entry_confirm(
        kind="contact-log", entry=late, reason="记录迟交", actor=committee_staff
    )
    services.deputy_contact_end(
        contact=found,
        until=dt.date(2024, 7, 3),
        actor=committee_staff,
        today=dt.date(2024, 7, 3),
    )

    kinds = list(found.events.values_list("kind", flat=True))
    texts = [events.describe_event(e) for e in found.events.all()]
    client.force_login(committee_staff)
    api = client.get(f"/api/v1/liaison/contacts/{found.pk}").json()
    page = client.get(reverse("liaison:contact_detail", args=[found.pk]))

    assert kinds == [
        "CONTACT_ASSIGNED",
        "CONTACT_LOGGED",
        "CONTACT_LOGGED",
        "LATE_ENTRY_CONFIRMED",
        "CONTACT_ENDED",
    ]
    assert texts == [
        "白玉晶自 2024-01-02 起联系丁照民",
        "记录2024-06-01的联系（走访）",
        "记录2024-06-02的联系（电话），补录",
        "确认补录的联系记录，理由：记录迟交",
        "联系于 2024-07-03 结束",
    ]
    assert [e["text"] for e in api["events"]] == texts
    assert [e.text for e in page.context["detail"].events] == texts
    assert "确认补录的联系记录，理由：记录迟交" in page.content.decode()
    assert api["events"][0]["actor"] == committee_staff.username


def test_a_meetings_writes_make_its_timeline(client, world, committee_staff):
    found = meeting(world, committee_staff, date=dt.date(2024, 3, 1))
    [first] = services.meeting_observers_invite(
        meeting=found,
        deputies=[world.deputy_city_a],
        actor=committee_staff,
        now=timezone.make_aware(dt.datetime(2024, 2, 20, 9)),
    )
    [second] = services.meeting_observers_invite(
        meeting=found, deputies=[world.deputy_city_b], actor=committee_staff
    )
    services.meeting_observer_remove(observer=second, actor=committee_staff)
    services.meeting_attendance_record(
        meeting=found, attended_deputy_ids=[first.deputy_id], actor=committee_staff
    )

    client.force_login(committee_staff)
    api = client.get(f"/api/v1/liaison/committee-meetings/{found.pk}").json()
    page = client.get(reverse("liaison:meeting_detail", args=[found.pk]))

    texts = [
        "登记第1次会议，2024-03-01召开",
        "邀请丁照民列席",
        "邀请白玉晶列席（会后补录）",
        "撤销对白玉晶的列席邀请",
        "登记出席情况：出席 1 名，共邀请 1 名",
    ]
    assert [e["text"] for e in api["events"]] == texts
    assert [e.text for e in page.context["detail"].events] == texts
    assert [e["kind"] for e in api["events"]][0] == "MEETING_CREATED"


def test_each_kind_has_one_payload_shape(world, committee_staff):
    found = meeting(world, committee_staff)

    with pytest.raises(TypeError):
        events._record(
            events.Kind.MEETING_CREATED,
            events.ObserverRemoved(deputy="丁照民"),
            actor=committee_staff,
            meeting=found,
        )

    [created] = LiaisonEvent.objects.filter(meeting=found)
    assert events.payload_of(created) == events.MeetingCreated(
        number=1, date="2024-03-01"
    )
