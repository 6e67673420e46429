from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "renda.workbench"
    label = "workbench"
    verbose_name = "工作台"
