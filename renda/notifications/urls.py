from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/read/", views.notification_read_view, name="mark_read"),
    path("read-all/", views.notification_read_all_view, name="mark_all_read"),
    path("settings/", views.notification_settings_view, name="settings"),
]
