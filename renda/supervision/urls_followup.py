"""Pages of the followup area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import followup as views

urlpatterns: list = [
    path("opinions/", views.opinions, name="opinions"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/<slug:verb>/", views.opinion_action, name="opinion_action"),
    path("points/<int:pk>/<slug:verb>/", views.point_action, name="point_action"),
    path(
        "handling-reports/<int:pk>/file/",
        views.handling_report_download,
        name="followup_report_file",
    ),
    path(
        "progress/<int:pk>/evidence/",
        views.progress_evidence_download,
        name="followup_evidence",
    ),
    path("unit/", views.unit_queue, name="followup_unit"),
    path("boards/", views.boards, name="followup_boards"),
    path("boards/items/<int:pk>/", views.item_board, name="followup_item_board"),
    path(
        "followup/items/<int:pk>/opinions/new/",
        views.opinion_new,
        name="followup_opinion_new",
    ),
    path(
        "followup/items/<int:pk>/tests/new/",
        views.item_test_new,
        name="followup_test_new",
    ),
    path(
        "followup/items/<int:pk>/follow-up/new/",
        views.follow_up_item_new,
        name="followup_item_new",
    ),
]
