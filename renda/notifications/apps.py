from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "renda.notifications"
    label = "notifications"
    verbose_name = "消息通知"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
