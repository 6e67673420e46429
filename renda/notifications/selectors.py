"""Reads of notices: a user sees their own and nobody else's."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.http import Http404

from renda.core.masking import mask_phone

from . import backends
from .choices import DeliveryChannel, DeliveryStatus
from .delivery import preference_for
from .models import Delivery, Notification, NotificationPreference


def notifications_visible_to(user) -> QuerySet[Notification]:
    """Return the user's own notices (none for anonymous users)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def notification_list(*, user) -> QuerySet[Notification]:
    """Return the user's notices, unread first, newest first within each."""
    return notifications_visible_to(user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_notification_for_user(user, pk) -> Notification:
    """Return one of the user's notices, or raise 404 without saying whether it exists."""
    try:
        return notifications_visible_to(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unread_count(user) -> int:
    """Count the user's unread notices, once per user object (one request).

    The badge of every page and the workbench's tile ask for it; marking
    notices read through the services forgets it (``forget_unread_count``).
    """
    count = getattr(user, "_renda_unread_count", None)
    if count is None:
        count = notifications_visible_to(user).filter(read_at__isnull=True).count()
        user._renda_unread_count = count
    return count


def forget_unread_count(user) -> None:
    """Drop the count remembered on the user object (after marking notices read).

    ``del`` reaches the user behind ``request.user``'s lazy wrapper, whose own
    ``__dict__`` is not the user's.
    """
    with contextlib.suppress(AttributeError):
        del user._renda_unread_count


@dataclass(frozen=True)
class PreferenceDetail:
    """What the 接收方式 page and API show: the choice, and what it can reach."""

    preference: NotificationPreference
    phone_masked: str
    sms_available: bool
    wecom_available: bool


def delivery_channels_enabled() -> set[str]:
    """Return the channels beyond the app that this site is configured to send on."""
    enabled = set()
    for backend in backends.backends():
        channel = getattr(backend, "channel", "")
        if channel:
            enabled.add(channel)
    return enabled


def notification_preference_detail(user) -> PreferenceDetail:
    """Return the user's 接收方式 (the site's defaults until they choose)."""
    enabled = delivery_channels_enabled()
    return PreferenceDetail(
        preference=preference_for(user),
        phone_masked=mask_phone(user.phone),
        sms_available=DeliveryChannel.SMS in enabled,
        wecom_available=DeliveryChannel.WECOM in enabled,
    )


def delivery_outcomes(*, target_type: str, target_id: str) -> dict[str, dict[str, int]]:
    """Count the deliveries of the notices about one object, by channel and status.

    For staff pages (a 通知公告's receipts): ``{"SMS": {"SENT": 12, "FAILED": 1}}``.
    One query.
    """
    rows = (
        Delivery.objects.filter(
            notification__target_type=target_type, notification__target_id=target_id
        )
        .values("channel", "status")
        .annotate(count=Count("id"))
    )
    outcomes: dict[str, dict[str, int]] = {}
    for row in rows:
        outcomes.setdefault(row["channel"], {})[row["status"]] = row["count"]
    return outcomes


def deliveries_of(notification: Notification) -> QuerySet[Delivery]:
    """Return one notice's deliveries beyond the app, by channel."""
    return Delivery.objects.filter(notification=notification).order_by("channel")


@dataclass(frozen=True)
class DeliveryOutcomeRow:
    """One channel's line in a staff page's 推送结果 table."""

    channel: str
    label: str
    sent: int
    pending: int
    failed: int
    skipped: int


def delivery_outcome_rows(*, target) -> list[DeliveryOutcomeRow]:
    """Return the 推送结果 lines (one per channel used) of the notices about ``target``.

    For the partial ``notifications/_delivery_outcomes.html`` (context ``outcomes``).
    """
    outcomes = delivery_outcomes(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    )
    return [
        DeliveryOutcomeRow(
            channel=channel.value,
            label=str(channel.label),
            sent=outcomes[channel].get(DeliveryStatus.SENT, 0),
            pending=outcomes[channel].get(DeliveryStatus.PENDING, 0),
            failed=outcomes[channel].get(DeliveryStatus.FAILED, 0),
            skipped=outcomes[channel].get(DeliveryStatus.SKIPPED, 0),
        )
        for channel in DeliveryChannel
        if channel in outcomes
    ]
