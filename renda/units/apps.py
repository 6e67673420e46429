from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "renda.units"
    label = "units"
    verbose_name = "承办单位"
