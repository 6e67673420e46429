"""URL patterns of the suggestion pages for: unit (joined in urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
