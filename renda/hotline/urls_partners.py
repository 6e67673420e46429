"""Pages: partner systems and their keys (/hotline/partners/)."""

urlpatterns: list = []
