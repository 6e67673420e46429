"""Pages of the duty app: training and the 人大讲坛 (namespace ``duty``)."""

from django.urls import path

from .views import training as views

urlpatterns = [
    path("training/", views.training_list_page, name="trainings"),
    path("training/new/", views.training_new, name="training_new"),
    path("training/stats/", views.training_stats_page, name="training_stats"),
    path("training/stats.xlsx", views.training_stats_xlsx, name="training_stats_xlsx"),
    path("training/<int:pk>/", views.training_detail_page, name="training_detail"),
    path("training/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("training/<int:pk>/cancel/", views.training_cancel, name="training_cancel"),
    path("training/<int:pk>/hold/", views.training_hold, name="training_hold"),
    path("training/<int:pk>/enrol/", views.training_enrol, name="training_enrol"),
    path(
        "training/<int:pk>/attendance/",
        views.training_attendance,
        name="training_attendance",
    ),
    path("training/<int:pk>/door/", views.training_door, name="training_door"),
    path(
        "training/<int:pk>/checkin/<str:token>/",
        views.training_checkin,
        name="training_checkin",
    ),
    path(
        "training/<int:pk>/materials/",
        views.training_material_add,
        name="training_material_add",
    ),
    path(
        "training/material/<int:pk>/",
        views.training_material,
        name="training_material",
    ),
    path(
        "training/enrollment/<int:pk>/certificate.docx",
        views.training_certificate,
        name="training_certificate",
    ),
    path("me/training/", views.my_training, name="my_training"),
]
