"""/supervision/ (staff, members, units, deputies) and /open/ (the public)."""

from . import (
    urls_filing,
    urls_followup,
    urls_items,
    urls_kinds,
    urls_open_filing,
    urls_open_plan,
    urls_open_publication,
    urls_plan,
    urls_publication,
    urls_stats,
)

app_name = "supervision"

urlpatterns = [
    *urls_items.urlpatterns,
    *urls_kinds.urlpatterns,
    *urls_plan.urlpatterns,
    *urls_followup.urlpatterns,
    *urls_filing.urlpatterns,
    *urls_stats.urlpatterns,
    *urls_publication.urlpatterns,
]

open_urlpatterns = [
    *urls_open_publication.urlpatterns,
    *urls_open_plan.urlpatterns,
    *urls_open_filing.urlpatterns,
]
