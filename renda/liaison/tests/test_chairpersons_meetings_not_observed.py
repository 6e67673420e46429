"""Deputies observe the standing committee's meetings: the chairpersons'
meetings that renda.meetings records (主任会议) are not in the observer rule
nor in the 双联 meeting list, and do not take a standing meeting's number."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.liaison import rules
from renda.liaison.compliance import liaison_rules_report
from renda.liaison.selectors.meetings import committee_meetings_visible_to
from renda.liaison.tests import dashboard_factories as make
from renda.meetings.tests.factories_decisions import chairpersons_meeting

pytestmark = pytest.mark.django_db


def test_a_chairpersons_meeting_needs_no_observers(world, committee_staff):
    kept = make.meeting(world, dt.date(2020, 8, 1), observers=3)
    chairs = chairpersons_meeting(
        world.city_congress, actor=committee_staff, date=dt.date(2020, 8, 3)
    )

    rule = liaison_rules_report(
        congress=world.city_congress,
        year=2020,
        half="H2",
        today=dt.date(2021, 1, 10),
    ).rule(rules.MEETING_OBSERVERS)

    assert (rule.total, rule.kept) == (1, 1)
    assert chairs.pk not in rule.broken_ids()
    visible = committee_meetings_visible_to(committee_staff)
    assert kept in visible
    assert chairs not in visible
