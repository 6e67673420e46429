"""Pages of meetings: 任免与票决评议."""

from django.urls import path

from .views import personnel

urlpatterns: list = [
    path("<int:meeting_pk>/personnel/", personnel.personnel, name="personnel"),
    path(
        "<int:meeting_pk>/evaluations/new/",
        personnel.evaluation_new,
        name="evaluation_new",
    ),
    path("evaluations/<int:pk>/", personnel.evaluation, name="evaluation"),
    path(
        "evaluations/<int:pk>/results.xlsx",
        personnel.evaluation_xlsx_download,
        name="evaluation_xlsx",
    ),
    path("evaluations/mine/", personnel.unit_evaluations, name="unit_evaluations"),
]
