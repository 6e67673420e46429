"""Pages of the duty app: training (namespace ``duty``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
