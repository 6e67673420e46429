from django.urls import path

from . import views

# Mounted by config/urls.py in the "stations" namespace, with the reception
# pages of renda.receptions.urls.
urlpatterns = [
    path("", views.station_list_view, name="list"),
    path("<int:pk>/", views.station_detail, name="detail"),
]
