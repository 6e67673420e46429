"""Closed periods do not change without trace: late entries (补录) are kept, marked
late, count only once committee staff confirm them with a reason, and show as
such on the dashboard and in the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, Conflict, PermissionDenied
from renda.deputies.tests.factories import DeputyFactory, MandateFactory
from renda.liaison import rules, services
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.models import MeetingObserver
from renda.liaison.stats import liaison_stats
from renda.liaison.tests import dashboard_factories as make

from .factories import TODAY, contact, member

pytestmark = pytest.mark.django_db

HELD = dt.date(2024, 3, 1)
AFTER = timezone.make_aware(dt.datetime(2024, 3, 5, 10))


@pytest.fixture
def short_meeting(world, committee_staff):
    """A city meeting held on 1 March 2024 with two observers invited before it."""
    meeting = services.committee_meeting_create(
        standing_committee=make.standing_committee(world),
        number=7,
        date=HELD,
        agenda="审议报告",
        actor=committee_staff,
    )
    services.meeting_observers_invite(
        meeting=meeting,
        deputies=[_eligible(world, DeputyFactory()), _eligible(world, DeputyFactory())],
        actor=committee_staff,
        now=timezone.make_aware(dt.datetime(2024, 2, 20, 9)),
    )
    return meeting


def _observer_rule(world, today=dt.date(2024, 7, 10)):
    return liaison_rules_report(
        congress=world.city_congress, year=2024, half="H1", today=today
    ).rule(rules.MEETING_OBSERVERS)


def _invite_late(meeting, actor, deputy=None):
    [observer] = services.meeting_observers_invite(
        meeting=meeting,
        deputies=[deputy or DeputyFactory()],
        actor=actor,
        now=AFTER,
    )
    return observer


def _eligible(world, deputy):
    MandateFactory(deputy=deputy, term=world.city_term)
    return deputy


def test_a_third_observer_invited_after_the_meeting_does_not_clear_its_breach(
    world, committee_staff, short_meeting
):
    third = _eligible(world, DeputyFactory())

    observer = _invite_late(short_meeting, committee_staff, third)
    rule = _observer_rule(world)

    assert observer.late
    assert observer.late_confirmed_at is None
    assert rule.broken_ids() == {short_meeting.pk}
    assert rule.broken[0].value == 2
    [late] = rule.late
    assert (late.kind, late.object_id, late.confirmed) == (
        "observer",
        observer.pk,
        False,
    )


def test_confirmed_with_a_reason_the_late_observer_counts(
    world, committee_staff, short_meeting
):
    third = _eligible(world, DeputyFactory())
    observer = _invite_late(short_meeting, committee_staff, third)

    services.late_entry_confirm(
        kind="observer",
        entry=observer,
        reason="会前已电话邀请，会后补登",
        actor=committee_staff,
    )

    observer.refresh_from_db()
    assert observer.late_confirmed_by == committee_staff
    assert observer.late_reason == "会前已电话邀请，会后补登"
    rule = _observer_rule(world)
    assert rule.broken == []
    assert [item.confirmed for item in rule.late] == [True]
    assert "已确认：会前已电话邀请" in rule.late[0].note


def test_a_confirmation_needs_a_reason_and_the_congress_staff(
    world, committee_staff, district_staff, leader, short_meeting
):
    observer = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )

    with pytest.raises(ApplicationError) as blank:
        services.late_entry_confirm(
            kind="observer", entry=observer, reason="  ", actor=committee_staff
        )
    for outsider in (district_staff, leader):
        with pytest.raises(PermissionDenied):
            services.late_entry_confirm(
                kind="observer", entry=observer, reason="理由", actor=outsider
            )

    assert blank.value.field == "reason"
    assert blank.value.message == "请填写确认理由。"
    observer.refresh_from_db()
    assert observer.late_confirmed_at is None
    services.late_entry_confirm(
        kind="observer", entry=observer, reason="理由", actor=committee_staff
    )
    with pytest.raises(Conflict):
        services.late_entry_confirm(
            kind="observer", entry=observer, reason="再次", actor=committee_staff
        )


def test_an_observer_invited_before_or_on_the_day_is_on_time(
    world, committee_staff, short_meeting
):
    deputy = _eligible(world, DeputyFactory())

    [observer] = services.meeting_observers_invite(
        meeting=short_meeting,
        deputies=[deputy],
        actor=committee_staff,
        now=timezone.make_aware(dt.datetime(2024, 3, 1, 8)),
    )

    assert not observer.late
    assert _observer_rule(world).broken == []


def test_records_of_a_closed_half_year_or_quarter_are_marked_late(
    world, committee_staff
):
    seat = member(world)
    found = contact(seat, world.deputy_city_a, committee_staff)

    on_time = services.contact_log_record(
        contact=found,
        date=dt.date(2024, 6, 1),
        kind="CALL",
        actor=committee_staff,
        today=TODAY,
    )
    late_log = services.contact_log_record(
        contact=found,
        date=dt.date(2024, 6, 1),
        kind="CALL",
        actor=committee_staff,
        today=dt.date(2024, 7, 1),
    )
    activity = services.group_activity_record(
        group=world.group_longshan,
        date=dt.date(2024, 6, 30),
        topic="补记的小组活动",
        actor=committee_staff,
        today=dt.date(2024, 7, 2),
    )
    coordination = services.coordination_meeting_record(
        congress=world.city_congress,
        year=2024,
        quarter=2,
        date=dt.date(2024, 6, 18),
        actor=committee_staff,
        today=dt.date(2024, 7, 2),
    )

    assert not on_time.late
    assert late_log.late
    assert activity.late
    assert coordination.late
    assert not services.coordination_meeting_record(
        congress=world.city_congress,
        year=2024,
        quarter=3,
        date=dt.date(2024, 7, 1),
        actor=committee_staff,
        today=dt.date(2024, 7, 2),
    ).late


def test_the_dashboard_page_and_api_show_late_entries(
    client, world, committee_staff, short_meeting
):
    observer = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    client.force_login(committee_staff)
    query = {"congress": world.city_congress.pk, "year": 2024, "half": "H1"}

    page = client.get(reverse("liaison:dashboard"), query)
    api = client.get("/api/v1/liaison/rules", query).json()

    html = page.content.decode()
    assert f'data-late="observer-{observer.pk}"' in html
    assert "补录，待工作人员确认" in html
    assert api["late_pending"] == 1
    [rule] = [r for r in api["rules"] if r["key"] == "meeting_observers"]
    assert rule["late"][0]["object_id"] == observer.pk
    assert rule["late"][0]["confirmed"] is False


def test_the_statistics_count_late_entries_apart(
    client, world, committee_staff, short_meeting
):
    observer = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )

    pending = liaison_stats(congress=world.city_congress, year=2024)
    services.late_entry_confirm(
        kind="observer", entry=observer, reason="补登", actor=committee_staff
    )
    confirmed = liaison_stats(congress=world.city_congress, year=2024)
    client.force_login(committee_staff)
    api = client.get(
        "/api/v1/liaison/rules/stats",
        {"congress": world.city_congress.pk, "year": 2024},
    ).json()
    page = client.get(
        reverse("liaison:stats"), {"congress": world.city_congress.pk, "year": 2024}
    )

    [row] = pending.meetings
    assert (row.invited, row.late, row.meets_rule) == (2, 1, False)
    assert pending.late_pending == 1
    [row] = confirmed.meetings
    assert (row.invited, row.late, row.meets_rule) == (3, 1, True)
    by_kind = {r["kind"]: r for r in api["late_entries"]}
    assert (by_kind["observer"]["pending"], by_kind["observer"]["confirmed"]) == (0, 1)
    assert api["meetings"][0]["late"] == 1
    assert 'data-late="observer"' in page.content.decode()


def test_staff_confirm_on_the_page_and_in_the_api(
    client, world, committee_staff, short_meeting
):
    first = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    second = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    client.force_login(committee_staff)

    listed = client.get(reverse("liaison:late_entries"))
    page = client.post(
        reverse("liaison:late_entry_confirm", args=["observer", first.pk]),
        {"reason": "会前口头邀请"},
    )
    api = client.post(
        f"/api/v1/liaison/late-entries/observer/{second.pk}/confirm",
        {"reason": "会前书面邀请"},
        content_type="application/json",
    )
    blank = client.post(
        f"/api/v1/liaison/late-entries/observer/{second.pk}/confirm",
        {"reason": ""},
        content_type="application/json",
    )

    assert f'data-late="observer-{first.pk}"' in listed.content.decode()
    assert page.status_code == 302
    assert api.status_code == 200
    assert api.json()["confirmed"] is True
    assert blank.status_code == 422
    reasons = dict(
        MeetingObserver.objects.filter(late=True).values_list("pk", "late_reason")
    )
    assert reasons == {first.pk: "会前口头邀请", second.pk: "会前书面邀请"}
    assert client.get("/api/v1/liaison/late-entries").json()["results"] == []


def test_a_refused_confirmation_keeps_the_reason_in_its_row(
    client, world, committee_staff, short_meeting
):
    late = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    client.force_login(committee_staff)
    too_long = "会前已电话口头邀请，因会务通知系统故障未能及时登记。" * 25

    refused = client.post(
        reverse("liaison:late_entry_confirm", args=["observer", late.pk]),
        {"reason": too_long},
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "确认理由不能超过 500 个字。" in html
    assert f">{too_long}</textarea>" in html
    late.refresh_from_db()
    assert late.late_confirmed_at is None


def test_a_confirmation_posted_after_a_colleague_confirmed_keeps_the_reason(
    client, world, committee_staff, short_meeting
):
    late = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    client.force_login(committee_staff)
    services.late_entry_confirm(
        kind="observer", entry=late, reason="会前口头邀请", actor=committee_staff
    )
    reason = "会前已书面邀请，会务组漏登。"

    refused = client.post(
        reverse("liaison:late_entry_confirm", args=["observer", late.pk]),
        {"reason": reason},
    )

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "该补录已于" in html
    assert f">{reason}</textarea>" in html
    late.refresh_from_db()
    assert late.late_reason == "会前口头邀请"


def test_the_record_pages_mark_late_entries(
    client, world, committee_staff, short_meeting
):
    observer = _invite_late(
        short_meeting, committee_staff, _eligible(world, DeputyFactory())
    )
    client.force_login(committee_staff)

    pending = client.get(reverse("liaison:meeting_detail", args=[short_meeting.pk]))
    services.late_entry_confirm(
        kind="observer", entry=observer, reason="补登", actor=committee_staff
    )
    confirmed = client.get(reverse("liaison:meeting_detail", args=[short_meeting.pk]))

    assert pending.content.decode().count('data-late="1"') == 1
    assert "补录（待确认，不计入）" in pending.content.decode()
    assert "补录（已确认）" in confirmed.content.decode()
