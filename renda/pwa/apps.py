from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "renda.pwa"
    label = "pwa"
    verbose_name = "手机安装与离线"
