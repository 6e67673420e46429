"""Pages of the duty app: stories (namespace ``duty``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
