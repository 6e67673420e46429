"""The work-report clock (Supervision Law art. 14-15), counted back from the meeting."""

import datetime as dt

import pytest
from django.test import override_settings

from renda.supervision.choices import WorkReportStep
from renda.supervision.selectors.items import work_report_clock
from renda.supervision.services.items import item_update, milestone_record

from .factories_items import MEETING, research, work_report

pytestmark = pytest.mark.django_db


def _dues(steps):
    return {s.step: s.due for s in steps}


def test_the_clock_counts_back_from_the_meeting_to_working_days(world, committee_staff):
    item = work_report(world, committee_staff)
    steps = work_report_clock(item, today=dt.date(2020, 5, 1))
    assert _dues(steps) == {
        WorkReportStep.OPINIONS_SENT: dt.date(2020, 5, 25),  # 30 days before
        WorkReportStep.DRAFT_RECEIVED: dt.date(2020, 6, 4),  # 20 days before
        # 10 days before is Sunday 14 June: the Friday before.
        WorkReportStep.REVISED_RECEIVED: dt.date(2020, 6, 12),
        WorkReportStep.DISTRIBUTED: dt.date(2020, 6, 17),  # 7 days before
    }
    assert not any(s.provisional for s in steps)
    assert {s.state for s in steps} == {"due"}


def test_a_day_off_in_a_holiday_moves_back_over_it(world, committee_staff):
    # 2020-10-08: 7 days before is 1 October, the National Day holiday
    # (1-8 October), then Wednesday 30 September is the last working day.
    item = work_report(world, committee_staff, meeting_date=dt.date(2020, 10, 8))
    steps = {s.step: s for s in work_report_clock(item, today=dt.date(2020, 9, 1))}
    assert steps[WorkReportStep.DISTRIBUTED].due == dt.date(2020, 9, 30)


def test_a_year_the_calendar_does_not_know_is_provisional(world, committee_staff):
    item = work_report(world, committee_staff)
    item.meeting_date = dt.date(2099, 6, 24)
    steps = work_report_clock(item, today=dt.date(2099, 1, 1))
    assert all(s.provisional for s in steps)


def test_states_done_late_due_missed(world, committee_staff):
    item = work_report(world, committee_staff)
    today = dt.date(2020, 6, 13)
    milestone_record(
        item=item,
        step=WorkReportStep.OPINIONS_SENT,
        done_on=dt.date(2020, 5, 20),
        actor=committee_staff,
        today=today,
    )
    milestone_record(
        item=item,
        step=WorkReportStep.DRAFT_RECEIVED,
        done_on=dt.date(2020, 6, 8),
        actor=committee_staff,
        today=today,
    )
    states = {s.step: s.state for s in work_report_clock(item, today=today)}
    assert states == {
        WorkReportStep.OPINIONS_SENT: "done",
        WorkReportStep.DRAFT_RECEIVED: "late",
        WorkReportStep.REVISED_RECEIVED: "missed",
        WorkReportStep.DISTRIBUTED: "due",
    }


def test_no_clock_without_a_meeting_or_for_other_kinds(world, committee_staff):
    assert work_report_clock(research(world, committee_staff)) is None
    item = work_report(world, committee_staff, meeting_date=None)
    assert work_report_clock(item) is None
    item = item_update(item=item, actor=committee_staff, meeting_date=MEETING)
    assert work_report_clock(item) is not None


@override_settings(RENDA_SUPERVISION_RULES={"220400": {"distributed_days_before": 10}})
def test_the_rules_setting_changes_the_clock_of_the_city(world, committee_staff):
    item = work_report(world, committee_staff)
    steps = _dues(work_report_clock(item, today=dt.date(2020, 5, 1)))
    assert steps[WorkReportStep.DISTRIBUTED] == dt.date(2020, 6, 12)


def test_the_rules_setting_decides_whether_a_recorded_step_was_late(
    world, committee_staff
):
    item = work_report(world, committee_staff)
    milestone_record(
        item=item,
        step=WorkReportStep.DISTRIBUTED,
        done_on=dt.date(2020, 6, 15),
        actor=committee_staff,
        today=dt.date(2020, 6, 20),
    )

    def state():
        steps = work_report_clock(item, today=dt.date(2020, 6, 20))
        return {s.step: s.state for s in steps}[WorkReportStep.DISTRIBUTED]

    assert state() == "done"  # due 17 June
    with override_settings(
        RENDA_SUPERVISION_RULES={"220400": {"distributed_days_before": 10}}
    ):
        assert state() == "late"  # due 12 June
