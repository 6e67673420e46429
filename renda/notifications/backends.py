"""Delivery channels for notices: a small registry read from settings.

``RENDA_NOTIFICATION_BACKENDS`` lists dotted paths of backend classes. Each
backend gets the notices that ``notification_send`` has just created, after the
transaction commits (``transaction.on_commit``), so a rolled-back write never
sends anything. In-app delivery is the ``Notification`` row itself: the in-app
backend has nothing more to do. SMS and the 12345 hotline plug in as further
backends (docs/notifications.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.utils.module_loading import import_string

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
