from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "renda.hotline"
    label = "hotline"
    verbose_name = "12345直通车"

    def ready(self) -> None:
        from renda.suggestions.hooks import register_assignment_hooks

        from . import panels
        from .services.outbound import ticket_cancel, ticket_open

        register_assignment_hooks(on_assigned=ticket_open, on_withdrawn=ticket_cancel)
        panels.register()
