"""Pages of the duty app: stories and donations (namespace ``duty``)."""

from django.urls import path

from .views import stories as views

urlpatterns: list = [
    path("stories/", views.story_list_view, name="stories"),
    path("stories/new/", views.story_new_view, name="story_new"),
    path("stories/<int:pk>/", views.story_detail_view, name="story_detail"),
    path("stories/<int:pk>/edit/", views.story_edit_view, name="story_edit"),
    path("stories/<int:pk>/photos/", views.story_photo_view, name="story_photo"),
    path(
        "stories/photos/<int:pk>/",
        views.story_photo_file_view,
        name="story_photo_file",
    ),
    path(
        "stories/<int:pk>/photos/<int:photo_pk>/remove/",
        views.story_photo_remove_view,
        name="story_photo_remove",
    ),
    path("donations/", views.donation_list_view, name="donations"),
    path("donations/new/", views.donation_new_view, name="donation_new"),
    path("donations/<int:pk>/", views.donation_edit_view, name="donation_edit"),
    path("donations/import/", views.donations_import_view, name="donations_import"),
    path("donations.xlsx", views.donations_xlsx_view, name="donations_xlsx"),
]
