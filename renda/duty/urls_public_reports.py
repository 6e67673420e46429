"""Public pages (no log-in) of the duty app: the voters' rating form of a report
(namespace ``duty_public``)."""

from django.urls import path

from .views import public_reports

urlpatterns: list = [
    path("rate/<str:token>/", public_reports.rate, name="rate"),
    path("rate/<str:token>/thanks/", public_reports.rate_thanks, name="rate_thanks"),
]
