"""Pages of the items area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import items as views

urlpatterns: list = [
    path("", views.item_list_page, name="item_list"),
    path("items/new/", views.item_create_page, name="item_create"),
    path("themes/", views.theme_create_page, name="theme_create"),
    path("items/<int:pk>/", views.item_detail_page, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit_page, name="item_edit"),
    path("items/<int:pk>/start/", views.item_start_page, name="item_start"),
    path("items/<int:pk>/complete/", views.item_complete_page, name="item_complete"),
    path("items/<int:pk>/cancel/", views.item_cancel_page, name="item_cancel"),
    path("items/<int:pk>/close/", views.item_close_page, name="item_close"),
    path(
        "items/<int:pk>/deputy-options/",
        views.item_deputy_options,
        name="item_deputy_options",
    ),
    path("items/<int:pk>/participants/", views.item_invite_page, name="item_invite"),
    path(
        "items/<int:pk>/participants/<int:participant_pk>/attendance/",
        views.item_attendance_page,
        name="item_attendance",
    ),
    path(
        "items/<int:pk>/participants/<int:participant_pk>/remove/",
        views.item_participant_remove_page,
        name="item_participant_remove",
    ),
    path(
        "items/<int:pk>/groups/", views.item_group_create_page, name="item_group_create"
    ),
    path(
        "items/<int:pk>/visits/", views.item_visit_create_page, name="item_visit_create"
    ),
    path(
        "items/<int:pk>/documents/",
        views.item_document_add_page,
        name="item_document_add",
    ),
    path(
        "documents/<int:pk>/download/",
        views.item_document_download,
        name="item_document_download",
    ),
    path(
        "documents/<int:pk>/remove/",
        views.item_document_remove_page,
        name="item_document_remove",
    ),
    path(
        "items/<int:pk>/milestones/", views.item_milestone_page, name="item_milestone"
    ),
]
