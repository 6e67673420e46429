from django.urls import path

from . import congress_views as views

app_name = "congresses"
urlpatterns = [
    path("", views.congress_list, name="list"),
    path("<int:pk>/", views.congress_detail, name="detail"),
]
