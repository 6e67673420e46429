"""Pages of the plan area, under /supervision/ (namespace "supervision")."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
