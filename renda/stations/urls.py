from django.urls import path

from . import urls_work, views

app_name = "stations"
urlpatterns = [
    path("", views.station_list_view, name="list"),
    path("<int:pk>/", views.station_detail, name="detail"),
    *urls_work.urlpatterns,
]
