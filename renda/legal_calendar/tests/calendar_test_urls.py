"""Test-only urlconf: the calendar router on a throwaway API, beside the site's own
pages (the admin, and the named pages its error templates link to)."""

from django.urls import path
from ninja import NinjaAPI

import renda.legal_calendar.admin  # noqa: F401  (registers the calendar admins)
from config.urls import urlpatterns as site_urlpatterns
from renda.legal_calendar.api import router

api = NinjaAPI(urls_namespace="calendar_test")
api.add_router("/", router)

urlpatterns = [path("api/", api.urls), *site_urlpatterns]
