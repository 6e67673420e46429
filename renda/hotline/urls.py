"""Staff pages of the 12345 直通车 (namespace ``hotline``), one module per part."""

from . import urls_outbound, urls_partners

app_name = "hotline"

urlpatterns = [
    *urls_partners.urlpatterns,
    *urls_outbound.urlpatterns,
]
