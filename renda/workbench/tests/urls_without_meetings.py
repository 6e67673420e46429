"""The site's URLs without the meetings' pages: their tiles and entries go."""

from config.urls import urlpatterns as site

urlpatterns = [p for p in site if getattr(p, "namespace", None) != "meetings"]
