"""Pages of meetings: 主任会议决定."""

from django.urls import path

from .views import decisions

urlpatterns: list = [
    path(
        "<int:meeting_pk>/decisions/",
        decisions.meeting_decisions,
        name="decisions",
    ),
]
