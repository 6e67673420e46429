from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = "代表建议"

    def ready(self) -> None:
        # 票决评议 shows each unit's handling figures (renda.meetings asks, this
        # app answers; meetings never imports suggestions).
        from renda.meetings.hooks import register_unit_figures

        from .meeting_figures import unit_figures

        register_unit_figures(unit_figures)
