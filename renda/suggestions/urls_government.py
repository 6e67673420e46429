"""URL patterns of the government's sign-off pages (joined in urls.py)."""

from django.urls import path

from .views import government as views

urlpatterns: list = [
    path("staff/government/", views.government_route, name="government_route"),
    path(
        "staff/<int:pk>/government/",
        views.send_to_government,
        name="staff_send_government",
    ),
    path(
        "unit/assignments/<int:pk>/government/",
        views.unit_coordinate,
        name="unit_coordinate",
    ),
]
