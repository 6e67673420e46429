"""Pages of meetings and votes (namespace ``meetings``), one module per part."""

from . import urls_decisions, urls_meetings, urls_personnel, urls_votes

app_name = "meetings"

urlpatterns = [
    *urls_meetings.urlpatterns,
    *urls_votes.urlpatterns,
    *urls_personnel.urlpatterns,
    *urls_decisions.urlpatterns,
]
