from django.urls import path

from . import views_dashboard

urlpatterns: list = [
    path("rules/", views_dashboard.dashboard, name="dashboard"),
    path("stats/", views_dashboard.stats, name="stats"),
    path("stats/export/", views_dashboard.stats_export, name="stats_export"),
]
