"""Pages: items sent to the city's 12345 system (/hotline/tickets/)."""

urlpatterns: list = []
