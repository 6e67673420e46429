"""Status pushed by a partner system (/open311/v2/push/, namespace ``open311_push``):
a Renda extension beside the standard, authenticated by the partner's key."""

from django.urls import path

from . import views_push

app_name = "open311_push"

urlpatterns: list = [
    path("requests.json", views_push.push_status, name="status"),
]
