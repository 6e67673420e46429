"""Public pages of the publication area, under /open/ (namespace "open"), no log-in."""

from django.urls import path

from .views import publication

urlpatterns: list = [
    path("", publication.open_index, name="index"),
    path("supervision/", publication.open_items, name="supervision_list"),
    path("supervision/<int:pk>/", publication.open_item, name="supervision_detail"),
    path(
        "supervision/documents/<int:pk>/",
        publication.open_document,
        name="supervision_document",
    ),
]
