from django.apps import AppConfig


class ReceptionsConfig(AppConfig):
    name = "renda.receptions"
    label = "receptions"
    verbose_name = "接待日与民意诉求"

    def ready(self) -> None:
        # The suggestion page's "来自群众诉求" panel.
        from . import panels  # noqa: F401
        from .services import drafts

        drafts.register()
        # Routed requests teach the text routing index (suggestions.text_routing).
        from renda.suggestions.text_routing import register_routing_source

        from .selectors.text_routing import request_docs

        register_routing_source(request_docs)
