from django.apps import AppConfig


class LegalCalendarConfig(AppConfig):
    name = "renda.legal_calendar"
    label = "legal_calendar"
    verbose_name = "法定期限日历"
