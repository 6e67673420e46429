from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "renda.stations"
    label = "stations"
    verbose_name = "代表联络站"

    def ready(self) -> None:
        # The suggestion page's "来自群众诉求" panel.
        from . import panels_work  # noqa: F401
