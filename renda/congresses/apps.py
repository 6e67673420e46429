from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "renda.congresses"
    label = "congresses"
    verbose_name = "人大"
