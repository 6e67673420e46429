"""Pages of the kinds area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import kinds as views

P = "items/<int:pk>/"

urlpatterns: list = [
    path(f"{P}kind/", views.panel, name="kind_panel"),
    path(f"{P}laws/", views.laws, name="kind_laws"),
    path(f"{P}methods/", views.methods, name="kind_methods"),
    path(
        f"{P}inspection-report/", views.inspection_report, name="kind_inspection_report"
    ),
    path(f"{P}questions/new/", views.question_new, name="kind_question_new"),
    path(
        f"{P}questions/<int:question_pk>/answer/",
        views.question_answer,
        name="kind_question_answer",
    ),
    path(
        f"{P}questions/<int:question_pk>/remove/",
        views.question_remove,
        name="kind_question_remove",
    ),
    path(
        f"{P}interpellation/lodge/",
        views.interpellation_lodge,
        name="kind_interpellation_lodge",
    ),
    path(
        f"{P}interpellation/decision/",
        views.interpellation_decide,
        name="kind_interpellation_decide",
    ),
    path(
        f"{P}interpellation/answer/",
        views.interpellation_answer,
        name="kind_interpellation_answer",
    ),
    path(
        f"{P}interpellation/satisfaction/",
        views.interpellation_satisfaction,
        name="kind_interpellation_satisfaction",
    ),
    path(
        f"{P}investigation/proposal/",
        views.investigation_propose,
        name="kind_investigation_propose",
    ),
    path(
        f"{P}investigation/exclusions/",
        views.investigation_exclusions,
        name="kind_investigation_exclusions",
    ),
    path(f"{P}resolution/", views.resolution, name="kind_resolution"),
    path(
        f"{P}resolution/execution/",
        views.resolution_execution,
        name="kind_resolution_execution",
    ),
]
