"""Test-only urlconf: the calendar router on a throwaway API, and the admin."""

from django.contrib import admin
from django.urls import path
from ninja import NinjaAPI

import renda.core.calendar_admin  # noqa: F401  (registers the calendar admins)
from renda.core.calendar_api import router

api = NinjaAPI(urls_namespace="calendar_test")
api.add_router("/", router)

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
