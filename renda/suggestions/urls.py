"""The suggestion pages: one namespace, each area's patterns in its own module."""

from . import urls_deputy, urls_documents, urls_government, urls_staff, urls_unit

app_name = "suggestions"
urlpatterns = [
    *urls_deputy.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_unit.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_government.urlpatterns,
]
