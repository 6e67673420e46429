"""Pages of deputies' duty performance (namespace ``duty``), one module per part."""

from . import urls_archive, urls_reports, urls_scores, urls_stories, urls_training

app_name = "duty"

urlpatterns = [
    *urls_archive.urlpatterns,
    *urls_scores.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_training.urlpatterns,
    *urls_stories.urlpatterns,
]
