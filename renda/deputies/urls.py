from django.urls import path

from renda.core import views as core_views

app_name = "deputies"
# Replaced by the deputy pages (list, profile, composition, import, export).
urlpatterns = [
    path("", core_views.home, name="list"),
    path("composition/", core_views.home, name="composition"),
]
