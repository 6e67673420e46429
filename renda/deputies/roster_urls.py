from django.urls import path

from . import roster_views

app_name = "roster"
urlpatterns = [
    path("", roster_views.upload, name="upload"),
    path("template/", roster_views.template_download, name="template"),
    path("<int:pk>/", roster_views.preview, name="preview"),
    path("<int:pk>/confirm/", roster_views.confirm, name="confirm"),
]
