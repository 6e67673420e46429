"""Deliveries: one per notice and channel, retried with backoff, never in the way."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from renda.accounts.tests.factories import UserFactory
from renda.notifications.choices import (
    DeliveryChannel,
    DeliveryStatus,
    NotificationKind,
)
from renda.notifications.delivery import (
    deliveries_create,
    deliveries_due,
    deliveries_retry_due,
    delivery_attempt,
    retry_delay,
)
from renda.notifications.models import Delivery, Notification, NotificationPreference
from renda.notifications.selectors import delivery_outcomes
from renda.notifications.services import notification_send

PHONE = "13812345678"


@pytest.fixture
def sms_user(db):
    user = UserFactory(phone=PHONE)
    NotificationPreference.objects.create(user=user, sms=True)
    return user


def send(recipients, capture, **kwargs):
    values = {
        "recipients": recipients,
        "kind": NotificationKind.GENERIC,
        "title": "关于召开代表小组活动的通知",
        "body": "请于周五到联络站参加活动。",
        "url": "/stations/",
    }
    values.update(kwargs)
    with capture(execute=True):
        return notification_send(**values)


def test_a_notice_is_texted_after_the_commit_and_recorded_sent(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notice)
    assert delivery.channel == DeliveryChannel.SMS
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert delivery.next_attempt_at is None
    assert delivery.provider_message_id == "2645:00000000000000000001"
    assert [call.verified for call in sms_gateway.calls] == [True]


def test_a_failed_sms_is_retried_with_backoff_until_sent(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, settings
):
    settings.RENDA_DELIVERY_RETRY_BASE_SECONDS = 60
    sms_gateway.fail_first = 2
    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    # The first attempt ran at once and failed: recorded, a retry a minute later.
    delivery = Delivery.objects.get(notification=notice)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error.startswith("短信网关拒绝：InternalError.Timeout")
    assert PHONE not in delivery.last_error
    first_failure = delivery.next_attempt_at - dt.timedelta(seconds=60)
    assert abs((first_failure - timezone.now()).total_seconds()) < 30

    # Not before its time...
    early = delivery.next_attempt_at - dt.timedelta(seconds=1)
    assert deliveries_retry_due(now=early) == 0
    assert len(sms_gateway.calls) == 1

    # ...then the sweep queues it: the second attempt fails, the wait doubles.
    second_at = delivery.next_attempt_at
    assert deliveries_retry_due(now=second_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 2)
    assert delivery.next_attempt_at == second_at + dt.timedelta(seconds=120)

    # The third attempt goes through.
    third_at = delivery.next_attempt_at
    assert deliveries_retry_due(now=third_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert delivery.sent_at == third_at
    assert delivery.next_attempt_at is None
    # The last error stays on record for staff to read.
    assert "InternalError.Timeout" in delivery.last_error
    assert [call.answered for call in sms_gateway.calls] == [
        "InternalError.Timeout",
        "InternalError.Timeout",
        "Ok",
    ]
    assert all(call.verified for call in sms_gateway.calls)
    # Nothing is due any more, and a stray task changes nothing.
    assert deliveries_retry_due(now=third_at + dt.timedelta(days=1)) == 0
    assert delivery_attempt(delivery_id=delivery.pk) == "not-due"
    assert len(sms_gateway.calls) == 3


def test_backoff_doubles_up_to_the_cap(settings):
    settings.RENDA_DELIVERY_RETRY_BASE_SECONDS = 60
    settings.RENDA_DELIVERY_RETRY_MAX_SECONDS = 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_after_the_last_attempt_the_delivery_is_failed_for_good(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, settings
):
    settings.RENDA_DELIVERY_MAX_ATTEMPTS = 2
    sms_gateway.fail_first = 99
    [notice] = send([sms_user], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notice)

    deliveries_retry_due(now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert delivery.next_attempt_at is None
    assert not deliveries_due(timezone.now() + dt.timedelta(days=30)).exists()


def test_a_permanent_refusal_is_not_retried(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    sms_gateway.fail_first = 1
    sms_gateway.fail_code = "InvalidParameterValue.IncorrectPhoneNumber"
    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notice)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.next_attempt_at is None
    assert "IncorrectPhoneNumber" in delivery.last_error


def test_only_recipients_who_chose_sms_get_a_delivery_and_no_phone_is_skipped(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    no_choice = UserFactory(phone="13900001111")
    no_phone = UserFactory(phone="")
    NotificationPreference.objects.create(user=no_phone, sms=True)

    send([sms_user, no_choice, no_phone], django_capture_on_commit_callbacks)

    rows = {
        d.notification.recipient_id: d
        for d in Delivery.objects.select_related("notification")
    }
    assert set(rows) == {sms_user.pk, no_phone.pk}
    assert rows[sms_user.pk].status == DeliveryStatus.SENT
    assert rows[no_phone.pk].status == DeliveryStatus.SKIPPED
    assert rows[no_phone.pk].last_error == "未填写手机号码"
    assert len(sms_gateway.calls) == 1


def test_the_default_channels_come_from_settings(
    db, sms_gateway, django_capture_on_commit_callbacks, settings
):
    settings.RENDA_NOTIFICATION_DEFAULT_CHANNELS = ["SMS"]
    never_chose = UserFactory(phone="13900001111")

    [notice] = send([never_chose], django_capture_on_commit_callbacks)

    assert Delivery.objects.get(notification=notice).status == DeliveryStatus.SENT


def test_one_delivery_per_notice_and_channel(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    again = deliveries_create(notifications=[notice], channel=DeliveryChannel.SMS)

    assert again == []
    assert Delivery.objects.filter(notification=notice).count() == 1
    assert len(sms_gateway.calls) == 1


def test_turning_sms_off_before_the_retry_skips_it(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    sms_gateway.fail_first = 1
    [notice] = send([sms_user], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notice)
    NotificationPreference.objects.filter(user=sms_user).update(sms=False)

    deliveries_retry_due(now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert len(sms_gateway.calls) == 1


def test_an_unexpected_error_is_recorded_masked_and_retried(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(**kwargs):
        raise ValueError(f"cannot encode {kwargs['phone']}")

    monkeypatch.setattr("renda.notifications.delivery.sms_send", broken)
    caplog.set_level(logging.DEBUG)

    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notice)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "ValueError: cannot encode 138****5678"
    assert "ValueError" in caplog.text
    assert PHONE not in caplog.text


def test_phone_numbers_never_reach_the_logs(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    settings.RENDA_DELIVERY_MAX_ATTEMPTS = 3
    sms_gateway.fail_first = 2
    [notice] = send([sms_user], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notice)
    deliveries_retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    deliveries_retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT

    # The failures were logged (so the scan below looks at something)...
    assert "attempt 1 failed" in caplog.text
    assert "attempt 2 failed" in caplog.text
    # ...and no record, message, argument or traceback carries the number.
    for record in caplog.records:
        text = " ".join(
            [
                record.getMessage(),
                repr(record.args),
                record.exc_text or "",
                str(record.exc_info or ""),
            ]
        )
        assert PHONE not in text
        assert "138 1234 5678" not in text
    assert PHONE not in delivery.last_error


def test_a_provider_down_never_touches_the_step_that_caused_the_notice(
    sms_gateway,
    world,
    deputy,
    committee_staff,
    unit_staff,
    django_capture_on_commit_callbacks,
):
    from renda.suggestions import services as suggestion_services
    from renda.suggestions.choices import AssignmentRole, SuggestionStatus
    from renda.suggestions.tests.factories import accepted, moment

    sms_gateway.fail_first = 99
    unit_staff.phone = PHONE
    unit_staff.save(update_fields=["phone"])
    NotificationPreference.objects.create(user=unit_staff, sms=True)
    suggestion = accepted(world, deputy, committee_staff)

    with django_capture_on_commit_callbacks(execute=True):
        [assignment] = suggestion_services.suggestion_assign(
            suggestion=suggestion,
            units=[(world.unit_city, AssignmentRole.LEAD)],
            actor=committee_staff,
            now=moment(2025, 3, 3),
        )

    # The step committed and the in-app notice is there...
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ASSIGNED
    assert assignment.pk is not None
    notice = Notification.objects.get(recipient=unit_staff)
    assert notice.title.startswith("新交办：")
    # ...while the SMS failed, was recorded and waits for its retry.
    delivery = Delivery.objects.get(notification=notice)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.next_attempt_at > timezone.now()
    assert "InternalError.Timeout" in delivery.last_error
    assert [call.verified for call in sms_gateway.calls] == [True]
    # And staff can count the outcomes of the notices about the assignment.
    assert delivery_outcomes(
        target_type=notice.target_type, target_id=notice.target_id
    ) == {"SMS": {"PENDING": 1}}


def test_an_unreachable_queue_leaves_the_delivery_due_for_the_sweep(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("django_q.tasks.async_task", broker_down)
    [notice] = send([sms_user], django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(notification=notice)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    assert len(sms_gateway.calls) == 0
    monkeypatch.undo()

    assert deliveries_retry_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_a_row_claimed_by_another_worker_is_not_sent_twice(
    sms_gateway, sms_user, django_capture_on_commit_callbacks, monkeypatch
):
    # Worker A took the row (the claim moves next_attempt_at past the lease)
    # and is still sending: worker B, handed the same task, leaves it alone.
    monkeypatch.setattr("renda.notifications.delivery._enqueue", lambda *a: None)
    [notice] = send([sms_user], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notice)
    now = delivery.next_attempt_at
    claimed = Delivery.objects.filter(pk=delivery.pk, next_attempt_at__lte=now).update(
        next_attempt_at=now + dt.timedelta(minutes=10)
    )
    assert claimed == 1

    assert delivery_attempt(delivery_id=delivery.pk, now=now) == "not-due"
    assert sms_gateway.calls == []
    # A worker that died while sending: after the lease the row is due again.
    assert list(deliveries_due(now + dt.timedelta(minutes=10))) == [delivery]
    assert (
        delivery_attempt(delivery_id=delivery.pk, now=now + dt.timedelta(minutes=10))
        == "SENT"
    )
    assert len(sms_gateway.calls) == 1


def test_a_late_attempt_signs_with_the_time_it_runs(
    sms_gateway, sms_user, django_capture_on_commit_callbacks
):
    # A retry recorded hours after its task was queued (a worker that was down)
    # still signs with the wall clock, which the gateway accepts.
    sms_gateway.fail_first = 1
    [notice] = send([sms_user], django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=notice)

    later = delivery.next_attempt_at + dt.timedelta(hours=2)
    assert delivery_attempt(delivery_id=delivery.pk, now=later) == "SENT"

    assert [call.verified for call in sms_gateway.calls] == [True, True]
    delivery.refresh_from_db()
    assert delivery.sent_at == later
