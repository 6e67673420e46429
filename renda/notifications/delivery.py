"""Delivery of notices beyond the app: one Delivery row per notice and channel.

The flow (docs/notifications.md):

1. ``notification_send`` commits; its ``on_commit`` hands the new notices to the
   configured backends. ``SmsBackend`` / ``WeComBackend`` call
   ``deliveries_create``: one row per recipient who chose the channel (SKIPPED
   when they have no phone number or 企业微信 account), and one queued task
   ``delivery_attempt`` per row. Nothing here runs inside the transition's
   transaction, so a provider that is down never touches the step that caused
   the notice.
2. ``delivery_attempt`` claims the row (a conditional update, so two workers never
   send the same row), sends, and records SENT with the provider's message id, or
   the masked error with ``next_attempt_at`` moved back exponentially, or FAILED
   once the attempts are used up or the provider refuses the recipient for good.
3. ``deliveries_retry_due`` (scheduled every minute) queues every row whose
   ``next_attempt_at`` has come: the retries, and first attempts whose task was
   lost (a broker that was down).
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .choices import DeliveryChannel, DeliveryStatus
from .errors import DeliveryError, masked
from .models import Delivery, Notification, NotificationPreference
from .sms import sms_send
from .wecom import wecom_send

logger = logging.getLogger(__name__)

TASK_ATTEMPT = "renda.notifications.tasks.delivery_attempt"
# A claimed row is not handed out again for this long (a worker that died while
# sending leaves it to the next sweep after the lease).
CLAIM_LEASE = dt.timedelta(minutes=10)
# How many due rows one sweep queues.
RETRY_BATCH = 500

NO_ADDRESS = {
    DeliveryChannel.SMS: "未填写手机号码",
    DeliveryChannel.WECOM: "未填写企业微信账号",
}


def preference_for(user) -> NotificationPreference:
    """Return the user's 接收方式 (unsaved, from the settings' defaults, if never chosen)."""
    preference = NotificationPreference.objects.filter(user_id=user.pk).first()
    return preference or default_preference(user)


def default_preference(user) -> NotificationPreference:
    """Return an unsaved preference holding the site's default channels."""
    defaults = set(settings.RENDA_NOTIFICATION_DEFAULT_CHANNELS)
    return NotificationPreference(
        user=user,
        sms=DeliveryChannel.SMS in defaults,
        wecom=DeliveryChannel.WECOM in defaults,
    )


def _address(channel: str, user, preference: NotificationPreference) -> str:
    if channel == DeliveryChannel.SMS:
        return (user.phone or "").strip()
    return (preference.wecom_userid or "").strip()


def _enqueue(delivery_id: int, now: dt.datetime | None = None) -> None:
    # Imported here so that importing the app never needs django-q's broker.
    from django_q.tasks import async_task

    extra = {"now": now} if now is not None else {}
    try:
        async_task(
            TASK_ATTEMPT, delivery_id, task_name=f"delivery-{delivery_id}", **extra
        )
    except Exception:
        # The row stays due; the next sweep queues it again.
        logger.exception("Could not queue delivery %s", delivery_id)


def deliveries_create(
    *,
    notifications: Sequence[Notification],
    channel: str,
    now: dt.datetime | None = None,
) -> list[Delivery]:
    """Record one delivery per notice whose recipient chose the channel, and queue them.

    Runs after the notices' transaction committed. A notice that already has a
    delivery on the channel gets nothing new. Returns the rows created.
    """
    # A task is handed ``now`` only when the caller gave one (tests, a re-run):
    # otherwise it uses the time it actually runs, which may be later.
    task_now = now
    now = now or timezone.now()
    user_ids = {n.recipient_id for n in notifications}
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user_id__in=user_ids)
    }
    already = set(
        Delivery.objects.filter(
            notification__in=notifications, channel=channel
        ).values_list("notification_id", flat=True)
    )
    rows = []
    for notification in notifications:
        if notification.pk in already:
            continue
        user = notification.recipient
        preference = preferences.get(user.pk) or default_preference(user)
        if channel not in preference.channels():
            continue
        if _address(channel, user, preference):
            rows.append(
                Delivery(
                    notification=notification, channel=channel, next_attempt_at=now
                )
            )
        else:
            rows.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    status=DeliveryStatus.SKIPPED,
                    last_error=NO_ADDRESS[channel],
                )
            )
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    # ignore_conflicts leaves pk unset on some databases: read the rows back.
    pending = list(
        Delivery.objects.filter(
            notification__in=[row.notification for row in rows],
            channel=channel,
            status=DeliveryStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )
    for delivery_id in pending:
        _enqueue(delivery_id, task_now)
    return created


def retry_delay(attempts: int) -> dt.timedelta:
    """Return the wait before the next attempt after ``attempts`` failed ones (1, 2, 4...)."""
    base = settings.RENDA_DELIVERY_RETRY_BASE_SECONDS
    seconds = min(
        base * 2 ** max(attempts - 1, 0), settings.RENDA_DELIVERY_RETRY_MAX_SECONDS
    )
    return dt.timedelta(seconds=seconds)


def _sender(channel: str) -> Callable[[Delivery, str], str]:
    def send_sms(delivery: Delivery, address: str) -> str:
        # The signature's timestamp is the wall clock: Tencent refuses one more
        # than 5 minutes off, whatever time the attempt is recorded at.
        return sms_send(
            phone=address, title=delivery.notification.title, now=timezone.now()
        )

    def send_wecom(delivery: Delivery, address: str) -> str:
        notification = delivery.notification
        return wecom_send(
            userid=address,
            title=notification.title,
            body=notification.body,
            url=notification.url,
        )

    return {DeliveryChannel.SMS: send_sms, DeliveryChannel.WECOM: send_wecom}[channel]


def delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """Make one attempt at a due delivery and record its outcome; return the status.

    A row that is not due (sent, given up, claimed by another worker, or
    waiting for its retry time) is left alone.
    """
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
    ).update(next_attempt_at=now + CLAIM_LEASE, updated_at=now)
    if not claimed:
        return "not-due"
    delivery = Delivery.objects.select_related("notification__recipient").get(
        pk=delivery_id
    )
    user = delivery.notification.recipient
    preference = preference_for(user)
    address = _address(delivery.channel, user, preference)
    if delivery.channel not in preference.channels() or not user.is_active:
        return _record(
            delivery, now, status=DeliveryStatus.SKIPPED, error="接收人已关闭此渠道"
        )
    if not address:
        return _record(
            delivery,
            now,
            status=DeliveryStatus.SKIPPED,
            error=NO_ADDRESS[delivery.channel],
        )
    attempts = delivery.attempts + 1
    try:
        message_id = _sender(delivery.channel)(delivery, address)
    except DeliveryError as error:
        return _failed(
            delivery, now, attempts, masked(error.message, address), error.permanent
        )
    except Exception as error:
        # An unexpected fault (a bug, a library error): recorded and retried like
        # a provider's, its text masked, its traceback logged masked too (an
        # exception's text may quote the request, and so the phone number).
        logger.error(
            "Delivery %s (%s) raised %s",
            delivery.pk,
            delivery.channel,
            masked(traceback.format_exc(), address, limit=None),
        )
        return _failed(
            delivery,
            now,
            attempts,
            masked(f"{type(error).__name__}: {error}", address),
            False,
        )
    return _record(
        delivery,
        now,
        status=DeliveryStatus.SENT,
        attempts=attempts,
        message_id=message_id,
    )


def _failed(
    delivery: Delivery, now: dt.datetime, attempts: int, error: str, permanent: bool
) -> str:
    give_up = permanent or attempts >= settings.RENDA_DELIVERY_MAX_ATTEMPTS
    logger.warning(
        "Delivery %s (%s) attempt %d failed%s: %s",
        delivery.pk,
        delivery.channel,
        attempts,
        ", giving up" if give_up else "",
        error,
    )
    return _record(
        delivery,
        now,
        status=DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING,
        attempts=attempts,
        error=error,
        next_attempt_at=None if give_up else now + retry_delay(attempts),
    )


def _record(
    delivery: Delivery,
    now: dt.datetime,
    *,
    status: str,
    attempts: int | None = None,
    error: str = "",
    message_id: str = "",
    next_attempt_at: dt.datetime | None = None,
) -> str:
    delivery.status = status
    if attempts is not None:
        delivery.attempts = attempts
    delivery.next_attempt_at = next_attempt_at
    if error:
        delivery.last_error = masked(error)
    if status == DeliveryStatus.SENT:
        delivery.sent_at = now
        delivery.provider_message_id = message_id[:128]
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "sent_at",
            "provider_message_id",
            "updated_at",
        ]
    )
    return str(status)


def deliveries_due(now: dt.datetime | None = None):
    """Return the deliveries whose attempt is due (first attempts and retries)."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        Q(status=DeliveryStatus.PENDING) & Q(next_attempt_at__lte=now)
    ).order_by("next_attempt_at", "id")


def deliveries_retry_due(*, now: dt.datetime | None = None) -> int:
    """Queue every due delivery; return how many were queued."""
    ids = list(deliveries_due(now).values_list("pk", flat=True)[:RETRY_BATCH])
    for delivery_id in ids:
        _enqueue(delivery_id, now)
    return len(ids)
