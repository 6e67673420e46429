from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "renda.duty"
    label = "duty"
    verbose_name = "代表履职"
