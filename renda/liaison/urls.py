"""双联 pages; the rules dashboard and statistics are in urls_dashboard."""

from . import urls_dashboard, urls_records

app_name = "liaison"
urlpatterns = [*urls_records.urlpatterns, *urls_dashboard.urlpatterns]
