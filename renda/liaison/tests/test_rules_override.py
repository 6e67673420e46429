"""The thresholds are read at call time: settings changed in a test change the
dashboard page, its API, the statistics, the record pages and the reminders alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from renda.accounts.tests.factories import UserFactory
from renda.liaison.reminders import liaison_reminders
from renda.liaison.stats import liaison_stats
from renda.liaison.tests import dashboard_factories as make
from renda.notifications.models import Notification

pytestmark = pytest.mark.django_db

REMINDER_DAY = dt.date(2020, 10, 15)


@pytest.fixture
def scene(world):
    leader = make.leader_member(world, user=UserFactory(username="vice"))
    make.kept_contacts(leader, 4, logged_on=dt.date(2020, 8, 1))
    make.group_activity(world.group_longshan, dt.date(2020, 8, 2), leader)
    meeting = make.meeting(world, dt.date(2020, 9, 1), observers=2)
    make.coordination(world.city_congress, 2020, 3, dt.date(2020, 9, 10))
    return {"leader": leader, "meeting": meeting}


def _surfaces(client, world, scene) -> dict:
    query = {"congress": world.city_congress.pk, "year": 2020, "half": "H2"}
    page = client.get(reverse("liaison:dashboard"), query)
    api = client.get("/api/v1/liaison/rules", query).json()
    api_rules = {rule["key"]: rule for rule in api["rules"]}
    stats = liaison_stats(congress=world.city_congress, year=2020)
    stats_api = client.get(
        "/api/v1/liaison/rules/stats",
        {"congress": world.city_congress.pk, "year": 2020},
    ).json()
    meeting_page = client.get(
        reverse("liaison:meeting_detail", args=[scene["meeting"].pk])
    )
    Notification.objects.all().delete()
    liaison_reminders(today=REMINDER_DAY)
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    report = page.context["report"]
    return {
        "page_broken": {
            key: report.rule(key).broken_ids()
            for key in ("leader_contacts", "meeting_observers")
        },
        "page_text": page.content.decode(),
        "api_broken": {
            key: {item["object_id"] for item in api_rules[key]["broken"]}
            for key in ("leader_contacts", "meeting_observers")
        },
        "stats_meets": [row.meets_rule for row in stats.meetings],
        "stats_api": (
            stats_api["min_meeting_observers"],
            stats_api["meetings_short_of_observers"],
        ),
        "meeting_minimum": meeting_page.context["minimum"],
        "reminders": {key.split(":")[1] for key in keys if key.startswith("liaison:")},
    }


def test_the_thresholds_from_settings_change_every_surface(
    client, world, committee_staff, scene
):
    client.force_login(committee_staff)
    leader, meeting = scene["leader"], scene["meeting"]

    default = _surfaces(client, world, scene)
    with override_settings(RENDA_MIN_LEADER_CONTACTS=4, RENDA_MIN_MEETING_OBSERVERS=2):
        lowered = _surfaces(client, world, scene)

    assert default["page_broken"] == {
        "leader_contacts": {leader.pk},
        "meeting_observers": {meeting.pk},
    }
    assert default["api_broken"] == default["page_broken"]
    assert "每次常委会会议邀请3名以上代表列席" in default["page_text"]
    assert default["stats_meets"] == [False]
    assert default["stats_api"] == (3, 1)
    assert default["meeting_minimum"] == 3
    assert {"leader_contacts", "meeting_observers"} <= default["reminders"]

    assert lowered["page_broken"] == {
        "leader_contacts": set(),
        "meeting_observers": set(),
    }
    assert lowered["api_broken"] == lowered["page_broken"]
    assert "每次常委会会议邀请2名以上代表列席" in lowered["page_text"]
    assert lowered["stats_meets"] == [True]
    assert lowered["stats_api"] == (2, 0)
    assert lowered["meeting_minimum"] == 2
    assert not {"leader_contacts", "meeting_observers"} & lowered["reminders"]


def test_the_coordination_reminder_lead_time_comes_from_settings(
    world, committee_staff
):
    make.standing_committee(world)
    make.coordination(world.city_congress, 2020, 3, dt.date(2020, 9, 10))
    # 1 December: the fourth quarter ends in 30 days, its meeting not yet held.
    day = dt.date(2020, 12, 1)

    liaison_reminders(today=day)
    quiet = Notification.objects.filter(recipient=committee_staff).count()
    with override_settings(RENDA_LIAISON_COORDINATION_REMINDER_LEAD_DAYS=31):
        liaison_reminders(today=day)

    assert quiet == 0
    [notice] = Notification.objects.filter(recipient=committee_staff)
    assert "第四季度代表工作调度会" in notice.title
    assert notice.dedupe_key.endswith("2020Q4")
