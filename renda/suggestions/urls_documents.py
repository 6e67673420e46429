"""URL patterns of the suggestion pages for: documents (joined in urls.py)."""

from django.urls import path

from .views import documents as views_documents

urlpatterns: list = [
    path("documents/", views_documents.documents_view, name="documents"),
    path(
        "documents/assignment-letter/<int:assignment_pk>/",
        views_documents.assignment_letter_view,
        name="assignment_letter",
    ),
    path(
        "documents/voice-briefing/",
        views_documents.voice_briefing_view,
        name="voice_briefing",
    ),
]
