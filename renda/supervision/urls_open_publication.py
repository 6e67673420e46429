"""Public pages of the publication area, under /open/ (namespace "open"), no log-in."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
