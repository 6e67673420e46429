"""Pages of the duty app: reports (namespace ``duty``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
