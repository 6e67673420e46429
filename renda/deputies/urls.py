from django.urls import path

from . import views

app_name = "deputies"
urlpatterns = [
    path("", views.deputy_list_view, name="list"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/reveal-phone/", views.deputy_reveal_phone, name="reveal_phone"),
    path("composition/", views.deputy_composition, name="composition"),
    path("export.xlsx", views.deputy_export, name="export"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
]
