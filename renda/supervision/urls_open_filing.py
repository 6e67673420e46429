"""Public pages of the filing area, under /open/ (namespace "open"), no log-in."""

from django.urls import path

from .views import filing as views

urlpatterns: list = [
    path("filings/", views.open_filings, name="filings"),
    path("filings/suggest/", views.open_suggest, name="filing_suggest"),
    path("filings/receipt/", views.open_receipt, name="filing_receipt"),
]
