from django.urls import path

from . import views

# Mounted by config/urls.py in the "stations" namespace, with one station's page
# (renda.deputies.station_urls) and the reception pages of renda.receptions.urls.
urlpatterns = [
    path("", views.station_list_view, name="list"),
    path("<int:pk>/edit/", views.station_edit, name="edit"),
]
