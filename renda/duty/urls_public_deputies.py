"""Public pages (no log-in) of the duty app: published stories and public
deputy pages (namespace ``duty_public``, under /open/duty/)."""

from django.urls import path

from .views import public_deputies as views

urlpatterns: list = [
    path("stories/", views.public_story_list_view, name="stories"),
    path("stories/<int:pk>/", views.public_story_view, name="story"),
    path(
        "stories/photos/<int:pk>/",
        views.public_story_photo_view,
        name="story_photo",
    ),
    path("deputies/", views.public_deputy_list_view, name="deputies"),
    path("deputies/<int:pk>/", views.public_deputy_view, name="deputy"),
]
