"""Public pages (no log-in) of the duty app: deputies (namespace ``duty_public``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
