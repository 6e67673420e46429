"""A backend for tests: remembers what it was handed."""

from renda.notifications.backends import NotificationBackend

DELIVERED: list[list] = []


class RecordingBackend(NotificationBackend):
    name = "recording"

    def deliver(self, notifications):
        DELIVERED.append(list(notifications))


class BrokenBackend(NotificationBackend):
    name = "broken"

    def deliver(self, notifications):
        raise RuntimeError("SMS gateway down")
