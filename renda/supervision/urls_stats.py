"""Pages of the stats area, under /supervision/ (namespace "supervision")."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
