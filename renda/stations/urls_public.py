"""The public side of a station: its notice board, the QR form, receipt look-up."""

from django.urls import path  # noqa: F401

app_name = "public"
urlpatterns: list = []
