"""Public pages of the plan area, under /open/ (namespace "open"), no log-in."""

from django.urls import path

from .views import plan as views

urlpatterns: list = [
    path(
        "plans/<int:congress_id>/<int:year>/",
        views.public_plan,
        name="supervision_plan",
    ),
    path("topics/receipt/", views.public_topic_receipt, name="topic_receipt"),
    path("topics/<int:call_id>/", views.public_topic_form, name="topic_form"),
]
