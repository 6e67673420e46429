"""Staff pages of the publication area, under /supervision/ (namespace "supervision").

Included by the integrator into ``supervision/urls.py`` beside the other areas.
"""

from django.urls import path

from .views import publication

urlpatterns: list = [
    path("items/<int:pk>/publication/", publication.item_publish, name="publication"),
    path(
        "publication/documents/<int:pk>/",
        publication.document_publish,
        name="publication_document",
    ),
    path(
        "publication/opinions/<int:pk>/",
        publication.opinion_publish,
        name="publication_opinion",
    ),
    path(
        "publication/handling-reports/<int:pk>/",
        publication.handling_report_publish,
        name="publication_handling_report",
    ),
    path(
        "publication/tests/<int:pk>/",
        publication.satisfaction_test_publish,
        name="publication_test",
    ),
]
