"""The daily job: deadline notices to the right people, once a day; closing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification
from renda.suggestions import services
from renda.suggestions.choices import AssignmentRole, Channel, SuggestionStatus
from renda.suggestions.daily import deadline_notices_send, suggestions_daily
from renda.suggestions.models import Suggestion

from .factories import START, assigned, moment, reply, submitted, unit_user

DUE_SOON = NotificationKind.SUGGESTION_DUE_SOON
OVERDUE = NotificationKind.SUGGESTION_OVERDUE

# From Monday 2025-03-03: HOTLINE due 03-10, VOICE due 03-18, FORMAL due 06-03.


def run(today: dt.date) -> str:
    out = StringIO()
    call_command("suggestions_daily", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def notices(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("pk"))


@pytest.fixture
def hotline(world, deputy, committee_staff, unit_staff):
    _suggestion, [assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.HOTLINE, now=START
    )
    return assignment


def test_due_soon_notice_goes_to_the_unit_and_the_congress_staff(
    world, hotline, deputy, committee_staff, unit_staff, leader
):
    output = run(dt.date(2025, 3, 8))

    [unit_notice] = notices(unit_staff)
    assert unit_notice.kind == DUE_SOON
    assert unit_notice.title == "即将到期：关于改善东吉大路交通秩序的建议"
    assert "办理期限为2025年3月10日，还剩2天" in unit_notice.body
    assert (unit_notice.target_type, unit_notice.target_id) == (
        "suggestions.assignment",
        str(hotline.pk),
    )
    assert unit_notice.url == reverse("suggestions:unit_reply", args=[hotline.pk])
    [staff_notice] = notices(committee_staff)
    assert staff_notice.kind == DUE_SOON
    assert staff_notice.url == reverse(
        "suggestions:detail", args=[hotline.suggestion_id]
    )
    assert notices(deputy) == []
    assert notices(leader) == []
    assert "即将到期 1 项、已超期 0 项；新发消息 2 条" in output


def test_no_notice_before_the_window(world, hotline, unit_staff, committee_staff):
    output = run(dt.date(2025, 3, 6))  # due in 4 days
    assert Notification.objects.count() == 0
    assert "即将到期 0 项、已超期 0 项；新发消息 0 条" in output


def test_due_today_is_due_soon_and_the_day_after_is_overdue(world, hotline, unit_staff):
    run(dt.date(2025, 3, 10))
    run(dt.date(2025, 3, 12))

    due_today, late = notices(unit_staff)
    assert due_today.kind == DUE_SOON
    assert "今天到期" in due_today.body
    assert late.kind == OVERDUE
    assert late.title == "已超期：关于改善东吉大路交通秩序的建议"
    assert "已超期2天" in late.body


def test_window_follows_the_setting(world, hotline, unit_staff, settings):
    settings.RENDA_SUGGESTION_DUE_SOON_DAYS = 5
    run(dt.date(2025, 3, 5))  # due in 5 days
    assert [n.kind for n in notices(unit_staff)] == [DUE_SOON]


def test_running_twice_the_same_day_sends_nothing_new(
    world, hotline, unit_staff, committee_staff
):
    run(dt.date(2025, 3, 11))
    before = list(Notification.objects.values_list("pk", flat=True))

    output = run(dt.date(2025, 3, 11))

    assert list(Notification.objects.values_list("pk", flat=True)) == before
    assert len(before) == 2
    assert "已超期 1 项；新发消息 0 条" in output
    # The next day is a new notice.
    run(dt.date(2025, 3, 12))
    assert len(notices(unit_staff, OVERDUE)) == 2


def test_other_units_and_other_congresses_are_not_notified(
    world, hotline, unit_staff, committee_staff, district_staff
):
    other_unit_user = unit_user(world.unit_xian, "xian_unit")
    run(dt.date(2025, 3, 11))
    assert notices(other_unit_user) == []
    assert notices(district_staff) == []
    assert len(notices(unit_staff)) == 1


def test_each_congress_hears_of_its_own_items(
    world, hotline, unit_staff, committee_staff, district_staff
):
    xian_unit_user = unit_user(world.unit_xian, "xian_unit")
    suggestion = submitted(
        world,
        district_staff,
        congress=world.xian_congress,
        term=world.xian_congress.current_term(),
        lead_deputy=world.deputy_xian,
        region=world.xian,
        channel=Channel.HOTLINE,
        title="关于仙城街道路灯维修的建议",
    )
    services.suggestion_accept(suggestion=suggestion, actor=district_staff, now=START)
    services.suggestion_assign(
        suggestion=suggestion,
        units=[(world.unit_xian, AssignmentRole.LEAD)],
        actor=district_staff,
        now=START,
    )

    run(dt.date(2025, 3, 11))

    assert [n.title for n in notices(district_staff)] == [
        "已超期：关于仙城街道路灯维修的建议"
    ]
    assert [n.title for n in notices(xian_unit_user)] == [
        "已超期：关于仙城街道路灯维修的建议"
    ]
    assert [n.title for n in notices(committee_staff)] == [
        "已超期：关于改善东吉大路交通秩序的建议"
    ]
    assert [n.title for n in notices(unit_staff)] == [
        "已超期：关于改善东吉大路交通秩序的建议"
    ]


def test_replied_and_returned_assignments_get_no_notice(
    world, deputy, committee_staff, unit_staff
):
    _one, [replied_assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.HOTLINE, title="已答复的建议"
    )
    reply(replied_assignment, unit_staff, now=moment(2025, 3, 5))
    _two, [returned_assignment] = assigned(
        world, deputy, committee_staff, channel=Channel.HOTLINE, title="退回的建议"
    )
    services.assignment_return(
        assignment=returned_assignment,
        reason="不属于本单位职责范围。",
        actor=unit_staff,
        now=moment(2025, 3, 4),
    )

    due_soon, overdue, created = deadline_notices_send(today=dt.date(2025, 3, 11))

    assert (due_soon, overdue, created) == (0, 0, 0)
    assert Notification.objects.count() == 0


def test_a_unit_with_several_roles_counts_each_assignment(
    world, deputy, committee_staff, unit_staff
):
    from renda.units.tests.factories import HandlingUnitFactory

    joint_unit = HandlingUnitFactory(name="辽源市交通运输局", region=world.city)
    joint_user = unit_user(joint_unit, "joint")
    assigned(
        world,
        deputy,
        committee_staff,
        channel=Channel.VOICE,
        units=[
            (world.unit_city, AssignmentRole.LEAD),
            (joint_unit, AssignmentRole.JOINT),
        ],
    )

    run(dt.date(2025, 3, 19))  # VOICE: due 03-18 for both

    assert [n.kind for n in notices(unit_staff)] == [OVERDUE]
    [joint_notice] = notices(joint_user)
    assert "辽源市交通运输局会办的建议" in joint_notice.body
    assert len(notices(committee_staff)) == 2


def test_daily_closes_items_whose_rating_window_passed(
    world, deputy, committee_staff, unit_staff
):
    suggestion, [assignment] = assigned(world, deputy, committee_staff)
    reply(assignment, unit_staff, now=moment(2025, 3, 10))

    report = suggestions_daily(today=dt.date(2025, 4, 30))

    assert report.closed == 1
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.CLOSED
    assert "测评期满办结 1 件" in report.summary()


def test_bad_today_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="--today 日期格式不正确"):
        call_command("suggestions_daily", "--today", "2025-13-40", stdout=StringIO())
    assert Notification.objects.count() == 0
