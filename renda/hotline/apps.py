from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "renda.hotline"
    label = "hotline"
    verbose_name = "12345直通车"
