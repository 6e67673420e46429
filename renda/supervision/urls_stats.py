"""Pages of the stats area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import stats

urlpatterns: list = [
    path("stats/", stats.stats, name="stats"),
    path("stats/export.xlsx", stats.stats_export, name="stats_export"),
    path("stats/summary.docx", stats.summary_download, name="stats_summary"),
]
