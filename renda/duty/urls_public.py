"""Public pages of the duty app under /open/duty/ (namespace ``duty_public``): the
voters' rating form of a report, public deputy pages and published stories."""

from . import urls_public_deputies, urls_public_reports

urlpatterns = [
    *urls_public_reports.urlpatterns,
    *urls_public_deputies.urlpatterns,
]
