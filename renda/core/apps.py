from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from . import choices_display, lookups

        choices_display.install()
        lookups.install()
