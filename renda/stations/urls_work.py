"""Reception days and residents' requests: station staff, deputies, units."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
