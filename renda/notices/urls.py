from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.read, name="read"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.create, name="create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("manage/<int:pk>/remind/", views.remind, name="remind"),
    path(
        "manage/attachments/<int:pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]
