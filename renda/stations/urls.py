from django.urls import path

from renda.core import views as core_views

app_name = "stations"
urlpatterns = [path("", core_views.home, name="list")]
