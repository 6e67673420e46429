"""Pages of the duty app: archive (namespace ``duty``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
