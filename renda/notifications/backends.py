"""Delivery channels for notices: a small registry read from settings.

``RENDA_NOTIFICATION_BACKENDS`` lists dotted paths of backend classes. Each
backend gets the notices that ``notification_send`` has just created, after the
transaction commits (``transaction.on_commit``), so a rolled-back write never
sends anything. In-app delivery is the ``Notification`` row itself: the in-app
backend has nothing more to do. ``SmsBackend`` and ``WeComBackend`` record one
``Delivery`` per notice and queue it as a task (``delivery.py``); the 12345
hotline plugs in as a further backend (docs/notifications.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.utils.module_loading import import_string

from .choices import DeliveryChannel
from .delivery import deliveries_create

logger = logging.getLogger(__name__)

DEFAULT_BACKENDS = ["renda.notifications.backends.InAppBackend"]


class NotificationBackend:
    """A delivery channel. Subclasses set ``name`` and implement ``deliver``."""

    name = ""

    def deliver(self, notifications: Sequence) -> None:
        """Deliver the notices (already saved); raise nothing for one bad recipient."""
        raise NotImplementedError


class InAppBackend(NotificationBackend):
    """The 消息 page: the saved row is the delivery."""

    name = "in_app"

    def deliver(self, notifications: Sequence) -> None:
        return None


class ChannelBackend(NotificationBackend):
    """A channel beyond the app: one Delivery per notice, each sent by a task."""

    channel = ""

    def deliver(self, notifications: Sequence) -> None:
        deliveries_create(notifications=list(notifications), channel=self.channel)


class SmsBackend(ChannelBackend):
    """短信 through Tencent Cloud SMS (renda/notifications/sms.py)."""

    name = "sms"
    channel = DeliveryChannel.SMS


class WeComBackend(ChannelBackend):
    """企业微信 application messages (renda/notifications/wecom.py)."""

    name = "wecom"
    channel = DeliveryChannel.WECOM


def backends() -> list[NotificationBackend]:
    """Return one instance of every configured backend, in order."""
    paths = getattr(settings, "RENDA_NOTIFICATION_BACKENDS", DEFAULT_BACKENDS)
    return [import_string(path)() for path in paths]


def deliver(notifications: Sequence) -> None:
    """Hand the notices to every backend; one failing channel does not stop the others."""
    if not notifications:
        return
    for backend in backends():
        try:
            backend.deliver(notifications)
        except Exception:
            logger.exception(
                "Notification backend %s failed for %d notices",
                backend.name or type(backend).__name__,
                len(notifications),
            )
