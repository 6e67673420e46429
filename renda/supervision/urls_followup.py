"""Pages of the followup area, under /supervision/ (namespace "supervision")."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
