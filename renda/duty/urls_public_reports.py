"""Public pages (no log-in) of the duty app: reports (namespace ``duty_public``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
