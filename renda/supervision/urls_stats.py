"""Pages of the stats area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import stats

urlpatterns: list = [
    path("stats/", stats.stats, name="stats"),
    path("stats/export.xlsx", stats.stats_export, name="stats_export"),
    path("stats/summary.docx", stats.summary_download, name="stats_summary"),
]

# The staff's publish forms (publication area): supervision/urls.py lists no
# urls_publication module yet, so they ride here until the integrator adds it.
from . import urls_publication  # noqa: E402

urlpatterns += urls_publication.urlpatterns
