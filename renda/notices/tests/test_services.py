"""Services of notices: publication resolves every kind of target into frozen
receipts, reading is idempotent, answers follow the form and its deadline,
reminders reach only those who have not read (or answered), withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from renda.congresses.choices import Level
from renda.core.errors import (
    ApplicationError,
    Conflict,
    InvalidTransition,
    PermissionDenied,
)
from renda.core.models import ActionLog
from renda.notifications.choices import NotificationKind
from renda.notifications.models import Notification

from .. import services
from ..choices import AnswerForm, NoticeEventKind, NoticeStatus, TargetKind
from ..models import NoticeReceipt
from ..selectors import InboxFilters, notice_inbox, notice_unread_count
from ..targets import TargetChoice
from .factories import deputy_user, make_notice

pytestmark = pytest.mark.django_db


def _names(notice):
    return sorted(notice.receipts.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("kind", "pick", "expected"),
    [
        (TargetKind.CONGRESS, lambda w: w.city_congress, ["丁照民", "白玉晶"]),
        (TargetKind.DELEGATION, lambda w: w.delegation, ["丁照民", "白玉晶"]),
        (TargetKind.GROUP, lambda w: w.group_xian, ["王芳"]),
        (TargetKind.STATION, lambda w: w.station_longshan, ["丁照民"]),
        (TargetKind.DEPUTY, lambda w: w.deputy_longshan, ["张贵"]),
    ],
)
def test_publish_resolves_each_target_kind(
    world, committee_staff, kind, pick, expected
):
    notice = make_notice(
        world, committee_staff, targets=[TargetChoice(kind, pick(world))], publish=True
    )

    assert notice.status == NoticeStatus.PUBLISHED
    assert _names(notice) == sorted(expected)


def test_publish_resolves_a_level_to_the_deputies_of_that_level_in_the_area(
    world, committee_staff
):
    notice = make_notice(
        world,
        committee_staff,
        targets=[TargetChoice(TargetKind.LEVEL, level=Level.COUNTY)],
        publish=True,
    )

    assert _names(notice) == sorted(["张贵", "王芳"])


def test_a_named_user_without_a_deputy_seat_is_a_recipient(
    world, committee_staff, unit_staff
):
    notice = make_notice(
        world,
        committee_staff,
        targets=[TargetChoice(TargetKind.USER, unit_staff)],
        publish=True,
    )

    receipt = notice.receipts.get()
    assert receipt.user == unit_staff
    assert receipt.deputy is None


def test_each_person_is_one_receipt_whatever_the_targets(
    world, committee_staff, deputy
):
    notice = make_notice(
        world,
        committee_staff,
        targets=[
            TargetChoice(TargetKind.CONGRESS, world.city_congress),
            TargetChoice(TargetKind.GROUP, world.group_longshan),
            TargetChoice(TargetKind.DEPUTY, world.deputy_city_a),
            TargetChoice(TargetKind.USER, deputy),
        ],
        publish=True,
    )

    assert _names(notice) == sorted(["丁照民", "白玉晶"])
    assert notice.receipts.get(deputy=world.deputy_city_a).user == deputy


def test_deputies_without_an_account_are_kept_as_undeliverable(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice(world, committee_staff, publish=True)

    lost = notice.receipts.get(deputy=world.deputy_city_b)
    assert lost.user is None
    assert not lost.deliverable
    sent = Notification.objects.filter(kind=NotificationKind.NOTICE)
    assert list(sent.values_list("recipient", flat=True)) == [deputy.pk]
    event = notice.events.get(kind=NoticeEventKind.PUBLISHED)
    assert event.payload == {"recipients": 2, "undeliverable": 1}


def test_receipts_are_frozen_at_publication(world, committee_staff, deputy):
    notice = make_notice(
        world,
        committee_staff,
        targets=[TargetChoice(TargetKind.GROUP, world.group_longshan)],
        publish=True,
    )

    world.group_longshan.members.add(world.deputy_city_b)

    assert _names(notice) == ["丁照民"]


def test_a_rolled_back_publication_tells_nobody(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    notice = make_notice(world, committee_staff)

    def publish_then_fail():
        with transaction.atomic():
            services.notice_publish(notice=notice, actor=committee_staff)
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        publish_then_fail()

    assert callbacks == []
    assert not Notification.objects.exists()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    assert not NoticeReceipt.objects.exists()


def test_publishing_twice_is_a_wrong_state(world, committee_staff):
    notice = make_notice(world, committee_staff, publish=True)

    with pytest.raises(InvalidTransition) as error:
        services.notice_publish(notice=notice, actor=committee_staff)

    assert error.value.message == "该通知当前状态为“已发布”，不能发布。"


def test_a_draft_without_targets_cannot_be_published(world, committee_staff):
    notice = make_notice(world, committee_staff, targets=[])

    with pytest.raises(ApplicationError) as error:
        services.notice_publish(notice=notice, actor=committee_staff)

    assert (error.value.field, error.value.message) == (
        "targets",
        "请至少选择一个通知对象。",
    )


def test_a_past_deadline_stops_publication(world, committee_staff):
    notice = make_notice(
        world,
        committee_staff,
        answer_deadline=timezone.now() - dt.timedelta(hours=1),
    )

    with pytest.raises(ApplicationError) as error:
        services.notice_publish(notice=notice, actor=committee_staff)

    assert error.value.field == "answer_deadline"


def test_targets_outside_the_congress_area_are_refused(world, district_staff):
    with pytest.raises(ApplicationError) as error:
        services.notice_create(
            congress=world.xian_congress,
            title="通知",
            body="正文",
            targets=[TargetChoice(TargetKind.GROUP, world.group_longshan)],
            actor=district_staff,
        )

    assert error.value.field == "targets"
    assert "不在辽源市西安区人民代表大会的工作范围内" in error.value.message


def test_only_the_congress_staff_write_its_notices(world, district_staff, deputy):
    for actor in (district_staff, deputy):
        with pytest.raises(PermissionDenied):
            make_notice(world, actor)


def test_a_custom_form_needs_options_and_a_plain_notice_no_deadline(
    world, committee_staff
):
    with pytest.raises(ApplicationError) as error:
        make_notice(world, committee_staff, answer_form=AnswerForm.CUSTOM)
    assert error.value.field == "answer_options"

    with pytest.raises(ApplicationError) as error:
        make_notice(
            world,
            committee_staff,
            answer_form=AnswerForm.NONE,
            answer_deadline=timezone.now() + dt.timedelta(days=1),
        )
    assert error.value.field == "answer_deadline"

    notice = make_notice(
        world,
        committee_staff,
        answer_form=AnswerForm.CUSTOM,
        answer_options=["参加", " 请假 ", "参加"],
    )
    assert notice.answer_options == ["参加", "请假"]


def test_reading_is_idempotent_and_reads_the_message_too(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice(world, committee_staff, publish=True)
    first = timezone.now() - dt.timedelta(minutes=5)

    services.receipt_mark_read(notice=notice, user=deputy, now=first)
    receipt = services.receipt_mark_read(notice=notice, user=deputy)

    assert receipt.read_at == first
    assert ActionLog.objects.filter(action="notice.read").count() == 1
    assert Notification.objects.get(recipient=deputy).read_at == first


def test_someone_else_cannot_read_or_answer(world, committee_staff, unit_staff):
    notice = make_notice(world, committee_staff, publish=True)

    with pytest.raises(PermissionDenied):
        services.receipt_mark_read(notice=notice, user=unit_staff)
    with pytest.raises(PermissionDenied):
        services.receipt_answer(notice=notice, user=unit_staff, answer="收到")


def test_answers_follow_the_form_and_change_until_the_deadline(
    world, committee_staff, deputy
):
    deadline = timezone.now() + dt.timedelta(days=2)
    notice = make_notice(
        world,
        committee_staff,
        answer_form=AnswerForm.ATTEND,
        answer_deadline=deadline,
        publish=True,
    )

    with pytest.raises(ApplicationError) as error:
        services.receipt_answer(notice=notice, user=deputy, answer="收到")
    assert (error.value.field, error.value.message) == (
        "answer",
        "请选择回复：参加、不参加。",
    )

    receipt = services.receipt_answer(notice=notice, user=deputy, answer="参加")
    assert receipt.read_at is not None
    receipt = services.receipt_answer(notice=notice, user=deputy, answer="不参加")
    assert receipt.answer == "不参加"

    with pytest.raises(Conflict) as error:
        services.receipt_answer(
            notice=notice,
            user=deputy,
            answer="参加",
            now=deadline + dt.timedelta(minutes=1),
        )
    assert "截止" in error.value.message
    receipt.refresh_from_db()
    assert receipt.answer == "不参加"


def test_a_notice_that_asks_nothing_takes_no_answer(world, committee_staff, deputy):
    notice = make_notice(
        world, committee_staff, answer_form=AnswerForm.NONE, publish=True
    )

    with pytest.raises(ApplicationError) as error:
        services.receipt_answer(notice=notice, user=deputy, answer="收到")

    assert error.value.field == "answer"


def test_remind_reaches_only_those_who_have_not_read(
    world, committee_staff, deputy, django_capture_on_commit_callbacks
):
    other = deputy_user(world.deputy_city_b, "baiyujing")
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice(
            world, committee_staff, answer_form=AnswerForm.NONE, publish=True
        )
    services.receipt_mark_read(notice=notice, user=deputy)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.notice_remind(notice=notice, actor=committee_staff)

    assert reminded == 1
    reminders = Notification.objects.filter(kind=NotificationKind.NOTICE_REMINDER)
    assert list(reminders.values_list("recipient", flat=True)) == [other.pk]
    assert notice.receipts.get(user=other).remind_count == 1
    assert notice.receipts.get(user=deputy).remind_count == 0


def test_remind_also_reaches_readers_who_have_not_answered(
    world, committee_staff, deputy
):
    notice = make_notice(
        world, committee_staff, answer_form=AnswerForm.ATTEND, publish=True
    )
    services.receipt_mark_read(notice=notice, user=deputy)

    assert services.notice_remind(notice=notice, actor=committee_staff) == 1

    services.receipt_answer(notice=notice, user=deputy, answer="参加")
    with pytest.raises(Conflict) as error:
        services.notice_remind(
            notice=notice,
            actor=committee_staff,
            now=timezone.now() + dt.timedelta(hours=2),
        )
    assert error.value.code == "notices.nothing_to_remind"


def test_remind_at_most_once_an_hour(world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    now = timezone.now()
    services.notice_remind(notice=notice, actor=committee_staff, now=now)

    with pytest.raises(Conflict) as error:
        services.notice_remind(
            notice=notice, actor=committee_staff, now=now + dt.timedelta(minutes=59)
        )
    assert error.value.message == "距上次提醒不足 1 小时，请稍后再提醒。"

    services.notice_remind(
        notice=notice, actor=committee_staff, now=now + dt.timedelta(minutes=60)
    )
    notice.refresh_from_db()
    assert notice.remind_rounds == 2
    assert notice.receipts.get(user=deputy).remind_count == 2


@override_settings(RENDA_NOTICES_REMIND_INTERVAL_MINUTES=10)
def test_the_remind_interval_is_a_setting(world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    now = timezone.now()
    services.notice_remind(notice=notice, actor=committee_staff, now=now)

    with pytest.raises(Conflict) as error:
        services.notice_remind(
            notice=notice, actor=committee_staff, now=now + dt.timedelta(minutes=9)
        )
    assert "10 分钟" in error.value.message
    services.notice_remind(
        notice=notice, actor=committee_staff, now=now + dt.timedelta(minutes=10)
    )


def test_withdraw_needs_a_reason_and_ends_reading(world, committee_staff, deputy):
    notice = make_notice(world, committee_staff, publish=True)
    assert notice_unread_count(deputy) == 1

    with pytest.raises(ApplicationError) as error:
        services.notice_withdraw(notice=notice, reason="  ", actor=committee_staff)
    assert (error.value.field, error.value.message) == ("reason", "请填写撤回理由。")

    services.notice_withdraw(notice=notice, reason="内容有误", actor=committee_staff)

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.receipt_mark_read(notice=notice, user=deputy)
    with pytest.raises(InvalidTransition):
        services.notice_remind(notice=notice, actor=committee_staff)
    assert notice_unread_count(deputy) == 0
    assert [r.notice_id for r in notice_inbox(deputy)] == [notice.pk]


def test_the_unread_count_is_the_unread_list_length(world, committee_staff, deputy):
    now = timezone.now()
    first = make_notice(world, committee_staff, title="第一条")
    services.notice_publish(
        notice=first, actor=committee_staff, now=now - dt.timedelta(days=2)
    )
    second = make_notice(world, committee_staff, title="第二条")
    services.notice_publish(
        notice=second, actor=committee_staff, now=now - dt.timedelta(days=1)
    )
    make_notice(world, committee_staff, title="草稿")
    services.receipt_mark_read(notice=second, user=deputy)

    unread = list(notice_inbox(deputy, InboxFilters(unread=True)))
    assert notice_unread_count(deputy) == len(unread) == 1
    assert [r.notice.title for r in notice_inbox(deputy)] == ["第二条", "第一条"]
    assert [
        r.notice.title for r in notice_inbox(deputy, InboxFilters(unread_first=True))
    ] == ["第一条", "第二条"]


def test_drafts_change_only_before_publication(world, committee_staff):
    notice = make_notice(world, committee_staff)

    services.notice_update(
        notice=notice,
        title="新标题",
        body="新正文",
        answer_form=AnswerForm.NONE,
        targets=[TargetChoice(TargetKind.DEPUTY, world.deputy_xian)],
        actor=committee_staff,
    )
    notice.refresh_from_db()
    assert notice.title == "新标题"
    assert [t.label for t in notice.targets.all()] == ["王芳"]
    assert notice.events.last().payload["fields"] == [
        "title",
        "body",
        "answer_form",
        "answer_options",
        "targets",
    ]

    services.notice_publish(notice=notice, actor=committee_staff)
    with pytest.raises(InvalidTransition):
        services.notice_update(
            notice=notice, title="再改", body="x", actor=committee_staff
        )
