"""Pages of the duty app: scores (namespace ``duty``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
