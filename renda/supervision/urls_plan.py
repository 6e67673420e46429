"""Pages of the plan area, under /supervision/ (namespace "supervision")."""

from django.urls import path

from .views import plan as views

urlpatterns: list = [
    path("topics/", views.topic_calls, name="topic_calls"),
    path("topics/<int:call_pk>/propose/", views.topic_propose, name="topic_propose"),
    path("topics/mine/", views.topic_my_proposals, name="topic_my_proposals"),
    path("topics/proposals/", views.topic_proposals, name="topic_proposals"),
    path(
        "topics/proposals/<int:pk>/",
        views.topic_proposal_detail,
        name="topic_proposal_detail",
    ),
    path(
        "topics/proposals/<int:pk>/adopt/",
        views.topic_proposal_adopt,
        name="topic_proposal_adopt",
    ),
    path(
        "topics/proposals/<int:pk>/merge/",
        views.topic_proposal_merge,
        name="topic_proposal_merge",
    ),
    path(
        "topics/proposals/<int:pk>/decline/",
        views.topic_proposal_decline,
        name="topic_proposal_decline",
    ),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/entries/new/", views.plan_entry_new, name="plan_entry_new"),
    path("plans/entries/<int:pk>/edit/", views.plan_entry_edit, name="plan_entry_edit"),
    path(
        "plans/entries/<int:pk>/remove/",
        views.plan_entry_remove,
        name="plan_entry_remove",
    ),
    path("plans/<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/adjust/", views.plan_adjust, name="plan_adjust"),
]
