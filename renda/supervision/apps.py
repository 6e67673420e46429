from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "renda.supervision"
    verbose_name = "监督工作"

    def ready(self) -> None:
        from renda.meetings.hooks import register_agenda_subjects, register_vote_closed

        from .agenda_subjects import agenda_subjects
        from .meeting_votes import on_vote_closed

        register_vote_closed(on_vote_closed)
        register_agenda_subjects(agenda_subjects)
