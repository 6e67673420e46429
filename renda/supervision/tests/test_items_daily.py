"""The daily job: missed work-report steps told once to the congress's staff."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.supervision import daily
from renda.supervision.choices import WorkReportStep
from renda.supervision.services.items import milestone_record

from .factories_items import work_report

pytestmark = pytest.mark.django_db


def test_missed_steps_are_told_once(world, committee_staff):
    item = work_report(world, committee_staff)
    milestone_record(
        item=item,
        step=WorkReportStep.OPINIONS_SENT,
        done_on=dt.date(2020, 5, 20),
        actor=committee_staff,
        today=dt.date(2020, 6, 5),
    )
    # On 5 June the draft (due 4 June) is missed; the opinions are done.
    lines = daily.supervision_daily(dt.date(2020, 6, 5))
    assert len(lines) == 1
    assert "报告稿送专门委员会" in lines[0]
    notice = Notification.objects.get()
    assert notice.recipient == committee_staff
    assert notice.kind == NotificationKind.SUPERVISION_DUE
    assert daily.supervision_daily(dt.date(2020, 6, 5)) == []
    assert daily.supervision_daily(dt.date(2020, 6, 6)) == []
    assert Notification.objects.count() == 1
    # A week later the revised report (due 12 June) is missed too.
    assert len(daily.supervision_daily(dt.date(2020, 6, 13))) == 1
    assert Notification.objects.count() == 2


def test_the_command_prints_what_it_sent_and_is_idempotent(world, committee_staff):
    work_report(world, committee_staff)
    out = StringIO()
    call_command("supervision_daily", "--date", "2020-06-05", stdout=out)
    assert "征求意见并交报告机关" in out.getvalue()
    assert "共发送 2 项提醒" in out.getvalue()
    out = StringIO()
    call_command("supervision_daily", "--date", "2020-06-05", stdout=out)
    assert "共发送 0 项提醒" in out.getvalue()


@override_settings(
    RENDA_SUPERVISION_RULES={"default": {"draft_received_days_before": 40}}
)
def test_the_rules_setting_changes_the_daily_job(world, committee_staff):
    work_report(world, committee_staff)
    # With the draft due 40 days before, on 20 May it is already missed.
    lines = daily.supervision_daily(dt.date(2020, 5, 20))
    assert [line for line in lines if "报告稿送专门委员会" in line]


def test_checks_are_a_plain_list():
    assert daily.missed_milestones in daily.CHECKS
