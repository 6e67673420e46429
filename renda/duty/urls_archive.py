"""Pages of the duty app: archive (namespace ``duty``)."""

from django.urls import path

from .views import archive as views

urlpatterns: list = [
    path("me/", views.me, name="me"),
    path("archives/", views.archives, name="archives"),
    path("archives/xlsx/", views.archives_xlsx, name="archives_xlsx"),
    path("archives/<int:deputy_id>/", views.archive, name="archive"),
    path(
        "archives/<int:deputy_id>/docx/", views.archive_docx_view, name="archive_docx"
    ),
    path(
        "archives/<int:deputy_id>/xlsx/", views.archive_xlsx_view, name="archive_xlsx"
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("records/", views.records, name="records"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/<int:pk>/", views.record_detail_page, name="record_detail"),
    path("records/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
]
