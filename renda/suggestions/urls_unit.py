"""URL patterns of the suggestion pages for: unit (joined in urls.py)."""

from django.urls import path

from .views import unit as views

urlpatterns: list = [
    path("unit/", views.unit_inbox, name="unit_inbox"),
    path("unit/assignments/<int:pk>/reply/", views.unit_reply, name="unit_reply"),
    path("unit/assignments/<int:pk>/return/", views.unit_return, name="unit_return"),
    path(
        "unit/assignments/<int:pk>/extension/",
        views.unit_extension,
        name="unit_extension",
    ),
]
